"""Checks for chapter 4, "Back-propagation by hand": one function per exercise.

In the notebook::

    from mlp.checks import ch04 as check
    check.proportional_step(proportional_step)
    check.zero_weight(my_prediction, a_after_20_proportional, a_after_20_delta)
    check.backward_221(backward_221)
    check.where_they_end(where_they_end)

The chapter's single neuron has no bias and no activation: y = x . w. Its error is e = target - y (the deck's
sign: positive when the output is too small). Two update rules are compared:

- the deck's proportional rule: w <- w + e * w / sum(w) (the error split in the ratio of the weights);
- the delta rule, gradient descent on L = (y - t)^2 with learning rate 0.5: w <- w + e * x.

Each check runs the student's answer on the deck's numbers and on other inputs, recognises the likely mistakes
(a flipped sign, the inputs' ratio instead of the weights', the factor 2 of the squared error, a missing sigmoid
derivative, a transposed matrix, ...) and names them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import call, close, exercise, expect, expect_value, hint, passed

__all__ = ["proportional_step", "zero_weight", "backward_221", "where_they_end"]

# The deck's example: inputs, weights A, B, C, and the expected value (target).
DECK_X = np.array([0.4, 0.3, 0.1])
DECK_W = np.array([0.1, 0.3, 0.2])
DECK_TARGET = 0.2

# The 2-2-1 network of the chapter (Dense convention: W1[i, j] joins input i to hidden neuron j).
NET_X = np.array([0.4, 0.3])
NET_TARGET = 0.9
NET_W1 = np.array([[0.15, -0.25], [0.30, 0.20]])
NET_B1 = np.array([0.05, 0.10])
NET_W2 = np.array([[0.40], [-0.35]])
NET_B2 = np.array([0.10])


# ----------------------------------------------------------------------------------------------------------
# Reference answers (what the solutions compute).
# ----------------------------------------------------------------------------------------------------------


def _proportional(x: np.ndarray, w: np.ndarray, target: float) -> np.ndarray:
    """One step of the deck's rule: w + e * w / sum(w), with e = target - x . w."""
    error = target - x @ w
    return w + error * w / w.sum()


def _delta(x: np.ndarray, w: np.ndarray, target: float, rate: float = 1.0) -> np.ndarray:
    """One step of the delta rule: w + rate * e * x (rate 1 is learning rate 0.5 on (y - t)^2)."""
    return w + rate * (target - x @ w) * x


def _run(step: Any, x: np.ndarray, w: np.ndarray, target: float, steps: int) -> np.ndarray:
    for _ in range(steps):
        w = step(x, w, target)
    return w


def _sigmoid(s: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-s))


def _mlp_gradients(x: np.ndarray, t: float, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
                   b2: np.ndarray) -> tuple[np.ndarray, ...]:
    """(dW1, db1, dW2, db2) from mlp's own backward pass, in float64: the reference the student is judged by."""
    from ..layers import Dense, Sigmoid
    from ..losses import MSE
    from ..network import Sequential

    net = Sequential(Dense(2, 2, dtype=np.float64), Sigmoid(), Dense(2, 1, dtype=np.float64), Sigmoid())
    for param, value in zip(net.parameters(), (W1, b1, W2, b2)):
        param[...] = value
    loss = MSE()  # one example and one output: the mean is over a single element, so L = (y - t)^2
    loss.forward(net.forward(x.reshape(1, 2)), np.array([[t]]))
    net.backward(loss.backward())
    return tuple(g.copy() for g in net.gradients())


def _backward_variants(x: np.ndarray, t: float, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
                       b2: np.ndarray) -> dict[str, tuple[np.ndarray, ...]]:
    """The gradients of L = (y - t)^2 for one example ("right") and the usual wrong ones, by name."""
    s_hidden = x @ W1 + b1
    h = _sigmoid(s_hidden)
    s_out = h @ W2 + b2
    y = _sigmoid(s_out)

    def grads(dL_dy: np.ndarray, out_slope: bool = True, hidden_slope: bool = True,
              h_for_W2: np.ndarray = h) -> tuple[np.ndarray, ...]:
        delta_out = dL_dy * (y * (1 - y) if out_slope else 1.0)
        dW2 = np.outer(h_for_W2, delta_out)
        db2 = delta_out.copy()
        dL_dh = W2 @ delta_out
        delta_hidden = dL_dh * (h * (1 - h) if hidden_slope else 1.0)
        return np.outer(x, delta_hidden), delta_hidden, dW2, db2

    right = grads(2 * (y - t))
    return {
        "right": right,
        "half": grads(y - t),
        "sign": tuple(-g for g in right),
        "no output slope": grads(2 * (y - t), out_slope=False),
        "no hidden slope": grads(2 * (y - t), hidden_slope=False),
        "sums for W2": grads(2 * (y - t), h_for_W2=s_hidden),
        "transposed": (right[0].T, right[1], right[2], right[3]),
    }


# ----------------------------------------------------------------------------------------------------------
# Helpers for reading the student's answers.
# ----------------------------------------------------------------------------------------------------------


def _vector(value: Any, n: int) -> np.ndarray | None:
    """``value`` as a float64 vector of ``n`` numbers (any shape with n elements), else None."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if array.size != n or not np.all(np.isfinite(array)):
        return None
    return array.reshape(n)


def _number(value: Any) -> float | None:
    """``value`` as a float if it is one real number (a 1-element array counts), else None."""
    array = _vector(value, 1)
    return None if array is None else float(array[0])


def _show(values: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:.4g}" for v in np.ravel(values)) + ")"


# ----------------------------------------------------------------------------------------------------------
# The exercises.
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="error = target - x @ w; new weights = w + error * w / w.sum()")
def proportional_step(proportional_step_fn: Any) -> Any:
    """Exercise "The deck's rule as a function": ``proportional_step(x, w, target)`` -> new weights."""
    got = expect_value(_vector(call(proportional_step_fn, DECK_X.copy(), DECK_W.copy(), DECK_TARGET), 3),
                       "`proportional_step` should return the 3 new weights as an array (one per input)")
    expected = _proportional(DECK_X, DECK_W, DECK_TARGET)
    if not close(got, expected, 1e-6):
        error = DECK_TARGET - DECK_X @ DECK_W
        shares = error * DECK_W / DECK_W.sum()
        expect(not close(got, shares, 1e-6), f"you returned the shares {_show(got)}; add them to the weights to "
                                             "get the new weights")
        expect(not close(got, DECK_W - shares, 1e-6), f"{_show(got)} moves the weights the wrong way: the output "
               "0.15 is below the target 0.2, so the error target - output is positive and the weights must grow")
        expect(not close(got, np.round(expected, 4), 1e-9), f"{_show(got)} is rounded to 4 decimals, as on the "
               "slide; return the unrounded weights (round only when you print)")
        expect(not close(got, DECK_W + error * DECK_X, 1e-6), f"{_show(got)} is the delta rule (the error times "
               "the inputs); the deck's rule splits the error in the ratio of the *weights*, 1 : 3 : 2")
        expect(not close(got, DECK_W + error * DECK_X / DECK_X.sum(), 1e-6), f"{_show(got)} splits the error in "
               "the ratio of the *inputs* (4 : 3 : 1); the deck's rule uses the ratio of the weights, 1 : 3 : 2")
        expect(not close(got, DECK_W + error / 3, 1e-6), f"{_show(got)} gives every weight the same share; "
               "split the error in the ratio of the weights: share_i = error * w_i / sum(w)")
        return hint(f"on the deck's numbers the new weights are (0.1083, 0.325, 0.2167) (rounded), you returned "
                    f"{_show(got)}; compute error = target - x @ w, then w + error * w / w.sum()")
    # Other numbers: an output above the target (negative error), and four inputs.
    cases = [
        (np.array([1.0, 2.0]), np.array([0.5, 1.5]), 2.0),
        (np.array([0.2, 0.9, 0.5, 0.1]), np.array([0.3, 0.1, 0.4, 0.2]), 0.25),
    ]
    for x, w, target in cases:
        wanted = _proportional(x, w, target)
        raw = call(proportional_step_fn, x.copy(), w.copy(), target)
        answer = expect_value(_vector(raw, len(w)), f"with {len(w)} inputs `proportional_step` should return "
                                                    f"{len(w)} weights, it returned {np.size(raw)} numbers; does it "
                                                    "use its arguments instead of the deck's numbers?")
        error = target - x @ w
        expect(not (error < 0 and close(answer, w + abs(error) * w / w.sum(), 1e-6)),
               f"with x = {_show(x)}, w = {_show(w)} and target {target:g} the output {x @ w:g} is *above* the "
               f"target, so the error is negative ({error:g}) and the weights must shrink; keep the error's sign")
        expect(close(answer, wanted, 1e-6),
               f"with x = {_show(x)}, w = {_show(w)} and target {target:g} the new weights are {_show(wanted)}, "
               f"you returned {_show(answer)}; does your function use "
               "its arguments (any number of weights, and an error that can be negative) instead of the deck's "
               "numbers?")
    y_new = DECK_X @ expected
    return passed(f"new weights {_show(expected)}: the shares add up to the whole error 0.05, yet the output only "
                  f"rises to {y_new:.4f}, because each share is multiplied by its input (all below 1)")


@exercise(hint="repeat 20 times: error = target - x @ w, then w + error * w / w.sum() (or w + error * x)")
def zero_weight(my_prediction: Any, a_after_20_proportional: Any, a_after_20_delta: Any) -> Any:
    """Exercise "A weight that starts at zero": the prediction and weight A after 20 steps of each rule."""
    said = expect_value(_number(my_prediction), f"set `my_prediction` to one number, your guess for weight A after "
                                                f"20 steps of the deck's rule, got {my_prediction!r}")
    start = np.array([0.0, 0.3, 0.2])
    prop = _run(_proportional, DECK_X, start, DECK_TARGET, 20)[0]
    delta = _run(_delta, DECK_X, start, DECK_TARGET, 20)[0]
    got_prop, got_delta = _number(a_after_20_proportional), _number(a_after_20_delta)
    not_numbers = "`a_after_20_proportional` and `a_after_20_delta` should each be one number: weight A after 20 steps"
    got_prop, got_delta = expect_value(got_prop, not_numbers), expect_value(got_delta, not_numbers)
    if not close(got_prop, prop, 1e-6):
        expect(not close(got_prop, delta, 1e-6), f"{got_prop:.4g} is what the *delta* rule gives; the two answers "
                                                 "look swapped")
        expect(not close(got_prop, 0.3, 1e-6), "0.3 is weight B; weight A is the first of the three")
        return hint(f"you have A = {got_prop:.4g} after 20 steps of the deck's rule; start from w = (0, 0.3, 0.2) "
                    "and apply w + error * w / w.sum() twenty times, recomputing the error each time")
    if not close(got_delta, delta, 1e-6):
        expect(not close(got_delta, 0.0, 1e-9), "the delta rule moved A by error * x_A at every step, and x_A is "
                                                "0.4: A cannot still be 0")
        for steps in (19, 21):
            expect(not close(got_delta, _run(_delta, DECK_X, start, DECK_TARGET, steps)[0], 1e-6),
                   f"{got_delta:.4g} is A after {steps} steps; count the steps again (exactly 20 updates)")
        twice = _run(lambda x, w, t: _delta(x, w, t, 2.0), DECK_X, start, DECK_TARGET, 20)[0]
        expect(not close(got_delta, twice, 1e-6), f"{got_delta:.4g} uses the step 2 * error * x (learning rate 1 "
               "on the squared error); this exercise uses learning rate 0.5, so the step is error * x")
        expect(not close(got_delta, _delta(DECK_X, start, DECK_TARGET)[0], 1e-6),
               f"{got_delta:.4g} is A after one step; recompute the error and repeat, 20 steps in all")
        return hint(f"you have A = {got_delta:.4g} after 20 steps of the delta rule; start from w = (0, 0.3, 0.2) "
                    "and apply w + error * x twenty times, recomputing error = target - x @ w each time")
    story = (f"under the deck's rule A stays at {prop:g} for ever, while the delta rule moves it to {delta:.4f}. "
             "A share proportional to the weight is zero for a zero weight, so the deck's rule can never switch "
             "on an input, even the one that counts most (0.4); the delta rule's share is proportional to the "
             "input, so A grows fastest")
    if close(said, prop, 1e-3):
        return passed(f"you predicted {said:g}, and {story}.")
    return passed(f"you predicted {said:.4g}, but {story}.")


@exercise(hint="forward: s = x @ W1 + b1, h = sigmoid(s), y = sigmoid(h @ W2 + b2); backward: "
               "delta_out = 2 (y - t) y (1 - y), dW2 = outer(h, delta_out), delta_h = (W2 @ delta_out) h (1 - h), "
               "dW1 = outer(x, delta_h)")
def backward_221(backward_221_fn: Any) -> Any:
    """Exercise "Back-propagation as a function": ``backward_221(x, t, W1, b1, W2, b2)`` -> (dW1, db1, dW2, db2)."""
    rng = np.random.default_rng(4)
    cases = [
        ("the chapter's network", NET_X, NET_TARGET, NET_W1, NET_B1, NET_W2, NET_B2),
        ("a network with other (random) numbers", rng.uniform(-1, 1, 2), 0.1, rng.normal(0, 1, (2, 2)),
         rng.normal(0, 1, 2), rng.normal(0, 1, (2, 1)), rng.normal(0, 1, 1)),
    ]
    names = ("dW1", "db1", "dW2", "db2")
    shapes = ((2, 2), (2,), (2, 1), (1,))
    for where, x, t, W1, b1, W2, b2 in cases:
        answer = call(backward_221_fn, x.copy(), t, W1.copy(), b1.copy(), W2.copy(), b2.copy())
        expect(isinstance(answer, (tuple, list)) and len(answer) == 4,
               "`backward_221` should return four arrays, (dW1, db1, dW2, db2), in that order")
        got = []
        for name, shape, value in zip(names, shapes, answer):
            size = int(np.prod(shape))
            array = expect_value(_vector(value, size),
                                 f"`{name}` should hold {size} finite number{'s' if size > 1 else ''} (shape "
                                 f"{shape}), got {np.shape(value) if not isinstance(value, str) else repr(value)}")
            got.append(array.reshape(shape))
        variants = _backward_variants(x, t, W1, b1, W2, b2)
        right = _mlp_gradients(x, t, W1, b1, W2, b2)
        if all(close(g, r, 1e-6) for g, r in zip(got, right)):
            continue
        if all(close(g, v, 1e-6) for g, v in zip(got, variants["half"])):
            return hint("every gradient is half the right one: that is the loss (1/2)(y - t)^2, whose dL/dy is "
                        "y - t; the chapter (and mlp's MSE for one example) uses (y - t)^2, so dL/dy = 2 (y - t)")
        if all(close(g, v, 1e-6) for g, v in zip(got, variants["sign"])):
            return hint("every gradient has the wrong sign: dL/dy = 2 (y - t), output minus target; the minus sign "
                        "belongs to the update w <- w - lr * gradient, not to the gradient")
        if all(close(g, v, 1e-6) for g, v in zip(got, variants["no output slope"])):
            return hint("you left out the output sigmoid's slope: dL/ds_out = dL/dy * y (1 - y)")
        if all(close(g, v, 1e-6) for g, v in zip(got, variants["no hidden slope"])):
            return hint("dW2 and db2 are right, but dW1 and db1 lack the hidden sigmoids' slope: "
                        "dL/ds_j = dL/dh_j * h_j (1 - h_j)")
        if close(got[2], variants["sums for W2"][2], 1e-6):
            return hint("dW2 uses the hidden sums s = x @ W1 + b1; the output layer sees the hidden *outputs* "
                        "h = sigmoid(s), so dW2 = outer(h, delta_out)")
        if close(got[0], variants["transposed"][0], 1e-6) and not close(got[0], right[0], 1e-6):
            return hint("dW1 is transposed: W1[i, j] joins input i to hidden neuron j, so dW1[i, j] = x_i * "
                        "delta_j, i.e. np.outer(x, delta_hidden)")
        wrong = [name for name, g, r in zip(names, got, right) if not close(g, r, 1e-6)]
        expect(where == cases[0][0], "your function is right on the chapter's network but not on one with other "
                                     "numbers; use the arguments x, t, W1, b1, W2, b2 instead of the chapter's values")
        return hint(f"on {where} these are not right yet: {', '.join(wrong)}. Work backwards from the output: "
                    "dW2 and db2 first, then dL/dh = W2 @ delta_out, then the hidden deltas, then dW1 and db1")
    return passed("your back-propagation matches mlp's backward on the chapter's network and on a random one: "
                  "four lines of the chain rule per layer")


@exercise(hint="the deck's rule only rescales w: it ends at w * target / (x @ w); the delta rule only adds "
               "multiples of x: it ends at w + (target - x @ w) * x / (x @ x)")
def where_they_end(where_they_end_fn: Any) -> Any:
    """Exercise "Where do the rules end?": ``where_they_end(x, w, target)`` -> (w_proportional, w_delta)."""
    cases = [
        (DECK_X, DECK_W, DECK_TARGET),
        (np.array([0.9, 0.2, 0.5, 0.3]), np.array([0.2, 0.1, 0.4, 0.3]), 0.3),
    ]
    for k, (x, w, target) in enumerate(cases):
        answer = call(where_they_end_fn, x.copy(), w.copy(), target)
        expect(isinstance(answer, (tuple, list)) and len(answer) == 2,
               "`where_they_end` should return two arrays of weights: (where the deck's rule ends, where the "
               "delta rule ends)")
        got_prop, got_delta = _vector(answer[0], len(w)), _vector(answer[1], len(w))
        not_weights = f"each of the two answers should hold {len(w)} weights, one per input"
        got_prop, got_delta = expect_value(got_prop, not_weights), expect_value(got_delta, not_weights)
        prop = _run(_proportional, x, w, target, 500)
        delta = _run(_delta, x, w, target, 500)
        if close(got_prop, prop, 1e-6) and close(got_delta, delta, 1e-6):
            continue
        expect(not (close(got_prop, delta, 1e-6) and close(got_delta, prop, 1e-6)),
               "the two answers are swapped: first the deck's rule, then the delta rule")
        expect(not close(got_prop, _proportional(x, w, target), 1e-6),
               "your first answer is where the deck's rule is after *one* step; the question is where it ends "
               "after many (the error then is 0)")
        expect(not close(got_delta, _delta(x, w, target), 1e-6),
               "your second answer is where the delta rule is after *one* step; the question is where it ends "
               "after many (the error then is 0)")
        expect(not (close(got_prop, prop, 1e-3) and close(got_delta, delta, 1e-3)),
               "your answers are close but not exact (rounded, or too few iterations?); compute them exactly from "
               "x, w and target")
        if not close(got_prop, prop, 1e-6):
            end_error = target - x @ got_prop
            return hint(f"the deck's rule ends at {_show(prop)}, you have {_show(got_prop)} (error {end_error:.3g} "
                        "there). Every step multiplies w by the same number, (1 + error / sum(w)): which multiple "
                        "of w has output exactly the target?")
        end_error = target - x @ got_delta
        return hint(f"the delta rule ends at {_show(delta)}, you have {_show(got_delta)} (error {end_error:.3g} "
                    "there). Every step adds a multiple of x to w: which point w + c x has output exactly the "
                    "target?" + (" (your answer works for the deck's numbers but not for others: use the "
                                 "arguments)" if k else ""))
    prop = _run(_proportional, DECK_X, DECK_W, DECK_TARGET, 500)
    delta = _run(_delta, DECK_X, DECK_W, DECK_TARGET, 500)
    moved_prop = float(np.linalg.norm(prop - DECK_W))
    moved_delta = float(np.linalg.norm(delta - DECK_W))
    return passed(f"on the deck's numbers the deck's rule ends at {_show(prop)} (still 1 : 3 : 2), the delta rule "
                  f"at {_show(delta)}. Both outputs are 0.2, but the delta rule moved the weights by "
                  f"{moved_delta:.4f} against {moved_prop:.4f}: it finds the nearest weights with zero error")
