"""Checks for chapter 13, "Adadelta": one function per exercise.

In the notebook::

    from mlp.checks import ch13 as check
    check.seed002_settings(rhos, windows)
    check.tf_learning_rate(my_prediction, distance_torch, distance_tf)
    check.adadelta_steps(adadelta_steps)
    check.settling(final_distance, largest_settling_lr)

The truth is always recomputed with :class:`mlp.optim.Adadelta` (PyTorch's ``torch.optim.Adadelta``), and the
likely mistakes (seed 002's gamma read as rho, the window as 1 / gamma, the step's sign, the numerator that
never leaves zero, the path length instead of the distance, TF's defaults instead of PyTorch's, ...) are
recomputed too, so a wrong answer is named, not just rejected.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..optim import Adadelta
from ..surfaces import descend, elongated_bowl
from ._core import as_number, call, close, exercise, expect, expect_shape, expect_value, hint, passed

__all__ = ["seed002_settings", "tf_learning_rate", "adadelta_steps", "settling"]

#: Seed 002's three weights of the newest term (its Fig. 6).
GAMMAS = (0.5, 0.3, 0.1)

#: The learning rates of the last exercise and its settings: f(w) = curvature * w^2 / 2 from w = 1.
LR_GRID = (0.1, 0.15, 0.19, 0.21, 0.25, 0.5, 1.0)
SETTLE_CURVATURE = 10.0
SETTLE_STEPS = 2000
SETTLE_TOLERANCE = 1e-4


def _numbers(value: Any, length: int, name: str) -> np.ndarray:
    """The student's ``length`` numbers as float64, or stop the check with a hint naming ``name``."""
    array = expect_shape(value, (length,), name)
    expect(np.issubdtype(array.dtype, np.number) and not np.issubdtype(array.dtype, np.complexfloating),
           f"`{name}` should hold {length} numbers, got {array!r}")
    array = array.astype(np.float64)
    expect(np.all(np.isfinite(array)), f"`{name}` holds NaN or infinity")
    return array


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: seed 002's gamma in PyTorch's terms
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="rho = 1 - gamma and n = 2 / gamma - 1, elementwise over gammas = np.array([0.5, 0.3, 0.1])")
def seed002_settings(rhos: Any, windows: Any) -> Any:
    """Exercise "Seed 002's gamma in PyTorch's terms": rho and the window n for gamma = 0.5, 0.3, 0.1."""
    gammas = np.array(GAMMAS)
    got_rho = _numbers(rhos, 3, "rhos")
    got_n = _numbers(windows, 3, "windows")
    want_rho, want_n = 1.0 - gammas, 2.0 / gammas - 1.0
    if not close(got_rho, want_rho):
        expect(not close(got_rho, gammas), "`rhos` holds the gammas themselves. Seed 002 weights the *newest* "
                                           "squared gradient by gamma; PyTorch's rho weights the *old* average, "
                                           "so rho = 1 - gamma")
        expect(not close(got_rho, want_rho[::-1]), "`rhos` is in reverse order; keep the order of gammas "
                                                   "(0.5, 0.3, 0.1)")
        return hint(f"`rhos` should be 1 - gamma for gamma = {list(GAMMAS)}, got {np.round(got_rho, 4).tolist()}")
    if not close(got_n, want_n):
        expect(not close(got_n, 1.0 / gammas), "`windows` is 1 / gamma; seed 002's eq. 13 is gamma = 2 / (n + 1), "
                                               "so n = 2 / gamma - 1")
        expect(not close(got_n, 2.0 / gammas + 1.0), "`windows` is 2 / gamma + 1; solve gamma = 2 / (n + 1) for "
                                                     "n again: n + 1 = 2 / gamma, so n = 2 / gamma - 1")
        expect(not close(got_n, 2.0 / want_rho - 1.0), "`windows` was computed from rho; the formula uses "
                                                       "gamma = 1 - rho: n = 2 / gamma - 1")
        expect(not close(got_n, np.round(want_n)), "`windows` looks rounded; n = 2 / 0.3 - 1 = 5.67 is not a "
                                                   "whole number (the window is an equivalent size, not a count "
                                                   "of stored values), so keep the fraction")
        return hint(f"`windows` should be 2 / gamma - 1 for gamma = {list(GAMMAS)}, got "
                    f"{np.round(got_n, 4).tolist()}")
    built = [Adadelta.from_gamma(g) for g in GAMMAS]
    agree = all(close(o.rho, r) and close(o.window, n) for o, r, n in zip(built, want_rho, want_n))
    pairs = ", ".join(f"gamma {g:g} -> rho {r:g}, n = {n:.3g}" for g, r, n in zip(GAMMAS, want_rho, want_n))
    library = "Adadelta.from_gamma gives the same rho and window" if agree else "(from_gamma disagrees!)"
    return passed(f"{pairs}. {library}. So seed 002's gamma = 0.1 is PyTorch's default rho = 0.9, an average over "
                  "about 19 recent steps; gamma = 0.5 remembers only about 3.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: predict what lr = 0.001 does
# ----------------------------------------------------------------------------------------------------------


def _bowl_path(lr: float, rho: float = 0.9, eps: float = 1e-6, steps: int = 200) -> np.ndarray:
    return descend(Adadelta(lr=lr, rho=rho, eps=eps), elongated_bowl, steps=steps)


def _distance(path: np.ndarray) -> float:
    return float(np.linalg.norm(path[-1] - path[0]))


def _path_length(path: np.ndarray) -> float:
    return float(np.sum(np.linalg.norm(np.diff(path, axis=0), axis=1)))


#: (lr, rho, eps) of the two runs compared in exercise 2.
TORCH_DEFAULTS = (1.0, 0.9, 1e-6)
TF_DEFAULTS = (0.001, 0.95, 1e-8)
_OPTIONS = {"10 times shorter": 10.0, "1000 times shorter": 1000.0, "10000 times shorter": 10000.0}


def _reading(my_prediction: Any) -> str | None:
    """The option the student chose ("10000 times shorter", "10 000", "1e4", "ten thousand" all count)."""
    if not isinstance(my_prediction, str):
        return None
    text = my_prediction.strip().lower()
    for word, digits in (("ten thousand", "10000"), ("thousand", "1000"), ("ten", "10"), ("1e4", "10000"),
                         ("1e3", "1000")):
        text = text.replace(word, digits)
    text = text.replace(",", "").replace(" ", "").replace("_", "")
    for digits, option in (("10000", "10000 times shorter"), ("1000", "1000 times shorter"),
                           ("10", "10 times shorter")):
        if digits in text:
            return option
    return None


def _diagnose_distance(got: float, settings: tuple[float, float, float], name: str) -> None:
    """Stop with a hint unless ``got`` is the distance travelled with ``settings``, naming the mistake."""
    lr, rho, eps = settings
    path = _bowl_path(lr, rho, eps)
    if close(got, _distance(path), 1e-4):
        return
    expect(not close(got, _path_length(path), 1e-4),
           f"`{name}` = {got:.4g} is the length of the whole path (the sum of all step lengths); the exercise asks "
           "for the straight-line distance from the start to the end point, np.linalg.norm(path[-1] - path[0])")
    if settings == TF_DEFAULTS:
        expect(not close(got, _distance(_bowl_path(lr)), 1e-4),
               f"`{name}` = {got:.4g} is lr = 0.001 with PyTorch's rho and eps; TensorFlow's defaults also differ "
               "there: Adadelta(lr=0.001, rho=0.95, eps=1e-8)")
    for steps in (100, 199, 201, 1000):
        expect(not close(got, _distance(_bowl_path(lr, rho, eps, steps=steps)), 1e-4),
               f"`{name}` = {got:.4g} is the distance after {steps} steps; use steps=200")
    expect(False, f"`{name}` = {got:.4g}, but 200 steps of Adadelta(lr={lr:g}, rho={rho:g}, eps={eps:g}) on the "
                  f"elongated bowl from its start move {_distance(path):.4g}")


@exercise(hint='set my_prediction to "10 times shorter", "1000 times shorter" or "10000 times shorter"; then '
               'path = descend(Adadelta(lr=..., rho=..., eps=...), elongated_bowl, steps=200) and '
               'np.linalg.norm(path[-1] - path[0])')
def tf_learning_rate(my_prediction: Any, distance_torch: Any, distance_tf: Any) -> Any:
    """Exercise "Predict: Adadelta as seed 003 ran it": the prediction and the two distances travelled."""
    said = expect_value(_reading(my_prediction), 'set `my_prediction` to "10 times shorter", "1000 times shorter" '
                                                 f'or "10000 times shorter", got {my_prediction!r}')
    d_torch, d_tf = as_number(distance_torch), as_number(distance_tf)
    d_torch = expect_value(d_torch, "`distance_torch` should be one number, the distance travelled with PyTorch's "
                                    "defaults")
    d_tf = expect_value(d_tf, "`distance_tf` should be one number, the distance travelled with TensorFlow's defaults")
    true_torch = _distance(_bowl_path(*TORCH_DEFAULTS))
    true_tf = _distance(_bowl_path(*TF_DEFAULTS))
    expect(not (close(d_torch, true_tf, 1e-4) and close(d_tf, true_torch, 1e-4)),
           "the two distances are swapped: `distance_torch` is the run with PyTorch's defaults (the longer one)")
    _diagnose_distance(d_torch, TORCH_DEFAULTS, "distance_torch")
    _diagnose_distance(d_tf, TF_DEFAULTS, "distance_tf")
    ratio = true_torch / true_tf
    lr_only = true_torch / _distance(_bowl_path(0.001))
    actual = min(_OPTIONS, key=lambda option: abs(math.log(ratio / _OPTIONS[option])))
    first_ratio = math.sqrt(1e-6 / 0.1) / (0.001 * math.sqrt(1e-8 / 0.05))
    story = (f"PyTorch's defaults move {true_torch:.4f}, TensorFlow's {true_tf:.2e}: {ratio:.0f} times shorter, "
             f"closest to {actual!r}. The learning rate alone gives a factor of about 1000 ({lr_only:.0f} with "
             f"PyTorch's rho and eps); eps = 1e-8 instead of 1e-6 shrinks the first steps by another √100 = 10, "
             f"and rho = 0.95 instead of 0.9 gives back a factor √2: lr · √(ε / (1 - ρ)) predicts "
             f"{first_ratio:.0f} for the first step.")
    if said == actual:
        return passed(f"{story} You predicted {said!r}: right.")
    return passed(f"{story} You predicted {said!r}. The learning rate is the obvious difference, but Adadelta's "
                  "hidden step size is √(ε / (1 - ρ)), so a smaller eps is a smaller step too.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: Adadelta's steps for one number, by hand
# ----------------------------------------------------------------------------------------------------------


def _steps(grads: np.ndarray, rho: float, eps: float, variant: str = "right") -> np.ndarray:
    """The changes Delta x_t that Adadelta (or one of the usual mistakes, by name) makes for these gradients."""
    v = u = 0.0
    changes = []
    for g in grads:
        g = float(g)
        old_v = v
        if variant == "gamma_swapped":  # seed 002's gamma read as rho: the new term weighted by rho
            v = (1 - rho) * v + rho * g * g
        elif variant == "no_one_minus_rho":
            v = rho * v + g * g
        else:
            v = rho * v + (1 - rho) * g * g
        denominator_v = old_v if variant == "old_v" else v
        if variant == "eps_outside":
            d = (math.sqrt(u) + eps) / (math.sqrt(denominator_v) + eps) * g
        elif variant == "no_eps_numerator":
            d = math.sqrt(u) / math.sqrt(denominator_v + eps) * g
        else:
            d = math.sqrt(u + eps) / math.sqrt(denominator_v + eps) * g
        if variant == "gamma_swapped":
            u = (1 - rho) * u + rho * d * d
        elif variant == "no_one_minus_rho":
            u = rho * u + d * d
        elif variant == "u_of_grads":
            u = rho * u + (1 - rho) * g * g
        else:
            u = rho * u + (1 - rho) * d * d
        changes.append(-d)
    return np.array(changes)


def _library_steps(grads: np.ndarray, rho: float, eps: float) -> np.ndarray:
    """The same changes, made by mlp.optim.Adadelta on one float64 parameter (the authority)."""
    optimizer = Adadelta(rho=rho, eps=eps)
    w = np.zeros(1)
    changes = []
    for g in grads:
        before = float(w[0])
        optimizer.step([w], [np.array([g], dtype=np.float64)])
        changes.append(float(w[0]) - before)
    return np.array(changes)


_MISTAKES = {
    "gamma_swapped": "you weight the newest term by rho; in PyTorch's (and Zeiler's) form rho keeps the *old* "
                     "average: E ← ρ·E + (1 - ρ)·new. (Seed 002's gamma is 1 - rho.)",
    "no_one_minus_rho": "both averages miss the factor (1 - rho) on the new term, so they are sums that grow, "
                        "not averages: E ← ρ·E + (1 - ρ)·new",
    "old_v": "the denominator uses E[g²] from *before* this step's gradient was added; update E[g²] first, "
             "then divide (only the numerator lags one step behind)",
    "eps_outside": "eps sits outside the roots; in Adadelta it is inside both: √(E[dx²] + ε) / "
                   "√(E[g²] + ε)",
    "u_of_grads": "your second buffer averages squared *gradients*; it must average the squared *steps* dx² you "
                  "just computed",
}


@exercise(hint="keep `v = u = 0`; for each g: `v = rho*v + (1-rho)*g*g`; `d = sqrt(u+eps)/sqrt(v+eps)*g`; "
               "`u = rho*u + (1-rho)*d*d`; record `-d`")
def adadelta_steps(adadelta_steps_fn: Any) -> Any:
    """Exercise "Adadelta's steps by hand": ``adadelta_steps(grads, rho=0.9, eps=1e-6)`` -> the changes dx_t."""
    rng = np.random.default_rng(13)
    cases = [
        (np.array([4.0, 3.0, -2.0, 0.5, 0.0, 1e-3, 10.0]), 0.9, 1e-6, "grads = [4, 3, -2, 0.5, 0, 0.001, 10]"),
        (rng.normal(0.0, 2.0, size=30), 0.9, 1e-6, "30 random gradients"),
        (np.array([1.0, 1.0, 1.0, -1.0, 2.0]), 0.5, 1e-2, "grads = [1, 1, 1, -1, 2] with rho = 0.5, eps = 0.01"),
    ]
    for grads, rho, eps, what in cases:
        value = call(adadelta_steps_fn, grads.copy(), rho=rho, eps=eps)
        if isinstance(value, (str, bytes)):
            return hint(f"`adadelta_steps` should return an array of numbers, got {value!r}")
        try:
            got = np.asarray(value, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            return hint(f"`adadelta_steps` should return an array of numbers, got {type(value).__name__}")
        expected = _library_steps(grads, rho, eps)
        expect(got.shape == expected.shape,
               f"for {what} return one change per gradient ({len(grads)} numbers), got {got.size}")
        if close(got, expected, 1e-6):
            continue
        expect(not close(got, -expected, 1e-6),
               f"for {what} every sign is flipped: you return d, the amount subtracted; return the change "
               "dx = -d (the parameter moves against the gradient)")
        expect(not np.allclose(got, 0.0),
               f"for {what} every change is 0: with E[dx²] starting at 0 the numerator needs its eps, "
               "√(E[dx²] + ε), or Adadelta never takes a first step")
        expect(not close(got, _steps(grads, rho, eps, "no_eps_numerator"), 1e-6),
               f"for {what}: the numerator needs eps too, √(E[dx²] + ε)")
        for variant, message in _MISTAKES.items():
            expect(not close(got, _steps(grads, rho, eps, variant), 1e-6), f"for {what}: {message}")
        if rho != 0.9:
            expect(not close(got, _library_steps(grads, 0.9, 1e-6), 1e-6),
                   f"for {what} you ignored the arguments: use the rho and eps passed in, not 0.9 and 1e-6")
        first_bad = int(np.argmax(~np.isclose(got, expected, rtol=1e-6, atol=1e-12)))
        return hint(f"for {what} step {first_bad + 1} is {got[first_bad]:.6g} but should be "
                    f"{expected[first_bad]:.6g}; check the order: v first, then d (with the *old* u), then u")
    first = _library_steps(np.array([4.0]), 0.9, 1e-6)[0]
    return passed(f"your steps match torch.optim.Adadelta's (via mlp) on all three cases. The first change for "
                  f"g = 4 is {first:.6f}, about -√(ε / (1 - ρ)) = {-math.sqrt(1e-6 / 0.1):.6f}: the first "
                  "step's size does not depend on the gradient at all")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: when does Adadelta settle?
# ----------------------------------------------------------------------------------------------------------


def _final_distance(lr: float, curvature: float = SETTLE_CURVATURE, steps: int = SETTLE_STEPS) -> float:
    optimizer = Adadelta(lr=lr)
    w = np.array([1.0])
    for _ in range(steps):
        optimizer.step([w], [curvature * w])
    return abs(float(w[0]))


_TRUTH: dict[str, Any] = {}


def _settling_truth() -> tuple[dict[float, float], float]:
    if "table" not in _TRUTH:
        table = {lr: _final_distance(lr) for lr in LR_GRID}
        settled = [lr for lr in LR_GRID if table[lr] < SETTLE_TOLERANCE]
        _TRUTH["table"], _TRUTH["largest"] = table, max(settled)
    return _TRUTH["table"], _TRUTH["largest"]


@exercise(hint="final_distance: w = np.array([1.0]); opt = Adadelta(lr=lr); repeat opt.step([w], [curvature * w]); "
               "return abs(w[0]). Then keep the largest lr of LR_GRID whose distance is below 1e-4")
def settling(final_distance_fn: Any, largest_settling_lr: Any) -> Any:
    """Exercise "When does Adadelta settle?": ``final_distance(lr, curvature=10.0, steps=2000)`` and the largest
    learning rate of ``LR_GRID`` that ends within 1e-4 of the minimum."""
    for lr, curvature, steps in ((1.0, 10.0, 300), (0.1, 10.0, 300), (1.0, 1.0, 200), (0.5, 4.0, 250)):
        got = expect_value(as_number(call(final_distance_fn, lr, curvature=curvature, steps=steps)),
                           "`final_distance` should return one number, |w| at the end")
        want = _final_distance(lr, curvature, steps)
        if close(got, want, 1e-6):
            continue
        shown = f"final_distance({lr:g}, curvature={curvature:g}, steps={steps})"
        expect(not close(got, _final_distance(lr, curvature, steps + 1), 1e-6)
               and not close(got, _final_distance(lr, curvature, steps - 1), 1e-6),
               f"{shown} is off by one step; take exactly `steps` steps")
        expect(not close(got, _final_distance(lr, SETTLE_CURVATURE, steps), 1e-6),
               f"{shown}: you ignore the `curvature` argument; the gradient of curvature · w²/2 is curvature · w")
        expect(not close(got, _final_distance(1.0, curvature, steps), 1e-6),
               f"{shown}: you ignore the `lr` argument; build Adadelta(lr=lr)")
        expect(not close(-got, want, 1e-6) or want == 0, f"{shown}: return the distance |w|, not w")
        return hint(f"{shown} should be {want:.4g}, got {got:.4g}; start from w = 1 and step on the gradient "
                    "curvature * w")
    table, largest = _settling_truth()
    got = expect_value(as_number(largest_settling_lr),
                       "`largest_settling_lr` should be one number, a learning rate from LR_GRID")
    expect(any(close(got, lr) for lr in LR_GRID), f"`largest_settling_lr` = {got:g} is not in LR_GRID {list(LR_GRID)}")
    if not close(got, largest):
        if got > largest:
            return hint(f"with lr = {got:g}, |w| after {SETTLE_STEPS} steps is {table[got]:.2g}, not below "
                        f"{SETTLE_TOLERANCE:g}: it hovers around the minimum instead of settling. Which lrs do settle?")
        return hint(f"lr = {got:g} settles, but a larger one in LR_GRID settles too; you want the largest")
    limit = 2.0 / SETTLE_CURVATURE
    hovering = min(lr for lr in LR_GRID if lr > largest)
    return passed(f"lr = {largest:g} settles and lr = {hovering:g} does not (|w| = {table[hovering]:.1e} after "
                  f"{SETTLE_STEPS} steps). The boundary is 2 / curvature = {limit:g}: near the minimum both "
                  "running averages shrink to eps, their ratio tends to 1, and Adadelta becomes plain gradient "
                  "descent with learning rate lr, which (chapter 8) is stable only for lr < 2 / curvature")
