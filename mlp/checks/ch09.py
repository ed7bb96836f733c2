"""Checks for chapter 9, "Stochastic gradient descent (SGD)": one function per exercise.

In the notebook::

    from mlp.checks import ch09 as check
    check.sgd_step(sgd_step)
    check.fastest_lr(my_prediction, steps_needed)
    check.valley_reached(valley_reached)
    check.noise_floor(noise_floor, floor_measured)

Each check runs the student's answer on cases built so that the likely mistakes (stepping uphill, weight decay
left out, outside the learning rate or applied to the updated weights, counting points instead of steps,
classifying the start instead of the end, the small-learning-rate approximation, a variance instead of a loss,
...) give recognisably different answers, and names the mistake it recognises.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import surfaces
from ..optim import SGD
from ._core import as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["sgd_step", "fastest_lr", "valley_reached", "noise_floor"]

# The bowl's curvatures along x and y: f(x, y) = x^2 / 20 + y^2 = (0.1 / 2) x^2 + (2 / 2) y^2.
_BOWL_CURVATURES = (0.1, 2.0)
_RACE_LRS = (0.5, 0.9, 0.99)
_TARGET = 1e-6


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _sample_parameters(seed: int = 9) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """A small network's parameters and gradients, W1 (3, 2), b1 (2,), W2 (2, 1), in float64."""
    rng = np.random.default_rng(seed)
    shapes = [(3, 2), (2,), (2, 1)]
    params = [rng.normal(size=shape) for shape in shapes]
    grads = [rng.normal(size=shape) for shape in shapes]
    return params, grads


def _library_step(params: list[np.ndarray], grads: list[np.ndarray], lr: float, decay: float) -> list[np.ndarray]:
    """What mlp.optim.SGD makes of the parameters (on copies)."""
    new = [p.copy() for p in params]
    SGD(lr=lr, weight_decay=decay).step(new, [g.copy() for g in grads])
    return new


def _all_close(got: list[np.ndarray], wanted: list[np.ndarray]) -> bool:
    return all(close(a, b, 1e-9) for a, b in zip(got, wanted))


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: one SGD step in NumPy
# ----------------------------------------------------------------------------------------------------------


def _run_student_step(fn: Any, lr: float, decay: float) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Call the student's sgd_step on fresh copies; returns (answer as arrays, params, grads) or stops with a hint."""
    params, grads = _sample_parameters()
    given_params, given_grads = [p.copy() for p in params], [g.copy() for g in grads]
    answer = call(fn, given_params, given_grads, lr, weight_decay=decay)
    untouched = all(np.array_equal(a, b) for a, b in zip(given_params, params)) and all(
        np.array_equal(a, b) for a, b in zip(given_grads, grads))
    expect(isinstance(answer, (list, tuple)),
           f"`sgd_step` should return a list with one new array per parameter, got {type(answer).__name__}")
    expect(len(answer) == len(params),
           f"there are {len(params)} parameters, so return {len(params)} arrays; you returned {len(answer)}")
    arrays = []
    for i, (a, p) in enumerate(zip(answer, params)):
        try:
            array = np.asarray(a, dtype=np.float64)
        except (TypeError, ValueError):
            array = None
        wrong_shape = (f"the new parameter number {i} should have shape {p.shape} like the old one, "
                       f"got {getattr(array, 'shape', type(a).__name__)}")
        array = expect_value(array, wrong_shape)
        expect(array.shape == p.shape, wrong_shape)
        arrays.append(array)
    expect(untouched, "your function changed the arrays it was given; compute new arrays "
                      "(`p - lr * g` makes one) and leave `params` and `grads` as they were")
    return arrays, params, grads


@exercise(hint="for each pair (p, g): g = g + weight_decay * p, then append p - lr * g to a new list")
def sgd_step(sgd_step_fn: Any) -> Any:
    """Exercise "SGD in three lines": ``sgd_step(params, grads, lr, weight_decay=0.0)`` -> list of arrays."""
    lr = 0.1
    got, params, grads = _run_student_step(sgd_step_fn, lr, 0.0)
    if not _all_close(got, _library_step(params, grads, lr, 0.0)):
        up = [p + lr * g for p, g in zip(params, grads)]
        expect(not _all_close(got, up), "you stepped uphill: the update *subtracts* lr times the gradient")
        expect(not _all_close(got, [p - g for p, g in zip(params, grads)]),
               "the step must be the gradient times the learning rate `lr`; you subtracted the whole gradient")
        expect(not _all_close(got, [lr * g for g in grads]),
               "you returned the step lr * g; return the new parameters p - lr * g")
        return hint("without weight decay the new parameters should be p - lr * g for each pair (p, g), "
                    "and yours differ")
    decay = 0.5
    got, params, grads = _run_student_step(sgd_step_fn, lr, decay)
    wanted = _library_step(params, grads, lr, decay)
    if not _all_close(got, wanted):
        plain = [p - lr * g for p, g in zip(params, grads)]
        expect(not _all_close(got, plain), "with weight_decay=0.5 your result is the plain step: add "
                                           "weight_decay * p to the gradient first")
        expect(not _all_close(got, [p - lr * g - decay * p for p, g in zip(params, grads)]),
               "the decay must be multiplied by the learning rate too: p - lr * (g + weight_decay * p)")
        expect(not _all_close(got, [p - lr * (g - decay * p) for p, g in zip(params, grads)]),
               "weight decay pulls the weights towards zero: *add* weight_decay * p to the gradient")
        expect(not _all_close(got, [q - lr * decay * q for q in plain]),
               "you applied the decay to the already updated weights; PyTorch (and mlp) add weight_decay * p "
               "of the *old* weights to the gradient before the step")
        return hint("with weight decay the answer is p - lr * (g + weight_decay * p); yours differs")
    return passed("your NumPy step matches mlp.optim.SGD, with and without weight decay: "
                  "g ← g + weight_decay · p, then p ← p - lr · g")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: the fastest learning rate on the bowl (predict first)
# ----------------------------------------------------------------------------------------------------------


def _race_path(lr: float, steps: int = 1000) -> np.ndarray:
    return surfaces.descend(SGD(lr=lr), surfaces.elongated_bowl, steps=steps)


def _steps_below(lr: float) -> int:
    """The number of SGD steps after which the bowl's f is first below 1e-6."""
    path = _race_path(lr)
    f = surfaces.elongated_bowl(path[:, 0], path[:, 1])
    return int(np.argmax(f < _TARGET))


def _lookup(answers: dict, lr: float) -> Any:
    """answers[lr], accepting keys written as numbers or strings ("0.9")."""
    for key, value in answers.items():
        try:
            if abs(float(key) - lr) < 1e-9:
                return value
        except (TypeError, ValueError):
            continue
    return ...


@exercise(hint="path = surfaces.descend(mlp.optim.SGD(lr=lr), bowl, steps=1000); "
               "f = bowl(path[:, 0], path[:, 1]); the answer is np.argmax(f < 1e-6)")
def fastest_lr(my_prediction: Any, steps_needed: Any) -> Any:
    """Exercise "Predict, then count": a predicted learning rate and the steps each one needs."""
    said = as_number(my_prediction)
    if said is None and isinstance(my_prediction, str):
        try:
            said = float(my_prediction.strip())
        except ValueError:
            said = None
    not_a_rate = f"set `my_prediction` to one of the three learning rates 0.5, 0.9 or 0.99, got {my_prediction!r}"
    said = expect_value(said, not_a_rate)
    expect(any(abs(said - lr) < 1e-9 for lr in _RACE_LRS), not_a_rate)
    expect(isinstance(steps_needed, dict),
           "`steps_needed` should be a dictionary {0.5: ..., 0.9: ..., 0.99: ...}, "
           f"got {type(steps_needed).__name__}")
    truth = {lr: _steps_below(lr) for lr in _RACE_LRS}
    for lr in _RACE_LRS:
        value = _lookup(steps_needed, lr)
        expect(value is not ..., f"`steps_needed` has no entry for the learning rate {lr}")
        got = expect_value(as_number(value), f"steps_needed[{lr}] should be a number of steps, got {value!r}")
        if close(got, truth[lr]):
            continue
        expect(not close(got, truth[lr] + 1), f"steps_needed[{lr}] = {got:g} is one too many: row 0 of the path is "
                                              "the start, so row k is the point after k steps")
        expect(not close(got, truth[lr] - 1), f"steps_needed[{lr}] = {got:g} is one too few: count the first row "
                                              "where f < 1e-6, with row 0 being the start")
        expect(got != 0, f"steps_needed[{lr}] = 0: `np.argmax` of an all-False array is 0. Did your run take enough "
                         "steps? Some learning rates need several hundred")
        path = _race_path(lr)
        distance = np.hypot(path[:, 0], path[:, 1])
        expect(not close(got, int(np.argmax(distance < _TARGET))),
               f"steps_needed[{lr}] counts until the *distance* to the minimum is below 1e-6; the race is about "
               "the loss f(x, y) = x**2 / 20 + y**2")
        return hint(f"at learning rate {lr} the loss first drops below 1e-6 after {truth[lr]} steps, you have "
                    f"{got:g}; compute f along the whole path and find its first row below 1e-6")
    winner = min(truth, key=lambda lr: truth[lr])
    story = ", ".join(f"lr {lr}: {truth[lr]} steps" for lr in _RACE_LRS)
    why = ("0.5 solves y in one step but then x shrinks by only 5% per step; 0.99 is the closest to the best single "
           "rate 2 / (0.1 + 2) = 0.952, but its y factor 1 - 2 * 0.99 = -0.98 lets y shrink by only 2% per step, "
           "so y becomes the bottleneck. 0.9 keeps both factors (0.91 and -0.8) well below 1 in size")
    if abs(said - winner) < 1e-9:
        return passed(f"{story}. {winner} wins, as you predicted: {why}.")
    return passed(f"{story}. You predicted {said:g}, but {winner} wins: {why}.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: which valley of the two-minima surface
# ----------------------------------------------------------------------------------------------------------

_RIDGE_X = float(np.sort(np.roots([4.0, 0.0, -4.0, 0.3]).real)[1])

# (start, lr): the standard start at three learning rates, starts on both sides of the ridge, one just left of
# it (x = 0.05 < ridge 0.075), and a start where y is large.
_VALLEY_CASES = [((1.8, 1.5), 0.05), ((1.8, 1.5), 0.15), ((1.8, 1.5), 0.24), ((-0.5, 1.0), 0.05),
                 ((0.2, -1.5), 0.05), ((0.05, 1.9), 0.05), ((0.5, 1.9), 0.1)]


def _valley(start: tuple[float, float], lr: float, steps: int = 300) -> str:
    with np.errstate(over="ignore", invalid="ignore"):
        path = surfaces.descend(SGD(lr=lr), surfaces.two_minima, start=start, steps=steps)
    end = path[-1]
    if len(path) < steps + 1 or not np.all(np.isfinite(end)) or np.max(np.abs(end)) > 10:
        return "diverged"
    return "deep" if end[0] < _RIDGE_X else "shallow"


@exercise(hint="path = surfaces.descend(mlp.optim.SGD(lr=lr), two, start=start, steps=300); look at path[-1]: "
               "diverged if the path is short or far away, else deep if its x < ridge_x, else shallow")
def valley_reached(valley_fn: Callable[..., Any]) -> Any:
    """Exercise "Which valley?": ``valley_reached(start, lr)`` -> "deep", "shallow" or "diverged"."""
    for start, lr in _VALLEY_CASES:
        with np.errstate(over="ignore", invalid="ignore"):
            answer = call(valley_fn, start, lr)
        expect(isinstance(answer, str) and answer.strip().lower() in ("deep", "shallow", "diverged"),
               f'`valley_reached` should return "deep", "shallow" or "diverged", got {answer!r}')
        got, wanted = answer.strip().lower(), _valley(start, lr)
        if got == wanted:
            continue
        where = f"from {start} at lr {lr}"
        if wanted == "diverged":
            return hint(f"{where} SGD diverges, you said {got!r}: `descend` stops early once |w| passes 1e6, so "
                        "check whether the path is shorter than steps + 1 or ends far from both minima")
        if got == "diverged":
            return hint(f"{where} SGD ends in the {wanted} valley, you said 'diverged'; only a path that stops "
                        "early or ends far (more than 10) from both minima has diverged")
        start_side = "deep" if start[0] < _RIDGE_X else "shallow"
        if start_side != wanted and got == start_side:
            return hint(f"{where} the start lies on the {start_side} side of the ridge, but the long first steps "
                        f"carry the point over it and it ends in the {wanted} valley: classify where the path "
                        "*ends*, not where it starts")
        if 0 <= start[0] < _RIDGE_X:
            return hint(f"{where} the path ends in the deep valley; the ridge between the valleys is at "
                        f"x = {_RIDGE_X:.4f} (`ridge_x`), not at x = 0")
        return hint(f"{where} SGD ends in the {wanted} valley, you said {got!r}; compare the last point's x "
                    "with `ridge_x`")
    return passed("all seven runs classified. Since f is a function of x plus a function of y, x moves as if y "
                  "did not exist, so at a small learning rate only the start's side of the ridge matters; at "
                  "lr 0.15 the steep wall at x = 1.8 gives a first step long enough to jump the ridge, and at "
                  "0.24 a step so long that SGD diverges.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: the noise floor
# ----------------------------------------------------------------------------------------------------------


def _floor(lr: float, sigma: float) -> float:
    """Settled mean of f: the sum over the curvatures L of lr sigma^2 / (2 (2 - lr L))."""
    return float(sum(lr * sigma**2 / (2 * (2 - lr * c)) for c in _BOWL_CURVATURES))


_FLOOR_CASES = [(0.05, 1.0), (0.4, 1.0), (0.8, 0.5), (0.1, 2.0), (0.95, 1.0)]


@exercise(hint="settled: v = (1 - lr·L)² v + lr²σ²; solve for v, then add (L/2)·v over L = 0.1 and 2")
def noise_floor(noise_floor_fn: Callable[..., Any], floor_measured: Any) -> Any:
    """Exercise "How high is the noise floor?": ``noise_floor(lr, sigma)`` -> the settled mean of f."""
    for lr, sigma in _FLOOR_CASES:
        got = expect_value(as_number(call(noise_floor_fn, lr, sigma)),
                           f"`noise_floor({lr}, {sigma})` should return one number, the settled mean of f")
        wanted = _floor(lr, sigma)
        if close(got, wanted, 1e-6):
            continue
        at = f"at lr {lr}, sigma {sigma}"
        expect(not close(got, lr * sigma**2 / 2, 1e-6),
               f"{at} you returned lr·σ²/2, the small-learning-rate approximation: keep the full "
               "denominator 2 - lr·L, which matters as lr approaches 2/L")
        expect(not close(got, _floor(lr, sigma) / sigma, 1e-6),
               f"{at} the noise enters squared: the variance of lr·σ·ξ is lr²σ²")
        expect(not close(got, 2 * wanted, 1e-6),
               f"{at} your answer is twice the truth: each coordinate's part of f is (L/2)·z², so multiply the "
               "variance by L/2, not by L")
        variance_sum = sum(lr * sigma**2 / (c * (2 - lr * c)) for c in _BOWL_CURVATURES)
        expect(not close(got, variance_sum, 1e-6),
               f"{at} you returned the sum of the variances of x and y; the mean of f weights each by L/2")
        expect(not close(got, lr * sigma**2, 1e-6),
               f"{at} you got lr·σ²: the factor that multiplies the old z is (1 - lr·L), so the variance "
               "keeps (1 - lr·L)² of itself, not (1 - lr·L)")
        return hint(f"{at} the settled mean of f is {wanted:.6g}, you returned {got:.6g}; from "
                    "v = (1 - lr·L)² v + lr²σ², v = lr·σ² / (L·(2 - lr·L))")
    comparison = ""
    if isinstance(floor_measured, dict) and floor_measured:
        parts = []
        for lr, measured in sorted(floor_measured.items()):
            value = as_number(measured)
            if value is not None and as_number(lr) is not None:
                parts.append(f"lr {float(lr):g}: formula {_floor(float(lr), 1.0):.4f}, simulation {value:.4f}")
        if parts:
            comparison = " Against the chapter's simulation (σ = 1): " + "; ".join(parts) + "."
    return passed(f"the settled mean of f is the sum over L of lr·σ² / (2·(2 - lr·L)): about lr·σ²/4 per "
                  f"coordinate for small lr, whatever the curvature, and it grows without bound as lr approaches "
                  f"2/L_y = 1.{comparison}")
