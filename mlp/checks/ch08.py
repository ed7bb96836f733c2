"""Checks for chapter 8, "Gradient descent": one function per exercise.

In the notebook::

    from mlp.checks import ch08 as check
    check.descend(my_descend)
    check.largest_stable_lr(largest_stable_lr, x)
    check.bigger_batch(my_prediction, final_loss_512, history_a, x_train, y_train)
    check.rescale_unit(rescale_unit, net_a, x_test)

Each check first runs the student's answer on small cases built so that the likely mistakes (stepping uphill,
leaving out the starting point, a missing factor 2, sum instead of mean, scaling the outgoing weights the wrong
way, ...) give recognisably different answers, and names the mistake it recognises.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from .._validate import as_float_array, as_label_array, check_same_length
from ._core import CheckResult, as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["descend", "largest_stable_lr", "bigger_batch", "rescale_unit"]

# The chapter's MNIST protocol (the notebook's `train` function): a 784-100-60-10 ReLU network, plain SGD,
# the examples visited in the order fixed by seed 0, initial weights from seed 0.
_SIZES = (784, 100, 60, 10)
_N_TRAIN = 2000


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _as_path(value: Any) -> np.ndarray | None:
    """The student's path as a float64 array, or None if it is not an array of numbers."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array


def _reference_path(grad: Callable[[Any], Any], w0: Any, lr: float, n_steps: int, sign: float = -1.0) -> np.ndarray:
    """Gradient descent (sign -1) or ascent (sign +1): the n_steps + 1 points visited."""
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w + sign * lr * np.asarray(grad(w), dtype=np.float64)
        path.append(w.copy())
    return np.array(path)


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: gradient descent in a few lines
# ----------------------------------------------------------------------------------------------------------


def _diagnose_path(
    got: np.ndarray, grad: Callable[[Any], Any], w0: Any, lr: float, n_steps: int
) -> CheckResult | None:
    """None if ``got`` is the descent path, else a hint naming the mistake."""
    expected = _reference_path(grad, w0, lr, n_steps)
    if got.shape == expected.shape and close(got, expected, 1e-6):
        return None
    if got.size == np.asarray(w0).size and close(got.reshape(expected[-1].shape), expected[-1], 1e-6):
        return hint("you returned only the last point; return the whole path, one row per point, the start included")
    if got.shape[:1] == (n_steps,) and close(got, expected[1:], 1e-6):
        return hint(f"your path has {n_steps} points; include the starting point w0 as well ({n_steps + 1} in all)")
    if got.shape[:1] == (n_steps,) and close(got, expected[:-1], 1e-6):
        return hint(f"your path stops one step short: it should have {n_steps + 1} points, from w0 to the point "
                    f"after step {n_steps}")
    if got.shape == expected.shape and close(got, _reference_path(grad, w0, lr, n_steps, sign=+1.0), 1e-6):
        return hint("your steps go uphill: the update is w - lr * grad(w), against the slope, not w + lr * grad(w)")
    if got.shape == expected.shape and close(got, _reference_path(grad, w0, 1.0, n_steps), 1e-6):
        return hint("your steps ignore the learning rate: multiply the gradient by `lr` before subtracting it")
    if got.ndim == expected.ndim and got.shape == expected.shape and len(got) > 1 and np.allclose(got, got[-1]):
        return hint("every row of your path is the same point: you probably changed `w` in place and appended the "
                    "same array each time; append a copy (`w.copy()`) or write `w = w - ...`")
    if got.shape != expected.shape:
        return hint(f"for w0 = {np.asarray(w0).tolist()} and n_steps = {n_steps} the path should have shape "
                    f"{expected.shape}, yours has {got.shape}")
    return hint(f"from w0 = {np.asarray(w0).tolist()} with lr = {lr} the first steps should visit "
                f"{np.round(expected[:3], 4).tolist()}, yours visit {np.round(got[:3], 4).tolist()}")


@exercise(hint="keep a list of points; repeat `w = w - lr * grad(w)` n_steps times, appending each new w")
def descend(descend_fn: Any) -> Any:
    """Exercise "Gradient descent in a few lines": ``my_descend(grad, w0, lr, n_steps)`` -> array of points."""
    cases = [
        # a bowl with its bottom at 3: every mistake gives a different path
        (lambda w: 2.0 * (w - 3.0), 0.0, 0.1, 5, "the bowl (w - 3)^2"),
        # the two-valley loss of the chapter, from the right of the hill
        (lambda w: 4.0 * w * (w * w - 1.0) + 0.3, 0.3, 0.05, 8, "the two-valley loss"),
        # two weights at once: a narrow valley 0.5 * (w1^2 + 10 w2^2)
        (lambda w: np.array([1.0, 10.0]) * w, np.array([1.0, 1.0]), 0.15, 6, "the valley 0.5 (w1^2 + 10 w2^2)"),
    ]
    for grad, w0, lr, n_steps, what in cases:
        got = expect_value(_as_path(call(descend_fn, grad, w0, lr, n_steps)),
                           "`my_descend` should return an array of numbers (the points visited)")
        mistake = _diagnose_path(got, grad, w0, lr, n_steps)
        if mistake is not None:
            mistake.message = f"on {what}: {mistake.message}"
            return mistake
    return passed("your descent matches on a bowl, on the two-valley loss and with two weights at once")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: where divergence begins
# ----------------------------------------------------------------------------------------------------------


def _diverges(x: np.ndarray, t: np.ndarray, lr: float, n_steps: int = 200) -> bool:
    """Run gradient descent on mean((w x - t)^2) from w = 0 and say whether it blew up."""
    w_star = float(np.sum(x * t) / np.sum(x * x))
    w = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_steps):
            w -= lr * float(np.mean(2 * (w * x - t) * x))
    return not math.isfinite(w) or abs(w - w_star) > abs(w_star)


@exercise(hint="the gradient is 2 * mean(x**2) * (w - w*), so one step multiplies w - w* by 1 - 2 * lr * mean(x**2)")
def largest_stable_lr(largest_stable_lr_fn: Any, x: Any) -> Any:
    """Exercise "Where divergence begins": ``largest_stable_lr(x)`` -> 1 / mean(x^2)."""
    for inputs in (np.array([1.0, 2.0, 3.0]), np.array([0.5, -0.5, 2.0, 1.0])):
        square_mean = float(np.mean(inputs**2))
        expected = 1.0 / square_mean
        got = expect_value(as_number(call(largest_stable_lr_fn, inputs.copy())),
                           "`largest_stable_lr` should return one number, a learning rate")
        shown = f"for x = {inputs.tolist()}"
        expect(not close(got, 2 * expected, 1e-4),
               f"{shown} you returned 2 / mean(x^2) = {got:.4g}: the derivative of (w x - t)^2 has a factor 2 "
               "(it is 2 (w x - t) x), which halves the limit")
        expect(not close(got, expected / 2, 1e-4),
               f"{shown} you returned {got:.4g}: that is the learning rate whose ratio is 0 (the bottom in one "
               "step); divergence begins where the ratio 1 - 2 lr mean(x^2) reaches -1")
        expect(not close(got, 1.0 / float(np.sum(inputs**2)), 1e-4),
               f"{shown} you divided by the sum of x^2; the loss is a *mean*, so use mean(x^2)")
        expect(not close(got, square_mean, 1e-4), f"{shown} you returned mean(x^2) itself; the limit is its inverse")
        expect(not close(got, 1.0 / float(np.mean(inputs)) ** 2, 1e-4),
               f"{shown} you used the square of the mean of x; the curvature needs the mean of the squares, "
               "mean(x**2)")
        expect(close(got, expected, 1e-4),
               f"{shown} the limit is a different number than {got:.4g}; write the step as "
               "w - w* -> (1 - 2 lr mean(x^2)) (w - w*) and solve for the ratio = -1")

    chapter_x = as_float_array(x, "x", ndim=1).astype(np.float64)
    limit = 1.0 / float(np.mean(chapter_x**2))
    on_chapter_x = as_number(call(largest_stable_lr_fn, chapter_x.copy()))
    expect(on_chapter_x is not None and close(on_chapter_x, limit, 1e-4),
           f"on the chapter's x your function returns {on_chapter_x}, but the limit there is {limit:.4f}")
    t = 2.0 * chapter_x  # any targets will do: they move the minimum, not the steepness
    below, above = not _diverges(chapter_x, t, 0.98 * limit), _diverges(chapter_x, t, 1.02 * limit)
    verdict = "converges" if below else "diverges"
    return passed(f"on the chapter's inputs the limit is {limit:.4f}: gradient descent at 0.98 x that {verdict}, at "
                  f"1.02 x it {'diverges' if above else 'converges'}, whatever the targets")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: predict, then train a bigger batch
# ----------------------------------------------------------------------------------------------------------


def _final_training_loss(x: np.ndarray, y: np.ndarray, batch_size: int, lr: float = 0.1, epochs: int = 40) -> float:
    """The notebook's ``train(batch_size, lr, epochs)``: the final loss over all training images."""
    from ..losses import SoftmaxCrossEntropy
    from ..network import MLP
    from ..optim import SGD
    from ..training import fit

    net = MLP(list(_SIZES), activation="relu", seed=0)
    history = fit(net, SoftmaxCrossEntropy(), SGD(lr=lr), x, y, batch_size=batch_size, epochs=epochs,
                  eval_every=10**9, seed=0, on_divergence="stop", progress=False)
    return float(history.final()["train_loss"])


@exercise(hint='set my_prediction to "lower", "higher" or "about the same", then '
               '`net_512, history_512 = train(batch_size=512, lr=0.1, epochs=40)`')
def bigger_batch(my_prediction: Any, final_loss_512: Any, history_256: Any, x_train: Any, y_train: Any) -> Any:
    """Exercise "Predict, then train: a bigger batch": a prediction and the final loss of the batch-512 run.

    ``history_256`` is the notebook's batch-256 run (``history_a``), whose final loss the prediction is judged
    against; the batch-512 run is recomputed here with the chapter's protocol.
    """
    words = {"lower": "lower", "less": "lower", "smaller": "lower", "higher": "higher", "more": "higher",
             "larger": "higher", "about the same": "about the same", "the same": "about the same",
             "same": "about the same"}
    said = expect_value(words.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        f'set `my_prediction` to "lower", "higher" or "about the same", got {my_prediction!r}')
    x = as_float_array(x_train, "x_train", ndim=2)
    y = as_label_array(y_train, "y_train", n_classes=10)
    check_same_length(x, "x_train", y, "y_train")
    expect(x.shape == (_N_TRAIN, _SIZES[0]),
           f"pass the chapter's x_train and y_train ({_N_TRAIN} images of 784 pixels), got x_train of shape {x.shape}")
    got = expect_value(as_number(final_loss_512),
                       "`final_loss_512` should be one number: `history_512.final()['train_loss']`")

    config = getattr(history_256, "config", None)
    expect(isinstance(config, dict) and config.get("batch_size") == 256 and close(config.get("lr"), 0.1)
           and hasattr(history_256, "final"),
           "pass `history_a`, the chapter's batch-256, learning-rate-0.1 run, as the third argument")
    loss_256 = float(history_256.final()["train_loss"])
    loss_512 = _final_training_loss(x, y, 512)
    if not close(got, loss_512, 1e-4):
        expect(not close(got, loss_256, 1e-4), f"{got:.4f} is the final loss of the batch-256 run; train with "
                                               "batch_size=512")
        return hint(f"{got:.4g} is not the final training-set loss of train(batch_size=512, lr=0.1, epochs=40); "
                    "use exactly those settings and read `history.final()['train_loss']` (not `history.loss[-1]`, "
                    "which is the last mini-batch's loss)")

    relative = (loss_512 - loss_256) / loss_256
    actual = "higher" if relative > 0.1 else "lower" if relative < -0.1 else "about the same"
    steps_256, steps_512 = 40 * math.ceil(_N_TRAIN / 256), 40 * math.ceil(_N_TRAIN / 512)
    story = (f"batch 512 ends at {loss_512:.3f} against {loss_256:.3f} for batch 256: {actual}. In 40 epochs it takes "
             f"{steps_512} steps instead of {steps_256}; each gradient is less noisy, but plain SGD moves "
             "the same distance per step, so half the steps means less progress")
    if said == actual:
        return passed(f"{story}, as you predicted.")
    return passed(f"{story}. You predicted {said!r}: a bigger batch gives a better gradient, not a longer step, and "
                  "counted in epochs it gives fewer steps.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: rescaling a ReLU unit
# ----------------------------------------------------------------------------------------------------------


def _network_with(sizes: list[int], params: list[np.ndarray]) -> Any:
    from ..network import MLP

    net = MLP(sizes, activation="relu", seed=0)
    net.load_state(params)
    return net


def _variant(params: list[np.ndarray], unit: int, c: float, kind: str) -> list[np.ndarray]:
    """The right answer ("right") and the likely wrong ones, to recognise what the student did."""
    new = [p.copy() for p in params]
    if kind in ("right", "no_bias", "times_out"):
        new[0][:, unit] *= c
    if kind == "row_in":
        new[0][unit, :] *= c
    if kind in ("right", "times_out", "row_in", "column_out"):
        new[1][unit] *= c
    if kind in ("right", "no_bias", "row_in"):
        new[2][unit, :] /= c
    if kind == "times_out":
        new[2][unit, :] *= c
    if kind == "column_out":
        new[0][:, unit] *= c
        new[2][:, unit] /= c
    return new


def _same_arrays(a: list[np.ndarray], b: list[np.ndarray], tol: float = 1e-5) -> bool:
    return len(a) == len(b) and all(x.shape == y.shape and np.allclose(x, y, rtol=tol, atol=tol) for x, y in zip(a, b))


@exercise(hint="copy every array first; then W1[:, unit] *= c, b1[unit] *= c, W2[unit, :] /= c")
def rescale_unit(rescale_unit_fn: Any, net: Any, x_test: Any) -> Any:
    """Exercise "Infinitely many minima": ``rescale_unit(params, unit, c)`` -> a new list of arrays."""
    from ..network import MLP

    sizes = [6, 5, 4, 3]  # W1 is (6, 5): a row and a column of it are different things
    small = MLP(sizes, activation="relu", seed=7)
    rng = np.random.default_rng(5)
    for bias in small.parameters()[1::2]:  # MLP starts with zero biases: give them values, or forgetting b1 passes
        bias[...] = rng.normal(scale=0.5, size=bias.shape)
    params = small.state()
    inputs = np.random.default_rng(3).normal(size=(40, sizes[0])).astype(np.float32)
    reference = small(inputs)
    unit = 2
    for c in (2.5, 0.4):
        given = [p.copy() for p in params]
        got = call(rescale_unit_fn, given, unit, c)
        expect(_same_arrays(given, params, 0.0),
               "your function changed the arrays it was given; copy them first (`[p.copy() for p in params]`)")
        expect(isinstance(got, (list, tuple)), f"return a list of arrays, like `params`, got {type(got).__name__}")
        expect(len(got) == len(params), f"return all {len(params)} arrays of `params` (changed or not), "
                                        f"got a {type(got).__name__} of {len(got)}")
        paths = [_as_path(a) for a in got]
        arrays = [a for a in paths if a is not None]
        expect(len(arrays) == len(paths) and all(a.shape == p.shape for a, p in zip(arrays, params)),
               "every returned array must have the shape of the matching array in `params`")
        for kind, message in [
            ("times_out", "you multiplied the outgoing weights by c too; divide them by c to undo the larger output"),
            ("no_bias", "the unit's bias b1[unit] must be multiplied by c as well: relu(c (x w + b)) needs c on both"),
            ("row_in", "you scaled a *row* of W1; W1 has shape (inputs, hidden), so the unit's incoming weights are "
                       "the *column* W1[:, unit]"),
            ("column_out", "you divided a *column* of W2; the unit's outgoing weights are the *row* W2[unit, :]"),
        ]:
            expect(not _same_arrays(arrays, _variant(params, unit, c, kind)), message)
        expect(not _same_arrays(arrays, params), "you returned the weights unchanged; rescale hidden unit `unit`")
        expect(not np.allclose(arrays[0], params[0] * c),
               "you rescaled every hidden unit; only unit `unit` changes (column `unit` of W1, entry `unit` of b1, "
               "row `unit` of W2)")
        right = _variant(params, unit, c, "right")
        changed = [i for i, (a, r) in enumerate(zip(arrays, right)) if not np.allclose(a, r, rtol=1e-5, atol=1e-6)]
        if changed:
            names = ["W1", "b1", "W2", "b2", "W3", "b3"]
            return hint(f"with c = {c}, {', '.join(names[i] for i in changed)} differ from the expected arrays: only "
                        "column `unit` of W1, entry `unit` of b1 and row `unit` of W2 change")
        outputs = _network_with(sizes, [a.astype(np.float32) for a in arrays])(inputs)
        expect(np.allclose(outputs, reference, atol=1e-4),
               f"with c = {c} the network's outputs changed; they should not")

    negative = _network_with(sizes, _variant(params, unit, -1.0, "right"))(inputs)
    broken = float(np.max(np.abs(negative - reference)))

    # The chapter's trained network: same outputs, different weights.
    test = as_float_array(x_test, "x_test", ndim=2)
    chapter_params = net.state()
    chapter_sizes = [chapter_params[0].shape[0]] + [p.shape[0] for p in chapter_params[1::2]]
    answer = call(rescale_unit_fn, [p.copy() for p in chapter_params], 0, 3.0)
    rescaled = [np.asarray(a, dtype=np.float32) for a in answer]
    weight_change = float(np.max(np.abs(rescaled[0] - chapter_params[0])))
    output_change = float(np.max(np.abs(_network_with(chapter_sizes, rescaled)(test) - net(test))))
    expect(output_change < 1e-3,
           f"on the chapter's network A your rescaling changed the outputs by {output_change:.3g}")
    return passed(f"on network A, c = 3 changes a first-layer weight by up to {weight_change:.3f} and the outputs by "
                  f"only {output_change:.1e}. Every c > 0 is another minimum with the same loss, a whole curve of "
                  f"them per unit. With c = -1 the outputs of the small test network change by up to {broken:.3f}: "
                  "relu(-z) is not -relu(z), so c must be positive.")
