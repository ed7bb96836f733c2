"""Checks for chapter 10, "Momentum": one function per exercise.

In the notebook::

    from mlp.checks import ch10 as check
    check.momentum_step(momentum_step)
    check.which_diverges(my_prediction, final_distance_sgd, final_distance_momentum)
    check.steps_to_speed(steps_to_speed, steps_99)
    check.rescaled_kang(kang_following_pytorch)

Each check runs the student's answer on small cases built so that the likely mistakes (plain SGD, the old
velocity in the step, the learning rate inside the velocity, a sign, floor for ceil, the velocity not
rescaled or rescaled the wrong way, ...) give recognisably different answers, and names the mistake it
recognises. The references are ``mlp.optim.Momentum`` (PyTorch's form) and ``mlp.surfaces``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..optim import SGD, Momentum
from ..surfaces import descend as _descend
from ..surfaces import elongated_bowl
from ._core import as_array, as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["momentum_step", "which_diverges", "steps_to_speed", "rescaled_kang"]


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    return as_number(value, inf=True)


def _bowl_grad(w: np.ndarray) -> np.ndarray:
    """The gradient of the elongated bowl x^2/20 + y^2, as a new float64 array."""
    w = np.asarray(w, dtype=np.float64)
    return np.array([w[0] / 10.0, 2.0 * w[1]])


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: one step of momentum
# ----------------------------------------------------------------------------------------------------------


def _step_variants(w: np.ndarray, v: np.ndarray, g: np.ndarray, lr: float, mu: float) -> dict[str, tuple]:
    """The right step and the likely wrong ones, each as (new_w, new_v)."""
    right_v = mu * v + g
    kang_v = mu * v + lr * g
    return {
        "right": (w - lr * right_v, right_v),
        "sgd": (w - lr * g, right_v),
        "old_v": (w - lr * v, right_v),
        "kang": (w - kang_v, kang_v),
        "uphill": (w + lr * right_v, right_v),
        "swapped": (w - mu * (lr * v + g), lr * v + g),
        "damped": (w - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g),
    }


@exercise(hint="first new_v = mu * v + g, then new_w = w - lr * new_v; return (new_w, new_v)")
def momentum_step(momentum_step_fn: Any) -> Any:
    """Exercise "One step of momentum": ``momentum_step(w, v, g, lr, mu)`` -> (new_w, new_v)."""
    w = np.array([1.0, -2.0, 0.5])
    v = np.array([0.4, -0.3, 1.2])  # a velocity left from earlier steps, so every mistake shows
    g = np.array([0.5, 1.5, -2.0])
    lr, mu = 0.1, 0.8
    answer = call(momentum_step_fn, w, v, g, lr, mu)
    expect(isinstance(answer, (tuple, list)) and len(answer) == 2,
           "`momentum_step` should return a pair `(new_w, new_v)`, e.g. `return new_w, new_v`")
    got_w, got_v = as_array(answer[0]), as_array(answer[1])
    not_a_pair = f"both `new_w` and `new_v` should be arrays of shape {w.shape}, like `w`"
    got_w, got_v = expect_value(got_w, not_a_pair), expect_value(got_v, not_a_pair)
    expect(got_w.shape == w.shape and got_v.shape == w.shape, not_a_pair)
    variants = _step_variants(w, v, g, lr, mu)
    right_w, right_v = variants["right"]
    if not (close(got_w, right_w) and close(got_v, right_v)):
        expect(not (close(got_w, right_v) and close(got_v, right_w)),
               "you returned `(new_v, new_w)`; return the weights first: `return new_w, new_v`")
        if close(got_w, variants["kang"][0]) and close(got_v, variants["kang"][1]):
            return hint("that is Kang's form, with the learning rate inside the velocity (v = mu v + lr g, "
                        "w = w - v); here use PyTorch's form: v = mu v + g, then w = w - lr v")
        expect(not close(got_w, variants["sgd"][0]),
               "your weights moved by lr * g alone, plain SGD: the step must use the new velocity, "
               "w - lr * (mu * v + g)")
        expect(not close(got_w, variants["old_v"][0]),
               "your step used the *old* velocity; update v first, then step with the new v")
        expect(not close(got_w, variants["uphill"][0]), "your weights moved uphill: subtract lr * new_v, don't add it")
        expect(not close(got_w, variants["swapped"][0]), "lr and mu are swapped: the velocity keeps mu * v")
        expect(not close(got_w, variants["damped"][0]),
               "you scaled the new gradient by (1 - mu) (an exponential average); PyTorch adds g itself: "
               "v = mu * v + g")
        expect(close(got_v, right_v), f"with w = {w.tolist()}, v = {v.tolist()}, g = {g.tolist()}, lr = {lr}, "
                                      f"mu = {mu} the new velocity is {np.round(right_v, 4).tolist()}, "
                                      f"yours is {np.round(got_v, 4).tolist()}")
        return hint(f"the new velocity is right, but the new weights should be {np.round(right_w, 4).tolist()}, "
                    f"yours are {np.round(got_w, 4).tolist()}: w - lr * new_v")
    # Several steps on the bowl against mlp.optim.Momentum, starting from a zero velocity.
    lr, mu = 0.1, 0.9
    point = np.array([-7.0, 2.0])
    velocity = np.zeros(2)
    path = [point.copy()]
    for _ in range(12):
        result = call(momentum_step_fn, point, velocity, _bowl_grad(point), lr, mu)
        point, velocity = np.asarray(result[0], dtype=np.float64), np.asarray(result[1], dtype=np.float64)
        path.append(point.copy())
    reference = _descend(Momentum(lr=lr, momentum=mu), elongated_bowl, start=(-7.0, 2.0), steps=12)
    expect(close(np.array(path), reference, 1e-9),
           "one step is right, but 12 steps on the bowl drift from mlp.optim.Momentum; does your function "
           "change its inputs in place, or keep state between calls?")
    return passed(f"12 steps of your momentum on the bowl match mlp.optim.Momentum, ending at "
                  f"({path[-1][0]:.4f}, {path[-1][1]:.4f})")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: predict which diverges
# ----------------------------------------------------------------------------------------------------------

_PREDICTIONS = {"sgd": "sgd", "momentum": "momentum", "both": "both", "neither": "neither", "none": "neither"}


@exercise(hint='set my_prediction to "sgd", "momentum", "both" or "neither"; then '
               "final_distance_sgd = np.linalg.norm(descend(SGD(lr=1.5), elongated_bowl, steps=100)[-1])")
def which_diverges(my_prediction: Any, final_distance_sgd: Any, final_distance_momentum: Any) -> Any:
    """Exercise "Predict: which one blows up?": a prediction and the final distances of two runs at lr 1.5."""
    said = expect_value(_PREDICTIONS.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        f'set `my_prediction` to "sgd", "momentum", "both" or "neither", got {my_prediction!r}')
    lr, mu = 1.5, 0.9
    path_sgd = _descend(SGD(lr=lr), elongated_bowl, steps=100)
    path_momentum = _descend(Momentum(lr=lr, momentum=mu), elongated_bowl, steps=100)
    truth = {"sgd": float(np.linalg.norm(path_sgd[-1])), "momentum": float(np.linalg.norm(path_momentum[-1]))}
    for name, value, path in (("final_distance_sgd", final_distance_sgd, path_sgd),
                              ("final_distance_momentum", final_distance_momentum, path_momentum)):
        got = expect_value(_number(value), f"`{name}` should be one number, the distance of the last point from (0, 0)")
        expected = truth["sgd" if name.endswith("sgd") else "momentum"]
        if close(got, expected, 1e-6):
            continue
        last = path[-1]
        expect(not close(got, float(elongated_bowl(last[0], last[1])), 1e-6),
               f"`{name}` is the value of f at the last point; give its distance from (0, 0), np.linalg.norm(path[-1])")
        expect(not close(got, float(np.linalg.norm(path[0])), 1e-6),
               f"`{name}` is the distance of the *start*; take the last point, path[-1]")
        expect(not close(got, float(np.linalg.norm(path[-1] - path[-2])), 1e-6),
               f"`{name}` is the length of the last step; give the distance of path[-1] from (0, 0)")
        return hint(f"`{name}` should be {expected:.6g}, you have {got:.6g}; run descend(..., elongated_bowl, "
                    "steps=100) with lr=1.5 (and momentum=0.9 for Momentum) from the default start")
    diverged = {name: distance > 1e3 for name, distance in truth.items()}
    actual = {(True, True): "both", (True, False): "sgd", (False, True): "momentum", (False, False): "neither"}[
        (diverged["sgd"], diverged["momentum"])]
    steep = 2.0  # curvature of the bowl along y
    story = (f"SGD ends {truth['sgd']:.3g} from the minimum, Momentum {truth['momentum']:.3g}. Along y (curvature "
             f"{steep:g}) one SGD step multiplies y by 1 - lr * {steep:g} = {1 - lr * steep:g}, larger than 1 in size, "
             f"so SGD diverges for lr > {2 / steep:g}. The heavy ball is stable as long as lr * curvature < 2(1 + mu) "
             f"= {2 * (1 + mu):g}, i.e. lr < {2 * (1 + mu) / steep:g}: momentum *widens* the range of stable "
             f"learning rates, even though its effective step lr / (1 - mu) = {lr / (1 - mu):g} is far beyond "
             f"SGD's limit. (Nesterov's look-ahead is stable only for lr * curvature < 2(1 + mu) / (1 + 2 mu) = "
             f"{2 * (1 + mu) / (1 + 2 * mu):.3g}, so it would diverge here.)")
    if said == actual:
        return passed(f"you predicted {said!r}, right. {story}")
    return passed(f"your numbers are right, but you predicted {said!r} and it is {actual!r}. {story}")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: steps to terminal speed
# ----------------------------------------------------------------------------------------------------------


def _steps_to_speed(mu: float, fraction: float) -> int:
    """The smallest k >= 1 with 1 - mu^k >= fraction, by counting (no rounding trouble)."""
    k, reached = 1, 1.0 - mu
    while reached < fraction:
        k += 1
        reached = 1.0 - mu**k
    return k


# (mu, fraction) pairs chosen away from exact boundaries, so a correct float formula cannot be off by one.
_SPEED_CASES = [(0.9, 0.99), (0.5, 0.9), (0.9, 0.5), (0.99, 0.9), (0.3, 0.95), (0.95, 0.63), (0.0, 0.5), (0.0, 0.99)]


@exercise(hint="the step is a fraction 1 - mu**k of the terminal one; solve 1 - mu**k >= fraction for the "
               "smallest whole k (np.ceil), and mu = 0 reaches full speed at once")
def steps_to_speed(steps_to_speed_fn: Any, steps_99: Any) -> Any:
    """Exercise "How long does the ball take to get going?": ``steps_to_speed(mu, fraction)`` -> int, and steps_99."""
    for mu, fraction in _SPEED_CASES:
        expected = _steps_to_speed(mu, fraction)
        with np.errstate(divide="ignore", invalid="ignore"):
            got = _number(call(steps_to_speed_fn, mu, fraction))
        case = f"for mu = {mu} and fraction = {fraction}"
        not_whole = (f"{case} `steps_to_speed` should return one whole number of steps, got {got!r}"
                     + ("; for mu = 0 there is no memory, so the very first step is already full speed: return 1"
                        if mu == 0 else ""))
        got = expect_value(got, not_whole)
        expect(math.isfinite(got), not_whole)
        if close(got, expected):
            continue
        if mu == 0:
            return hint(f"{case} the answer is 1 (with no momentum the first step is the terminal step), you "
                        f"returned {got:g}; log(mu) is -inf for mu = 0, so treat it separately")
        exact = math.log(1 - fraction) / math.log(mu)
        expect(not close(got, exact, 1e-6),
               f"{case} you returned {got:g}, not a whole number; round *up* (np.ceil): the step must reach the "
               "fraction, not almost reach it")
        expect(not close(got, math.floor(exact)),
               f"{case} you returned {got:g}, one step too few: after {got:g} steps the step is only "
               f"{1 - mu ** got:.4f} of the terminal one; round up (np.ceil), not down")
        expect(not close(got, math.ceil(math.log(fraction) / math.log(mu))),
               f"{case} you solved mu**k = fraction; the step's *missing* part is mu**k, so solve "
               "mu**k <= 1 - fraction")
        return hint(f"{case} the answer is {expected}, you returned {got:g}; the step after k steps is a "
                    "fraction 1 - mu**k of the terminal step")
    steps = expect_value(_number(steps_99), "`steps_99` should be one number, steps_to_speed(0.9, 0.99)")
    expect(close(steps, _steps_to_speed(0.9, 0.99)),
           f"`steps_99` should be steps_to_speed(0.9, 0.99) = {_steps_to_speed(0.9, 0.99)}, you have {steps:g}")
    return passed(f"momentum 0.9 needs {int(steps)} steps to reach 99% of its terminal step "
                  f"({_steps_to_speed(0.9, 0.9)} for 90%), so in the "
                  f"chapter's 250-step MNIST runs it was at full speed for about "
                  f"{(250 - int(steps)) / 250:.0%} of them, "
                  f"which is why SGD with lr / (1 - mu) followed the same curve")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: Kang's form under a schedule
# ----------------------------------------------------------------------------------------------------------


def _pytorch_path(lrs: np.ndarray, gamma: float, start: tuple[float, float]) -> np.ndarray:
    opt = Momentum(lr=float(lrs[0]), momentum=gamma)
    w = np.array(start, dtype=np.float64)
    path = [w.copy()]
    for lr in lrs:
        opt.lr = float(lr)
        opt.step([w], [_bowl_grad(w)])
        path.append(w.copy())
    return np.array(path)


def _kang_path(lrs: np.ndarray, gamma: float, start: tuple[float, float], rescale: str) -> np.ndarray:
    """Kang's form with the stored velocity rescaled by new/old ("right"), old/new ("inverted") or not ("none")."""
    w = np.array(start, dtype=np.float64)
    v = np.zeros(2)
    path = [w.copy()]
    previous = float(lrs[0])
    for lr in lrs:
        lr = float(lr)
        if rescale == "right":
            v = v * (lr / previous)
        elif rescale == "inverted":
            v = v * (previous / lr)
        v = gamma * v + lr * _bowl_grad(w)
        w = w - v
        path.append(w.copy())
        previous = lr
    return np.array(path)


@exercise(hint="before adding the new gradient, multiply the stored v by lr_t / lr_(t-1), so that Kang's v stays "
               "lr times PyTorch's v")
def rescaled_kang(kang_following_pytorch_fn: Any) -> Any:
    """Exercise "Make Kang's form follow a schedule like PyTorch's": a path function equal to mlp.optim.Momentum."""
    start, gamma = (-7.0, 2.0), 0.9
    cases = [
        ("a constant learning rate 0.1", np.full(20, 0.1)),
        ("a step schedule (0.1 for 15 steps, then 0.01)", np.repeat([0.1, 0.01], 15)),
        ("a warm-up (0.01 rising to 0.2)", np.linspace(0.01, 0.2, 25)),
        ("an exponential decay from 0.3", 0.3 * 0.9 ** np.arange(30)),
    ]
    for what, lrs in cases:
        got = expect_value(as_array(call(kang_following_pytorch_fn, _bowl_grad, start, lrs.copy(), gamma)),
                           "`kang_following_pytorch` should return an array of points")
        expected = _pytorch_path(lrs, gamma, start)
        if got.shape != expected.shape:
            expect(not (got.shape == (len(lrs), 2)),
                   f"with {len(lrs)} learning rates your path has {len(lrs)} points; include the start, "
                   f"{len(lrs) + 1} points in all")
            return hint(f"with {len(lrs)} learning rates the path should have shape {expected.shape}, yours has "
                        f"{got.shape}: the start, then one point per step")
        if close(got, expected, 1e-8):
            continue
        if close(got, _kang_path(lrs, gamma, start, "none"), 1e-8):
            return hint(f"with {what} your path is Kang's form unchanged: the old velocity keeps its old size when "
                        "the learning rate changes. Rescale the stored v by lr_t / lr_(t-1) before adding the new "
                        "gradient")
        expect(not close(got, _kang_path(lrs, gamma, start, "inverted"), 1e-8),
               f"with {what} you rescaled the velocity the wrong way round: multiply by new lr / old lr")
        if what == "a constant learning rate 0.1":
            return hint("even with a constant learning rate your path differs from mlp.optim.Momentum; start from "
                        "Kang's form: v = gamma * v + lr * grad(w), w = w - v, with v = 0 at the start")
        first_bad = int(np.flatnonzero(np.any(np.abs(got - expected) > 1e-8 * np.maximum(1, np.abs(expected)),
                                              axis=1))[0])
        return hint(f"with {what} your path leaves mlp.optim.Momentum's at point {first_bad} "
                    f"({np.round(got[first_bad], 5).tolist()} instead of {np.round(expected[first_bad], 5).tolist()})"
                    "; the velocity must be rescaled by lr_t / lr_(t-1) exactly when the learning rate changes")
    return passed("your rescaled Kang form follows mlp.optim.Momentum exactly under a constant rate, a step "
                  "schedule, a warm-up and an exponential decay: Kang's v is lr times PyTorch's v at every step")
