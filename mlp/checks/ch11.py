"""Checks for chapter 11, "AdaGrad": one function per exercise.

In the notebook::

    from mlp.checks import ch11 as check
    check.adagrad_step(adagrad_step)
    check.scaled_loss(my_prediction, max_difference)
    check.ten_times_farther(steps_for_ten_times)
    check.restarts(adagrad_with_restarts, best_every)

Each check runs the student's answer against ``mlp.optim.AdaGrad`` (PyTorch's form,
w <- w - lr * g / (sqrt(G) + eps)) on cases built so that the likely mistakes give recognisably different
answers: epsilon inside the root, G not accumulated or added after the step, a missing square root, the pair
returned the wrong way round, an optimizer reused between two runs, steps counted from 0, a restart one step
early or late, and so on. Each mistake it recognises gets its own hint.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..optim import AdaGrad
from ..surfaces import elongated_bowl, rosenbrock
from ._core import as_array, as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["adagrad_step", "scaled_loss", "ten_times_farther", "restarts"]


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    return as_number(value, nan=True, inf=True)


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: one AdaGrad step
# ----------------------------------------------------------------------------------------------------------

# Three steps on four weights. The gradients span 1e3 to 1e-9, so that epsilon's place shows (with eps = 1e-10
# outside the root a gradient of 1e-9 still gives a step of about 0.9 lr; inside, about 1e-4 lr).
_W0 = np.array([0.5, -1.0, 2.0, 0.25])
_GRADIENTS = [
    np.array([3.0, -0.2, 1e-9, 1e3]),
    np.array([-1.0, -0.4, 2e-9, 5e2]),
    np.array([0.5, 0.1, -1e-9, -1e2]),
]


def _reference_step(
    w: np.ndarray, g: np.ndarray, G: np.ndarray, lr: float, eps: float
) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's AdaGrad step: G + g*g first, then w - lr * g / (sqrt(new G) + eps)."""
    new_G = G + g * g
    return w - lr * g / (np.sqrt(new_G) + eps), new_G


_MISTAKES: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "eps inside the root": lambda w, g, G, lr, eps: (w - lr * g / np.sqrt(G + g * g + eps), G + g * g),
    "G not accumulated": lambda w, g, G, lr, eps: (w - lr * g / (np.sqrt(g * g) + eps), g * g),
    "G added after the step": lambda w, g, G, lr, eps: (w - lr * g / (np.sqrt(G) + eps), G + g * g),
    "no square root": lambda w, g, G, lr, eps: (w - lr * g / (G + g * g + eps), G + g * g),
    "step uphill": lambda w, g, G, lr, eps: (w + lr * g / (np.sqrt(G + g * g) + eps), G + g * g),
    "G accumulates |g|": lambda w, g, G, lr, eps: (w - lr * g / (np.sqrt(G + np.abs(g)) + eps), G + np.abs(g)),
}

_MISTAKE_HINTS = {
    "eps inside the root": "you put eps inside the root, sqrt(G + eps), as seeds 002 and 003 write it; PyTorch and "
                           "mlp add it outside: g / (sqrt(G) + eps). The difference shows for the tiny gradients",
    "G not accumulated": "your new G holds only this step's g*g; AdaGrad *adds* it to the G it was given: "
                         "new_G = G + g * g",
    "G added after the step": "you divided by the old G and added g*g afterwards; add this step's square first, "
                              "then divide by sqrt(new_G) + eps (otherwise the first step divides by eps alone)",
    "no square root": "you divided by G itself; AdaGrad divides by its square root, sqrt(new_G) + eps",
    "step uphill": "your weights move *up* the slope; subtract lr * g / (sqrt(G) + eps)",
    "G accumulates |g|": "G is the sum of the *squared* gradients, g * g, not of their sizes",
}


def _run_steps(fn: Any, lr: float, eps: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The student's three steps from _W0 with _GRADIENTS: the weights and sums after each step."""
    w, G = _W0.copy(), np.zeros_like(_W0)
    ws, Gs = [], []
    for g in _GRADIENTS:
        result = call(fn, w, g, G, lr, eps)
        expect(isinstance(result, (tuple, list)) and len(result) == 2,
               f"`adagrad_step` should return a pair (new_w, new_G), got {type(result).__name__}"
               + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""))
        new_w, new_G = as_array(result[0]), as_array(result[1])
        not_a_pair = f"`adagrad_step` should return two arrays of shape {w.shape}, like `w` and `G`"
        new_w, new_G = expect_value(new_w, not_a_pair), expect_value(new_G, not_a_pair)
        expect(new_w.shape == w.shape and new_G.shape == w.shape, not_a_pair)
        ws.append(new_w)
        Gs.append(new_G)
        w, G = new_w, new_G
    return ws, Gs


def _expected_steps(step: Callable[..., tuple[np.ndarray, np.ndarray]], lr: float, eps: float) -> tuple[list, list]:
    w, G = _W0.copy(), np.zeros_like(_W0)
    ws, Gs = [], []
    for g in _GRADIENTS:
        w, G = step(w, g, G, lr, eps)
        ws.append(w)
        Gs.append(G)
    return ws, Gs


def _same(got: list[np.ndarray], wanted: list[np.ndarray], tol: float = 1e-9) -> bool:
    return all(close(a, b, tol) for a, b in zip(got, wanted))


@exercise(hint="new_G = G + g * g, then new_w = w - lr * g / (np.sqrt(new_G) + eps); return (new_w, new_G)")
def adagrad_step(adagrad_step_fn: Any) -> Any:
    """Exercise "AdaGrad in three lines": ``adagrad_step(w, g, G, lr, eps)`` -> (new_w, new_G)."""
    lr, eps = 0.1, 1e-10
    ref_ws, ref_Gs = _expected_steps(_reference_step, lr, eps)
    with np.errstate(all="ignore"):  # a wrong answer may take the root of a negative number: say so in words
        first = call(adagrad_step_fn, _W0.copy(), _GRADIENTS[0], np.zeros_like(_W0), lr, eps)
        if isinstance(first, (tuple, list)) and len(first) == 2:
            expect(not (close(first[0], ref_Gs[0], 1e-9) and close(first[1], ref_ws[0], 1e-9)),
                   "you returned (new_G, new_w); return the weights first: (new_w, new_G)")
        ws, Gs = _run_steps(adagrad_step_fn, lr, eps)
    if not (_same(ws, ref_ws) and _same(Gs, ref_Gs)):
        for name, mistake in _MISTAKES.items():
            wrong_ws, wrong_Gs = _expected_steps(mistake, lr, eps)
            expect(not _same(ws, wrong_ws), _MISTAKE_HINTS[name])
        expect(_same(Gs, ref_Gs), "your sum G is off; after each step it should be the previous G plus g * g")
        return hint(f"after the first step the weights should be {np.array2string(ref_ws[0], precision=6)} (each "
                    f"moved by about lr against its gradient), you have {np.array2string(ws[0], precision=6)}")
    # The arguments must be used, not fixed numbers.
    for lr_try, eps_try in ((0.3, 1e-10), (0.1, 1e-3)):
        with np.errstate(all="ignore"):
            ws_try, _ = _run_steps(adagrad_step_fn, lr_try, eps_try)
        wanted, _ = _expected_steps(_reference_step, lr_try, eps_try)
        expect(_same(ws_try, wanted), f"with lr={lr_try} and eps={eps_try:g} your steps differ from AdaGrad's; "
                                      "does your function use its `lr` and `eps` arguments?")
    # And it is the library's rule.
    w = _W0.copy()
    optimizer = AdaGrad(lr=lr, eps=eps)
    for g in _GRADIENTS:
        optimizer.step([w], [g])
    expect(close(ws[-1], w, 1e-9), "your steps differ from mlp.optim.AdaGrad's")
    first = ", ".join(f"{step:g}" for step in np.round(ref_ws[0] - _W0, 3))
    return passed("your three steps match mlp.optim.AdaGrad to the last digits, tiny gradients included. Note "
                  f"the first step, [{first}]: -lr * sign(g) for gradients "
                  "from 0.2 to 1000 alike, and a little less only for the gradient of 1e-9, where eps = 1e-10 "
                  "is no longer negligible")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: the loss multiplied by 100
# ----------------------------------------------------------------------------------------------------------

_SCALE, _SCALED_LR, _SCALED_STEPS = 100.0, 0.5, 50


def _bowl_path(scale: float, optimizer: AdaGrad | None = None) -> np.ndarray:
    w = np.array(elongated_bowl.start, dtype=np.float64)
    opt = AdaGrad(lr=_SCALED_LR) if optimizer is None else optimizer
    points = [w.copy()]
    for _ in range(_SCALED_STEPS):
        opt.step([w], [scale * elongated_bowl.grad(w)])
        points.append(w.copy())
    return np.array(points)


def _prediction(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if "same" in text:
        return "the same path"
    if "long" in text or "larger" in text or "bigger" in text:
        return "longer steps"
    if "short" in text or "smaller" in text:
        return "shorter steps"
    return None


@exercise(hint="run the loop of the exercise twice, with a fresh AdaGrad(lr=0.5) each time, once with the "
               "gradient times 1 and once times 100, and compare the two arrays of points")
def scaled_loss(my_prediction: Any, max_difference: Any) -> Any:
    """Exercise "Predict, then run: a hundred times steeper": a prediction and the largest path difference."""
    said = expect_value(_prediction(my_prediction), 'set `my_prediction` to "longer steps", "shorter steps" or '
                                                    f'"the same path", got {my_prediction!r}')
    got = expect_value(_number(max_difference),
                       "`max_difference` should be one number: np.abs(path_steep - path_plain).max()")
    plain = _bowl_path(1.0)
    truth = float(np.abs(_bowl_path(_SCALE) - plain).max())
    if not (np.isfinite(got) and abs(got) <= 1e-6):
        shared = AdaGrad(lr=_SCALED_LR)
        first = _bowl_path(1.0, shared)
        reused = float(np.abs(_bowl_path(_SCALE, shared) - first).max())
        expect(not close(got, reused, 1e-6),
               f"{got:.4g} is what you get when both runs share one optimizer: the second run starts with the "
               "first run's G. Make a fresh AdaGrad(lr=0.5) for each run")
        expect(np.isfinite(got) and got < 1e3,
               f"{got:.4g}: one of your paths flew off. Did you use SGD, or multiply the learning rate instead "
               "of the gradient? Use AdaGrad(lr=0.5) and pass 100 * elongated_bowl.grad(w) as the gradient")
        return hint(f"the two AdaGrad paths should agree to about {truth:.0e}, you found {got:.4g}; use the same "
                    "start, lr=0.5, 50 steps, and a fresh optimizer for each run")
    sgd_note = ("With SGD the gradient, and so every step, would be 100 times longer, and at lr 0.5 the steep "
                "bowl would throw it out at once.")
    story = (f"the paths agree to {truth:.1e}: multiplying every gradient by 100 multiplies sqrt(G) by 100 too, "
             "so g / sqrt(G) does not change (only eps does not scale).")
    if said == "the same path":
        return passed(f"as you predicted, {story} {sgd_note}")
    return passed(f"you predicted {said!r}, but {story} {sgd_note} AdaGrad's steps do not depend on the scale "
                  "of the loss, only on the gradients' signs and relative sizes over time.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: ten times as far
# ----------------------------------------------------------------------------------------------------------

_RAMP_LR, _RAMP_SLOPE, _RAMP_BASE, _RAMP_FACTOR = 0.1, 2.0, 100, 10


def _ramp_distances(n_steps: int) -> np.ndarray:
    """Distance travelled by AdaGrad(lr=0.1) on f(w) = 2w after 1, 2, ..., n_steps steps."""
    w = np.zeros(1)
    optimizer = AdaGrad(lr=_RAMP_LR)
    positions = np.empty(n_steps)
    gradient = np.array([_RAMP_SLOPE])
    for t in range(n_steps):
        optimizer.step([w], [gradient])
        positions[t] = -w[0]
    return positions


def _ramp_answer() -> tuple[int, set[int], float]:
    """The smallest T with distance(T) >= 10 * distance(100), the answers accepted, and 2 sqrt approximation."""
    distances = _ramp_distances(12_000)
    target = _RAMP_FACTOR * distances[_RAMP_BASE - 1]
    steps = int(np.argmax(distances >= target)) + 1
    # The sum of lr / sqrt(t), computed in closed loops instead of by the optimizer, may round the other way
    # at the boundary; accept it too.
    formula = np.cumsum(_RAMP_LR / np.sqrt(np.arange(1, 12_001)))
    formula_steps = int(np.argmax(formula >= _RAMP_FACTOR * formula[_RAMP_BASE - 1])) + 1
    approximate = (_RAMP_FACTOR * distances[_RAMP_BASE - 1] / (2 * _RAMP_LR)) ** 2
    return steps, {steps, formula_steps}, approximate


@exercise(hint="np.cumsum of the step sizes gives the distance after each step; find the first index where it "
               "reaches 10 times the distance after step 100, and add 1 (index 0 is after step 1)")
def ten_times_farther(steps_for_ten_times: Any) -> Any:
    """Exercise "Ten times as far": the number of steps to travel 10 times the distance of the first 100."""
    not_a_count = "`steps_for_ten_times` should be one number, a count of steps"
    got = expect_value(_number(steps_for_ten_times), not_a_count)
    expect(np.isfinite(got), not_a_count)
    steps, accepted, approximate = _ramp_answer()
    if int(round(got)) in accepted and float(got).is_integer():
        return passed(f"{steps} steps: ten times the distance of the first {_RAMP_BASE} steps takes about "
                      f"{steps / _RAMP_BASE:.0f} times as many steps. The distance grows like 2 lr sqrt(T), so "
                      "AdaGrad never stops on a steady slope, but every extra unit of distance costs more steps.")
    expect(not close(got, _RAMP_FACTOR * _RAMP_BASE, 1e-3),
           f"{got:g} steps assumes the distance grows in proportion to the steps, as for SGD; AdaGrad's steps "
           "shrink like 1/sqrt(t), so it takes many more")
    expect(not (int(round(got)) in {s - 1 for s in accepted} or int(round(got)) in {s + 1 for s in accepted}),
           f"{got:g} is off by one; count steps from 1: the distance after step T is cumsum[T - 1]")
    expect(not close(got, approximate, 2e-3) and not close(got, round(approximate), 1e-9),
           f"{got:g} comes from the approximation 2 lr sqrt(T); the exact sum of 1/sqrt(t) is a little smaller "
           "than 2 sqrt(T), so count with np.cumsum of the actual steps")
    expect(not close(got, _RAMP_FACTOR**2 * _RAMP_BASE, 1e-3),
           f"{got:g} = 100 x 100 is the right order of magnitude (distance ~ sqrt(T)), but the exact answer is a "
           "little smaller; count with np.cumsum of the actual steps")
    return hint(f"the answer is between {_RAMP_FACTOR * _RAMP_BASE} and {_RAMP_FACTOR**2 * _RAMP_BASE} steps, you "
                f"have {got:g}; compute the distance after each step with np.cumsum and find the first that "
                "reaches 10 times the distance after step 100")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: restarts on Rosenbrock
# ----------------------------------------------------------------------------------------------------------

_RESTART_LR, _RESTART_STEPS = 0.05, 2000
_RESTART_OPTIONS: tuple[int | None, ...] = (100, 250, 500, 1000, None)


def _restarted(lr: float, n_steps: int, every: int | None, shift: int = 0) -> np.ndarray:
    """Reference: reset before step t (0-based) when t > 0 and (t + shift) % every == 0."""
    optimizer = AdaGrad(lr=lr)
    w = np.array(rosenbrock.start, dtype=np.float64)
    for t in range(n_steps):
        if every is not None and t > 0 and (t + shift) % every == 0:
            optimizer.reset()
        optimizer.step([w], [rosenbrock.grad(w)])
    return w


def _restart_distances() -> dict[int | None, float]:
    return {every: float(np.linalg.norm(_restarted(_RESTART_LR, _RESTART_STEPS, every) - 1.0))
            for every in _RESTART_OPTIONS}


def _label(every: int | None) -> str:
    return "never" if every is None else str(every)


@exercise(hint="loop over t in range(n_steps); before step t, if every is not None and t > 0 and t % every == 0, "
               "call opt.reset(); then opt.step([w], [rosenbrock.grad(w)]); return w")
def restarts(adagrad_with_restarts_fn: Any, best_every: Any) -> Any:
    """Exercise "Forgetting on purpose": ``adagrad_with_restarts(lr, n_steps, every)`` and the best ``every``."""
    for lr, n_steps, every in ((0.05, 350, 100), (0.1, 120, None), (0.05, 230, 50)):
        wanted = _restarted(lr, n_steps, every)
        got = as_array(call(adagrad_with_restarts_fn, lr, n_steps, every))
        not_a_point = ("`adagrad_with_restarts` should return the final point, an array of two numbers (x, y)"
                       + (f"; you returned shape {got.shape}: the whole path?" if got is not None else ""))
        got = expect_value(got, not_a_point)
        expect(got.size == 2, not_a_point)
        got = got.reshape(2)
        if close(got, wanted, 1e-6):
            continue
        what = f"lr={lr}, n_steps={n_steps}, every={every}"
        expect(not close(got, _restarted(lr, n_steps, None), 1e-6),
               f"with {what} your run never forgets; call opt.reset() after every `every` steps")
        if every is not None:
            for shift, words in ((1, "one step early"), (-1, "one step late")):
                expect(not close(got, _restarted(lr, n_steps, every, shift), 1e-6),
                       f"with {what} you forget {words}: the first sum must serve steps 1 to {every} exactly, "
                       f"so reset just before step {every + 1} (0-based t = {every})")
        expect(not close(got, _restarted(lr, n_steps - 1, every), 1e-6) and
               not close(got, _restarted(lr, n_steps + 1, every), 1e-6),
               f"with {what} you took one step too few or too many; take exactly n_steps steps")
        return hint(f"with {what} the run should end at ({wanted[0]:.5f}, {wanted[1]:.5f}), yours ends at "
                    f"({got[0]:.5f}, {got[1]:.5f}); start from rosenbrock.start and use mlp.optim.AdaGrad(lr=lr)")

    distances = _restart_distances()
    best = min(distances, key=lambda every: distances[every])
    table = ", ".join(f"{_label(k)}: {v:.3f}" for k, v in distances.items())
    if isinstance(best_every, str):
        expect(best_every.strip().lower() in ("never", "none"),
               f'set `best_every` to 100, 250, 500, 1000 or "never", got {best_every!r}')
        chosen: int | None = None
    else:
        not_an_every = f'set `best_every` to 100, 250, 500, 1000 or "never", got {best_every!r}'
        number = expect_value(_number(best_every), not_an_every)
        expect(np.isfinite(number), not_an_every)
        expect(not any(close(number, d, 1e-6) for d in distances.values()),
               f"{number:g} is a distance; set `best_every` to the `every` that gives the smallest one")
        expect(number in _RESTART_OPTIONS,
               f'`best_every` should be one of 100, 250, 500, 1000 or "never", got {number:g}')
        chosen = int(number)
    if chosen != best:
        return hint(f"every={_label(chosen)} ends {distances[chosen]:.3f} from (1, 1), but another choice ends "
                    f"closer; the distances after {_RESTART_STEPS} steps at lr {_RESTART_LR} are: {table}")
    return passed(f"distances to (1, 1) after {_RESTART_STEPS} steps: {table}. Forgetting every {_label(best)} "
                  "steps lets the valley's small gradients set the step size again, instead of the steep walls "
                  "of the first steps. The price: each restart begins with a sign-like jump of lr along both axes. "
                  "RMSProp (chapter 12) forgets gradually instead.")
