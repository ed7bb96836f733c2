"""Checks for chapter 12, "RMSProp": one function per exercise.

In the notebook::

    from mlp.checks import ch12 as check
    check.first_step(my_prediction, first_step_length)
    check.rmsprop_step(rmsprop_step)
    check.steps_to_recover(steps_to_recover)
    check.corrected_path(corrected_path)

Each check runs the student's answer on small cases built so that the mistakes the chapter warns about (epsilon
inside the root, the weights rho and 1 - rho swapped as between the two papers' gammas, the step taken with the
old average, no bias correction, a step counter that starts at 0, ...) give recognisably different answers,
and names the mistake it recognises.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ..optim import Adam, RMSProp
from ._core import CheckResult, as_array, as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["first_step", "rmsprop_step", "steps_to_recover", "corrected_path"]


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _call_quietly(function: Any, name: str, *args: Any) -> Any:
    """call(function, *args) on the *original* arrays (so in-place changes can be seen), without NumPy warnings.

    ``call`` passes copies of array arguments; wrapping the call in a function of no arguments hands the
    student's function our arrays themselves, which the caller compares with copies afterwards.
    """
    if not callable(function):
        return call(function)                       # lets call() say what is wrong with it

    def wrapper() -> Any:
        return function(*args)

    wrapper.__name__ = getattr(function, "__name__", name)
    with np.errstate(all="ignore"):
        return call(wrapper)


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: predict the first step
# ----------------------------------------------------------------------------------------------------------

_FIRST_LR, _FIRST_RHO, _FIRST_GRADIENT = 0.01, 0.99, 1000.0


def _true_first_step() -> float:
    w = np.array([0.0])
    RMSProp(lr=_FIRST_LR, alpha=_FIRST_RHO).step([w], [np.array([_FIRST_GRADIENT])])
    return abs(float(w[0]))


@exercise(hint="w = np.array([0.0]); RMSProp(lr=0.01).step([w], [np.array([1000.0])]); then abs(w[0])")
def first_step(my_prediction: Any, first_step_length: Any) -> Any:
    """Exercise "Predict the first step": a predicted length and the measured length of the first step."""
    truth = _true_first_step()
    measured = expect_value(as_number(first_step_length),
                            "`first_step_length` should be one number: how far the weight moved")
    if not close(measured, truth, 1e-4):
        expect(not close(measured, -truth, 1e-4), f"{measured:g} is the change in w, which is negative because "
                                                  "the step goes downhill; a length is positive: use abs(...)")
        expect(not close(measured, _FIRST_LR * _FIRST_GRADIENT), f"{measured:g} is plain SGD's step, lr · g; "
               "run one step of `RMSProp(lr=0.01)` and measure how far the weight moved")
        expect(not close(measured, _FIRST_LR), f"{measured:g} is the learning rate itself, the step RMSProp "
               "settles to after many steps (and AdaGrad's first step); measure RMSProp's first step")
        expect(not close(measured, _FIRST_LR / math.sqrt(1 - 0.9), 1e-3),
               f"{measured:g} is the first step for rho = 0.9; the exercise uses PyTorch's default rho = 0.99")
        return hint(f"the weight should move by {truth:.4g}, you measured {measured:g}; start from "
                    "w = np.array([0.0]), call RMSProp(lr=0.01).step([w], [np.array([1000.0])]) once, and "
                    "store abs(w[0])")
    guess = expect_value(as_number(my_prediction),
                         "set `my_prediction` to one number: the step length you expected before running")
    ratio = 1 / math.sqrt(1 - _FIRST_RHO)
    why = (f"v starts at 0, so after one step v = (1 - ρ)·g² and the step is lr·|g| / √((1 - ρ)·g²) "
           f"= lr / √(1 - ρ) = {ratio:.0f} × lr. The size of g cancels out: a gradient of 0.001 gives the "
           "same first step")
    if close(guess, truth, 0.05):
        return passed(f"you predicted {guess:g} and the step is {truth:.4g}. {why}.")
    if close(guess, _FIRST_LR * _FIRST_GRADIENT, 0.05):
        surprise = "You predicted SGD's step, lr · g = 10, a hundred times too long"
    elif close(guess, _FIRST_LR, 0.05):
        surprise = ("You predicted the learning rate, the step RMSProp settles to once its average has filled "
                    "up; the first step is ten times that")
    elif guess < truth:
        surprise = f"You predicted {guess:g}, shorter than the real step"
    else:
        surprise = f"You predicted {guess:g}, longer than the real step"
    return passed(f"you measured the step correctly: {truth:.4g}. {surprise}. Why: {why}.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: one step in NumPy
# ----------------------------------------------------------------------------------------------------------


def _step_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float, float, float, str]]:
    rng = np.random.default_rng(12)
    return [
        # the very first step (v = 0), with one gradient exactly 0
        (np.array([1.0, -2.0, 0.5]), np.array([0.3, -4.0, 0.0]), np.zeros(3), 0.01, 0.99, 1e-8, "a first step"),
        # a tiny gradient where the placement of eps matters, and rho = 0.9
        (np.array([0.5, 1.5]), np.array([1e-5, 2.0]), np.array([1e-9, 4.0]), 0.1, 0.9, 1e-6,
         "a weight with a tiny gradient"),
        # a matrix, a later step
        (rng.normal(size=(2, 3)), rng.normal(size=(2, 3)), rng.uniform(0.1, 2.0, size=(2, 3)), 0.05, 0.95, 1e-8,
         "a 2 x 3 weight matrix"),
    ]


def _reference_step(w: np.ndarray, g: np.ndarray, v: np.ndarray, lr: float, rho: float,
                    eps: float) -> tuple[np.ndarray, np.ndarray]:
    v_new = rho * v + (1 - rho) * g * g
    return w - lr * g / (np.sqrt(v_new) + eps), v_new


def _diagnose_step(w_got: np.ndarray, v_got: np.ndarray, case: tuple) -> CheckResult | None:
    """None if (w_got, v_got) is the right step for ``case``, else a hint naming the mistake."""
    w, g, v, lr, rho, eps, what = case
    w_new, v_new = _reference_step(w, g, v, lr, rho, eps)
    if close(v_got, v_new, 1e-9) and close(w_got, w_new, 1e-9):
        return None
    where = f"on {what}: "
    if close(w_got, v_new, 1e-9) and close(v_got, w_new, 1e-9):
        return hint(where + "you returned (v_new, w_new); return the pair in the order (w_new, v_new)")
    if not close(v_got, v_new, 1e-9):
        if close(v_got, (1 - rho) * v + rho * g * g, 1e-9):
            return hint(where + "your average gives the weight rho to the new squared gradient and 1 - rho to the "
                        "old average; it is `v_new = rho * v + (1 - rho) * g**2` (Kang's gamma is 1 - rho)")
        if close(v_got, rho * v + (1 - rho) * g, 1e-9):
            return hint(where + "square the gradient: `v_new = rho * v + (1 - rho) * g**2`")
        if close(v_got, v + g * g, 1e-9):
            return hint(where + "`v + g**2` is AdaGrad's sum; RMSProp keeps an average, `rho * v + (1 - rho) * g**2`")
        if close(v_got, v, 1e-9):
            return hint(where + "you returned v unchanged; return the updated average v_new")
        return hint(where + f"v_new should be {np.round(v_new, 10).tolist()}, yours is {np.round(v_got, 10).tolist()}")
    if close(w_got, w - lr * g / np.sqrt(v_new + eps), 1e-9):
        return hint(where + "you put eps inside the root, as the papers and TensorFlow do; PyTorch's form (and "
                    "mlp's) divides by `np.sqrt(v_new) + eps`")
    with np.errstate(all="ignore"):
        old_v = w - lr * g / (np.sqrt(v) + eps)
        no_root = w - lr * g / (v_new + eps)
        no_eps = w - lr * g / np.sqrt(v_new)
    if close(w_got, old_v, 1e-9):
        return hint(where + "your step divides by the old average; update v first, then step with `np.sqrt(v_new)`")
    if close(w_got, no_root, 1e-9):
        return hint(where + "divide by the square root of v_new (the RMS), not by v_new itself")
    if close(w_got, w + lr * g / (np.sqrt(v_new) + eps), 1e-9):
        return hint(where + "your step goes uphill: `w_new = w - lr * g / (np.sqrt(v_new) + eps)`")
    if not np.all(np.isfinite(w_got)) or close(w_got, no_eps, 1e-9):
        return hint(where + "a gradient of 0 with v = 0 gives 0 / 0: add eps to the root, `np.sqrt(v_new) + eps`")
    if close(w_got, w - g / (np.sqrt(v_new) + eps), 1e-9):
        return hint(where + "multiply the step by the learning rate lr")
    return hint(where + f"w_new should be {np.round(w_new, 8).tolist()}, yours is {np.round(w_got, 8).tolist()}")


@exercise(hint="`v_new = rho * v + (1 - rho) * g**2`; `w_new = w - lr * g / (np.sqrt(v_new) + eps)`; "
               "`return w_new, v_new`")
def rmsprop_step(rmsprop_step_fn: Any) -> Any:
    """Exercise "One step of RMSProp in NumPy": ``rmsprop_step(w, g, v, lr, rho, eps)`` -> (w_new, v_new)."""
    for case in _step_cases():
        w, g, v, lr, rho, eps, what = case
        originals = (w.copy(), g.copy(), v.copy())
        result = _call_quietly(rmsprop_step_fn, "rmsprop_step", w, g, v, lr, rho, eps)
        expect(isinstance(result, (tuple, list)) and len(result) == 2,
               "`rmsprop_step` should return a pair: `return w_new, v_new`")
        w_got, v_got = as_array(result[0]), as_array(result[1])
        not_arrays = "both w_new and v_new should be arrays of numbers"
        w_got, v_got = expect_value(w_got, not_arrays), expect_value(v_got, not_arrays)
        for name, before, after in zip(("w", "g", "v"), originals, (w, g, v)):
            expect(np.array_equal(before, after), f"your function changed `{name}` in place; compute new arrays "
                                                  "(v_new = rho * v + ..., w_new = w - ...) and leave the inputs alone")
        expect(w_got.shape == w.shape and v_got.shape == v.shape,
               f"on {what}: w_new and v_new should have the shape of w, {w.shape}; yours have {w_got.shape} and "
               f"{v_got.shape}")
        mistake = _diagnose_step(w_got, v_got, case)
        if mistake is not None:
            return mistake
    # three steps on the elongated bowl, against the library
    w_mine, v_mine = np.array([-7.0, 2.0]), np.zeros(2)
    w_lib = w_mine.copy()
    library = RMSProp(lr=0.1)
    for _ in range(3):
        g = np.array([w_mine[0] / 10.0, 2.0 * w_mine[1]])
        w_mine, v_mine = (np.asarray(a, dtype=np.float64) for a in
                          _call_quietly(rmsprop_step_fn, "rmsprop_step", w_mine, g, v_mine, 0.1, 0.99, 1e-8))
        library.step([w_lib], [np.array([w_lib[0] / 10.0, 2.0 * w_lib[1]])])
    expect(close(w_mine, w_lib, 1e-9), "your single steps are right, but three steps in a row on the bowl differ "
                                       "from mlp.optim.RMSProp; does your function keep any state between calls?")
    return passed(f"your step matches PyTorch's RMSProp; three steps on the bowl from (-7, 2) end at "
                  f"({w_mine[0]:.4f}, {w_mine[1]:.4f}), exactly where mlp.optim.RMSProp(lr=0.1) ends")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: how long it takes to forget
# ----------------------------------------------------------------------------------------------------------

_RECOVER_CASES = ((0.99, 10.0), (0.9, 10.0), (0.9, 100.0), (0.5, 3.0), (0.999, 4.0))


def _recover(rho: float, drop: float, threshold: float = 0.5, limit: int = 10**6) -> int:
    """The first step k after the drop whose step / lr >= threshold (v starts at 1, eps = 1e-8).

    Raises ValueError if that takes more than ``limit`` steps (it never does for the exercise's cases).
    """
    g, v = 1.0 / drop, 1.0
    for k in range(1, limit + 1):
        v = rho * v + (1 - rho) * g * g
        if g / (math.sqrt(v) + 1e-8) >= threshold:
            return k
    raise ValueError(f"with rho = {rho} and drop = {drop} the step stays below {threshold} lr for {limit} steps")


@exercise(hint="start from v = 1 and g = 1 / drop; repeat `v = rho * v + (1 - rho) * g**2` and count the "
               "steps until `g / (np.sqrt(v) + 1e-8) >= 0.5`")
def steps_to_recover(steps_to_recover_fn: Any) -> Any:
    """Exercise "How long does it take to forget?": ``steps_to_recover(rho, drop)`` -> number of steps."""
    for rho, drop in _RECOVER_CASES:
        truth = _recover(rho, drop)
        got = as_number(_call_quietly(steps_to_recover_fn, "steps_to_recover", rho, drop))
        where = f"for rho = {rho:g} and drop = {drop:g}"
        got = expect_value(got, f"{where} your function should return one number, a count of steps")
        if close(got, truth, 0.0):
            continue
        expect(not close(got, 1 / (1 - rho), 1e-6),
               f"{where} you returned the time constant 1 / (1 - rho) = {1 / (1 - rho):g}; forgetting a large "
               "drop takes longer: count the steps until the step is back to lr / 2")
        expect(float(got).is_integer() or abs(got - truth) >= 1,
               f"{where} you returned {got:g}, not a whole number of steps; round up (math.ceil): the answer is "
               "the first whole k whose step reaches lr / 2")
        expect(not close(got, truth - 1, 0.0), f"{where} you returned {got:g}, one too few: the first step after "
                                               "the change is step 1, and you want the first k whose step is "
                                               "already >= lr / 2")
        expect(not close(got, truth + 1, 0.0), f"{where} you returned {got:g}, one too many: return the first k "
                                               "whose step is >= lr / 2, not the step after it")
        expect(not (close(got, 1, 0.0) and truth > 1),
               f"{where} you returned 1, as if the very first step were already long enough; after the change "
               "the gradient is g = 1 / drop while v starts at 1 (the settled average of the old gradients), so "
               "the first steps are short")
        return hint(f"{where} the answer is {truth} steps, yours is {got:g}; after the change the gradient is "
                    "1 / drop, v starts at 1, and step k's length / lr is g / (√v_k + 1e-8)")
    k = _recover(0.99, 10.0)
    return passed(f"for rho = 0.99 and a tenfold drop RMSProp needs {k} steps, {k / 100:.1f} times its time "
                  "constant 1 / (1 - rho) = 100: the old squares (1) must fade until they are small next to the "
                  "new ones (0.01), which takes ln(1/0.03) / ln(1/rho) steps, not one time constant")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: bias-corrected RMSProp
# ----------------------------------------------------------------------------------------------------------


def _bowl_grad(w: np.ndarray) -> np.ndarray:
    return np.array([w[0] / 10.0, 2.0 * w[1]])


def _parabola_grad(w: np.ndarray) -> np.ndarray:
    return 2.0 * (w - 3.0)


_PATH_CASES: list[tuple[Callable[[np.ndarray], np.ndarray], list[float], float, float, float, int, str]] = [
    (_bowl_grad, [-7.0, 2.0], 0.1, 0.99, 1e-8, 20, "the elongated bowl x²/20 + y²"),
    (_parabola_grad, [0.0], 0.5, 0.9, 1e-8, 10, "the parabola (w - 3)²"),
]


def _variant_path(grad: Callable, w0: list[float], lr: float, rho: float, eps: float, n_steps: int,
                  variant: str = "corrected") -> np.ndarray:
    """The right path ("corrected") or a likely mistake's path."""
    w = np.array(w0, dtype=np.float64)
    v = np.zeros_like(w)
    points = [w.copy()]
    with np.errstate(all="ignore"):
        for t in range(1, n_steps + 1):
            g = grad(w)
            v = rho * v + (1 - rho) * g * g
            if variant == "plain":
                root = np.sqrt(v)
            elif variant == "t_plus_one":
                root = np.sqrt(v / (1 - rho ** (t + 1)))
            elif variant == "t_from_zero":
                root = np.sqrt(v / (1 - rho ** (t - 1)))
            elif variant == "root_corrected":
                root = np.sqrt(v) / (1 - rho**t)
            elif variant == "multiplied":
                root = np.sqrt(v * (1 - rho**t))
            else:
                root = np.sqrt(v / (1 - rho**t))
            w = w - lr * g / (root + eps)
            points.append(w.copy())
    return np.array(points)


def _adam_path(grad: Callable, w0: list[float], lr: float, rho: float, eps: float, n_steps: int) -> np.ndarray:
    """The same path from the library: Adam with beta1 = 0 is bias-corrected RMSProp."""
    optimizer = Adam(lr=lr, betas=(0.0, rho), eps=eps)
    w = np.array(w0, dtype=np.float64)
    points = [w.copy()]
    for _ in range(n_steps):
        optimizer.step([w], [grad(w)])
        points.append(w.copy())
    return np.array(points)


@exercise(hint="for t in 1..n_steps: g = grad(w); v = rho*v + (1-rho)*g**2; v_hat = v / (1 - rho**t); "
               "w = w - lr * g / (np.sqrt(v_hat) + eps); keep every w (the start too)")
def corrected_path(corrected_path_fn: Any) -> Any:
    """Exercise "Bias-corrected RMSProp": ``corrected_path(grad, w0, lr, rho, eps, n_steps)`` -> points."""
    for grad, w0, lr, rho, eps, n_steps, what in _PATH_CASES:
        got = expect_value(as_array(_call_quietly(corrected_path_fn, "corrected_path", grad, np.array(w0), lr, rho,
                                                  eps, n_steps)),
                           "`corrected_path` should return an array of points")
        expected = _variant_path(grad, w0, lr, rho, eps, n_steps)
        where = f"on {what}: "
        if got.shape == expected.shape and close(got, expected, 1e-8):
            continue
        if got.shape == (n_steps, len(w0)) and close(got, expected[1:], 1e-8):
            return hint(where + f"your path has {n_steps} points; include the start w0 as the first row "
                        f"({n_steps + 1} rows in all)")
        expect(got.shape == expected.shape, where + f"the path should have shape {expected.shape} "
                                                    f"(n_steps + 1 points of {len(w0)} numbers), yours has {got.shape}")
        expect(not (len(got) > 1 and np.allclose(got, got[-1])),
               where + "every row of your path is the same point: append a copy of w (w.copy()), or build a new "
                       "array each step with w = w - ...")
        expect(np.all(np.isfinite(got)), where + "your path contains NaN or inf: at t = 0 the correction "
                                                 "1 - rho**0 is 0; count the steps from t = 1")
        for variant, message in (
            ("plain", "that is plain RMSProp's path: divide v by (1 - rho**t) before taking the root"),
            ("t_plus_one", "your correction uses 1 - rho**(t + 1); the first step is t = 1, so it is 1 - rho**1"),
            ("t_from_zero", "your correction is one step late; at the first step use t = 1"),
            ("root_corrected",
             "you divided `np.sqrt(v)` by `(1 - rho**t)`; correct v itself: `np.sqrt(v / (1 - rho**t))`"),
            ("multiplied", "you multiplied v by (1 - rho**t); divide by it: v_hat = v / (1 - rho**t)"),
        ):
            if close(got, _variant_path(grad, w0, lr, rho, eps, n_steps, variant), 1e-8):
                return hint(where + message)
        return hint(where + f"the first points should be {np.round(expected[:3], 5).tolist()}, yours are "
                    f"{np.round(got[:3], 5).tolist()}")
    grad, w0, lr, rho, eps, n_steps, _ = _PATH_CASES[0]
    mine = expect_value(as_array(_call_quietly(corrected_path_fn, "corrected_path", grad, np.array(w0), lr, rho, eps,
                                               n_steps)),
                        "`corrected_path` should return an array of points")
    plain = _variant_path(grad, w0, lr, rho, eps, n_steps, "plain")
    same_as_adam = close(mine, _adam_path(grad, w0, lr, rho, eps, n_steps), 1e-8)
    first_mine = np.abs(mine[1] - mine[0])
    first_plain = np.abs(plain[1] - plain[0])
    return passed(f"on the bowl from (-7, 2) with lr 0.1 your first step moves each coordinate by "
                  f"{first_mine[0]:.4g} (= lr); plain RMSProp's moves them by {first_plain[0]:.4g} (= 10 lr). "
                  + ("Your path is exactly mlp.optim.Adam(betas=(0, 0.99))'s: bias-corrected RMSProp is Adam "
                     "without its momentum, chapter 14." if same_as_adam else ""))
