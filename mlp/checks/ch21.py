"""Checks for chapter 21, "Dropout": one function per exercise.

In the notebook::

    from mlp.checks import ch21 as check
    check.inverted_dropout(inverted_dropout)
    check.forgot_scaling(my_prediction, forgot_accuracy, dropout_model, x_val, y_val)
    check.thin(thin)
    check.mc_predict(mc_predict)

Each check runs the student's answer on small hand-made inputs built so that the likely mistakes (no 1/q, dividing
by p instead of q = 1 - p, the mask inverted, the wrong axis sliced, logits averaged instead of probabilities,
dropout left switched on, ...) give different answers, and names the mistake it recognises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import as_array, as_number, call, close, exercise, expect, expect_shape, expect_value, hint, passed

__all__ = ["inverted_dropout", "forgot_scaling", "thin", "mc_predict"]


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: inverted dropout by hand
# ----------------------------------------------------------------------------------------------------------

_X = np.array([[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 2.0, -3.0]], dtype=np.float32)
_KEEP = np.array([[True, False, True, True], [False, True, True, False]])


@exercise(hint="multiply x by the mask, then divide by the keep probability 1 - p")
def inverted_dropout(inverted_dropout_fn: Any) -> Any:
    """Exercise "Inverted dropout by hand": ``inverted_dropout(x, keep, p)`` -> x * keep / (1 - p)."""
    p = 0.25
    q = 1.0 - p
    expected = _X * _KEEP / q
    got = expect_value(as_array(call(inverted_dropout_fn, _X, _KEEP, p)),
                       "`inverted_dropout` should return an array of the same shape as x")
    expect(got.shape == _X.shape, f"the output should have the shape of x, {_X.shape}, got {got.shape}")
    if not close(got, expected, 1e-5):
        expect(not close(got, _X * _KEEP), "you dropped the right units but did not scale the survivors: that is "
                                           "the original paper's training step; inverted dropout divides them "
                                           "by the keep probability 1 - p")
        expect(not close(got, _X * _KEEP / p), "you divided by p, the *drop* probability; divide by the keep "
                                               "probability q = 1 - p")
        expect(not close(got, _X * _KEEP * q), "multiplying by 1 - p is the original convention's *test-time* "
                                               "step; inverted dropout divides by 1 - p during training")
        expect(not close(got, _X * ~_KEEP / q), "`keep` is True where a unit is kept; you zeroed the kept units "
                                                "and kept the dropped ones")
        expect(not close(got, _X / q), "you scaled every value but dropped none; multiply by the mask as well")
        return hint(f"with p = {p}, x = {_X[0].tolist()} and keep = {_KEEP[0].astype(int).tolist()} the first row "
                    f"should be {expected[0].tolist()}; you returned {np.round(got[0], 4).tolist()}")
    keep01 = _KEEP.astype(np.float32)  # a 0/1 mask must work too
    got01 = as_array(call(inverted_dropout_fn, _X, keep01, 0.5))
    expect(got01 is not None and close(got01, _X * keep01 / 0.5, 1e-5),
           "with p = 0.5 and the mask given as 0/1 numbers the answer is wrong; does your function use its `p` "
           "argument (and accept a mask of 0s and 1s)?")
    # The expectation over many random masks: the point of the 1/q.
    rng = np.random.default_rng(0)
    x = np.array([[0.5, 1.0, 2.0, 3.0]], dtype=np.float32)
    keep = rng.random((50_000, 4)) < q
    averaged = expect_value(as_array(call(inverted_dropout_fn, np.repeat(x, len(keep), axis=0), keep, p)),
                            "`inverted_dropout` should return an array of the same shape as x")
    average = averaged.mean(axis=0)
    return passed(f"averaged over 50,000 random masks (p = {p}), your function gives "
                  f"{np.round(average, 3).tolist()} for x = {x[0].tolist()}: the expectation is x itself, so the "
                  "test-time network needs no rescaling")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: predict, then compute the accuracy with the forgotten test-time scaling
# ----------------------------------------------------------------------------------------------------------

_PREDICTIONS = {
    "much lower": "much lower",
    "a little lower": "a little lower",
    "little lower": "a little lower",
    "slightly lower": "a little lower",
    "about the same": "about the same",
    "the same": "about the same",
    "same": "about the same",
    "higher": "higher",
}


def _chapter_logits(model: Any, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(correct, forgotten) test-time logits of ``model`` rewritten in the original convention.

    The original convention's weights after a dropout layer are W / q and its test time multiplies by q; forgetting
    that multiplication is the same as dividing each dropout layer's (evaluation-mode) output by q.
    """
    from ..layers import Dropout

    was_training = bool(getattr(model, "training", False))
    model.eval()
    try:
        correct = forgot = np.asarray(x, dtype=np.float32)
        for layer in model.layers:
            correct, forgot = layer.forward(correct), layer.forward(forgot)
            if isinstance(layer, Dropout):
                forgot = forgot / (1.0 - layer.p)
    finally:
        model.train(was_training)
    return np.asarray(correct, dtype=np.float64), np.asarray(forgot, dtype=np.float64)


def _classify(change: float) -> str:
    """The prediction words for a change of accuracy (a fraction, forgotten minus correct)."""
    if change > 0.01:
        return "higher"
    if change >= -0.01:
        return "about the same"
    if change >= -0.05:
        return "a little lower"
    return "much lower"


@exercise(hint="the accuracy is np.mean(np.argmax(logits_forgot, axis=1) == y_val)")
def forgot_scaling(my_prediction: Any, forgot_accuracy: Any, dropout_model: Any, x_val: Any, y_val: Any) -> Any:
    """Exercise "Predict, then compute": a prediction word and the accuracy of the forgotten-scaling logits."""
    said = expect_value(_PREDICTIONS.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        'set `my_prediction` to "much lower", "a little lower", "about the same" or "higher", '
                        f"got {my_prediction!r}")
    expect(hasattr(dropout_model, "layers") and getattr(dropout_model, "dropout", 0) > 0,
           "pass the chapter's `dropout_model` (the MNIST network trained with p = 0.5) as the third argument")
    labels = np.asarray(y_val)
    correct, forgot = _chapter_logits(dropout_model, x_val)
    expect(len(labels) == len(correct), "pass `x_val` and `y_val`, the chapter's validation images and labels")
    right = float(np.mean(correct.argmax(axis=1) == labels))
    truth = float(np.mean(forgot.argmax(axis=1) == labels))
    got = expect_value(as_number(forgot_accuracy), "`forgot_accuracy` should be one number, a fraction between 0 and 1")
    expect(not close(got, 100 * truth, 1e-4) or truth == 0, f"{got:g} is a percentage; give the accuracy as a "
                                                            f"fraction ({truth:.3f}, not {100 * truth:.1f})")
    if not close(got, truth, 1e-4):
        expect(not close(got, right, 1e-4), f"{got:.4f} is the accuracy of the *correct* logits "
                                            "(`logits_original`); use `logits_forgot`")
        expect(not close(got, 1 - truth, 1e-4), f"{got:.4f} is the error rate; the accuracy is the fraction "
                                                "classified correctly")
        return hint(f"the accuracy of `logits_forgot` against `y_val` is not {got:.4f}; compare "
                    "np.argmax(logits_forgot, axis=1) with y_val and take the mean")
    changed = int(np.sum(forgot.argmax(axis=1) != correct.argmax(axis=1)))
    actual = _classify(truth - right)
    ratio = np.abs(forgot).mean() / np.abs(correct).mean()
    story = (f"accuracy {right:.1%} with the scaling, {truth:.1%} without; only {changed} of {len(labels)} "
             f"predictions changed, although the logits are {ratio:.1f} times too large")
    why = ("Multiplying the logits by a positive number never changes which one is largest, and forgetting the "
           "scaling does nearly that: only the unscaled biases break the proportion, flipping a few close calls. "
           "The loss punishes the over-confidence; the accuracy does not see it")
    if said == actual:
        return passed(f"{story}: {actual}, as you predicted. {why}.")
    return passed(f"{story}. You predicted {said!r}, but it is {actual!r}. {why}.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: the thinned network's weights
# ----------------------------------------------------------------------------------------------------------


def _thin_case(seed: int) -> tuple[np.ndarray, ...]:
    """A random one-hidden-layer network (6 -> 8 -> 3), a batch of inputs and a mask keeping 5 of 8 units."""
    rng = np.random.default_rng(seed)
    W1 = rng.normal(size=(6, 8)).astype(np.float32)
    b1 = rng.normal(size=8).astype(np.float32)
    W2 = rng.normal(size=(8, 3)).astype(np.float32)
    b2 = rng.normal(size=3).astype(np.float32)
    x = rng.normal(size=(7, 6)).astype(np.float32)
    keep = np.zeros(8, dtype=bool)
    keep[rng.choice(8, size=5, replace=False)] = True
    return W1, b1, W2, b2, x, keep


@exercise(hint="W1_small = W1[:, keep], b1_small = b1[keep], W2_small = W2[keep] / (1 - p)")
def thin(thin_fn: Any) -> Any:
    """Exercise "Build the thinned network": ``thin(W1, b1, W2, keep, p)`` -> (W1_small, b1_small, W2_small)."""
    p = 0.4
    q = 1.0 - p
    W1, b1, W2, b2, x, keep = _thin_case(0)
    k = int(keep.sum())
    result = call(thin_fn, W1, b1, W2, keep, p)
    expect(isinstance(result, (tuple, list)) and len(result) == 3,
           "`thin` should return three arrays: (W1_small, b1_small, W2_small)")
    W1s, b1s, W2s = (np.asarray(a, dtype=np.float64) for a in result)
    expect(not (W1s.shape == W1.shape), f"W1_small has the full shape {W1.shape}; keep only the columns of the "
                                        f"kept units: W1[:, keep] has shape {(W1.shape[0], k)}")
    expect(not (W1s.shape == (k, W1.shape[1])), "you removed rows of W1; its *columns* are the hidden units "
                                                "(W1 has shape (inputs, hidden))")
    expect_shape(W1s, (W1.shape[0], k), "W1_small")
    expect_shape(b1s, (k,), "b1_small")
    expect(not (W2s.shape == W2.shape), f"W2_small has the full shape {W2.shape}; keep only the rows that leave "
                                        f"the kept units: W2[keep] has shape {(k, W2.shape[1])}")
    expect_shape(W2s, (k, W2.shape[1]), "W2_small")
    expected = (_relu(x @ W1 + b1) * keep / q) @ W2 + b2
    got = _relu(x @ W1s + b1s) @ W2s + b2
    if not close(got, expected, 1e-4):
        unscaled = (_relu(x @ W1 + b1) * keep) @ W2 + b2
        expect(not close(got, unscaled, 1e-4), "the small network gives the big network's output *without* the "
                                               "1/q of inverted dropout; divide the outgoing weights W2_small by "
                                               "q = 1 - p")
        expect(not close(got, (_relu(x @ W1 + b1) * keep / p) @ W2 + b2, 1e-4),
               "you divided by p, the drop probability; divide by the keep probability q = 1 - p")
        expect(not close(got, (_relu(x @ W1 + b1) * keep * q) @ W2 + b2, 1e-4),
               "you multiplied by q = 1 - p; inverted dropout *divides* the survivors by q")
        inverse = ~keep
        if int(inverse.sum()) == k:
            expect(not close(got, (_relu(x @ W1 + b1) * inverse / q) @ W2 + b2, 1e-4),
                   "you kept the dropped units; `keep` is True for the units that stay")
        return hint("the small network's output differs from the big network's training-mode output with this "
                    "mask; keep the same units in W1's columns, b1 and W2's rows, and fold 1/q into W2_small")
    # A second case with another p, so that a hard-coded number fails.
    W1, b1, W2, b2, x, keep = _thin_case(1)
    W1s, b1s, W2s = (np.asarray(a, dtype=np.float64) for a in call(thin_fn, W1, b1, W2, keep, 0.5))
    ok = W1s.shape == (6, int(keep.sum())) and W2s.shape == (int(keep.sum()), 3)
    expect(ok and close(_relu(x @ W1s + b1s) @ W2s + b2, (_relu(x @ W1 + b1) * keep / 0.5) @ W2 + b2, 1e-4),
           "your function is right for p = 0.4 but not for p = 0.5; use the `p` argument instead of a fixed number")
    full, small = W1.size + b1.size + W2.size, W1s.size + b1s.size + W2s.size
    return passed(f"the thinned network with {int(keep.sum())} of 8 hidden units has {small} weights instead of "
                  f"{full} and computes exactly what the big network computes with that mask. (Scaling W1_small "
                  "and b1_small by 1/q instead would work too, because ReLU(z/q) = ReLU(z)/q.)")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: Monte Carlo dropout
# ----------------------------------------------------------------------------------------------------------


def _mc_model() -> Any:
    """A small dropout network with large weights, so that averaging logits and averaging probabilities differ."""
    from ..network import MLP

    model = MLP([5, 40, 40, 4], dropout=0.5, seed=7)
    for W in model.parameters()[::2]:
        W *= 2.5
    return model.eval()


def _mc_reference(model: Any, x: np.ndarray, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(mean of softmax, softmax of mean logits) over ``n`` masks drawn from a copy of the model's layers."""
    from ..layers import Dropout

    rng = np.random.default_rng(seed)
    params = [np.asarray(p, dtype=np.float64) for p in model.parameters()]
    q = 1.0 - next(layer.p for layer in model.layers if isinstance(layer, Dropout))
    W1, b1, W2, b2, W3, b3 = params
    probs, logits = np.zeros((len(x), W3.shape[1])), np.zeros((len(x), W3.shape[1]))
    for _ in range(n):
        h1 = _relu(x @ W1 + b1) * (rng.random((len(x), W1.shape[1])) < q) / q
        h2 = _relu(h1 @ W2 + b2) * (rng.random((len(x), W2.shape[1])) < q) / q
        z = h2 @ W3 + b3
        probs = probs + _softmax(z)
        logits = logits + z
    return probs / n, _softmax(logits / n)


@exercise(hint="model.train(); average Softmax().forward(model.forward(x)) over n_samples passes; model.eval()")
def mc_predict(mc_predict_fn: Any) -> Any:
    """Exercise "Monte Carlo dropout": ``mc_predict(model, x, n_samples)`` -> mean of softmax over n thinned nets."""
    x = np.random.default_rng(3).normal(size=(6, 5)).astype(np.float32)
    model = _mc_model()
    eval_probs = _softmax(np.asarray(model.forward(x), dtype=np.float64))
    got = expect_value(as_array(call(mc_predict_fn, model, x, 1000)),
                       "`mc_predict` should return an array of probabilities, one row per row of x")
    expect(got.shape == (len(x), 4), f"the result should have shape {(len(x), 4)} (rows of x, classes), got "
                                     f"{got.shape}; average over the samples, not over the examples")
    expect(not model.training, "after `mc_predict` the model is still in training mode (dropout on); call "
                               "`model.eval()` before returning: the chapter showed what a network left in "
                               "training mode does to later predictions")
    expect(np.all(np.isfinite(got)), "the result contains NaN or infinity")
    expect(close(got.sum(axis=1), np.ones(len(x)), 1e-4), "the rows do not sum to 1: these are not probabilities. "
                                                          "Apply a softmax to each pass's logits before averaging")
    expect(not close(got, eval_probs, 1e-4), "your result is exactly the evaluation-mode prediction: no unit was "
                                             "dropped. Call `model.train()` before the passes")
    mean_probs, probs_of_mean = _mc_reference(model, x, 5000, seed=11)
    error = float(np.abs(got - mean_probs).max())
    error_logits = float(np.abs(got - probs_of_mean).max())
    if error > 0.12:
        expect(error_logits > error, "you averaged the *logits* and applied the softmax once at the end; average "
                                     "the probabilities of the thinned networks instead")
        return hint(f"with 1000 samples your average differs from the true average over masks by up to {error:.2f}; "
                    "average the softmax of `n_samples` training-mode passes")
    one, two = (as_array(call(mc_predict_fn, model, x, 1)) for _ in range(2))
    expect(one is not None and two is not None and not close(one, two, 1e-6),
           "two calls with n_samples=1 gave the same answer; each call should draw new masks (training mode)")
    gap = float(np.abs(mean_probs - probs_of_mean).max())
    return passed(f"with 1000 samples your average is within {error:.3f} of the exact average over masks. On this "
                  f"test network, averaging logits instead of probabilities would move a probability by up to "
                  f"{gap:.2f}: the average of the thinned networks' *predictions* is a probability vector, the "
                  "average of their logits is not what any of them predicted")

