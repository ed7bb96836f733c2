"""Checks for chapter 7, "Loss functions": one function per exercise.

In the notebook::

    from mlp.checks import ch07 as check
    check.cross_entropy(cross_entropy)
    check.lower_loss(my_prediction, loss_a, loss_b, probs_a, probs_b, labels_ab)
    check.logit_gradients(logit_gradients)
    check.stable_cross_entropy(stable_cross_entropy)

Each check first runs the student's function on small hand-made inputs chosen so that the likely mistakes
(a missing minus sign, log10 for ln, a sum for a mean, dividing by every entry instead of every sample,
``probs[:, labels]`` for ``probs[range(n), labels]``, a forgotten factor 2 or sigmoid slope, exp overflow,
log of an underflowed 0, ...) give different answers, and names the mistake it recognises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import as_float_array, as_label_array, check_same_length
from ._core import as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["cross_entropy", "lower_loss", "logit_gradients", "stable_cross_entropy"]

# Four samples, three classes; the correct classes get 0.7, 0.6, 0.5 and 0.1 (the last one is a mistake).
_PROBS = np.array(
    [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.8, 0.1, 0.1]], dtype=np.float64
)
_LABELS = np.array([0, 1, 2, 1], dtype=np.int64)

# Sigmoid logits and targets for the gradient exercise: confidently wrong, wrong, unsure, right, right.
_Z = np.array([-6.0, -2.0, 0.0, 1.5, 4.0], dtype=np.float64)
_T = np.array([1.0, 0.0, 1.0, 0.0, 1.0], dtype=np.float64)

# Logits for the stable cross-entropy: ordinary ones, then ones that break the naive formula in float64.
# Row 1: exp(1000) overflows, inf / inf = nan (a naive softmax). Row 2: after subtracting the row maximum 5,
# exp(-805) underflows to 0, so log(softmax) = -inf (a max-shifted softmax followed by a log).
_SMALL_LOGITS = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]], dtype=np.float64)
_SMALL_LABELS = np.array([0, 2], dtype=np.int64)
_HUGE_LOGITS = np.array([[1000.0, 0.0, -1000.0], [0.0, -800.0, 5.0]], dtype=np.float64)
_HUGE_LABELS = np.array([0, 1], dtype=np.int64)


# ----------------------------------------------------------------------------------------------------------
# Reference answers (what the solutions compute), used to judge the student's answers.
# ----------------------------------------------------------------------------------------------------------


def _cross_entropy(probs: np.ndarray, labels: np.ndarray) -> float:
    """Mean over the samples of -ln(probability of the correct class)."""
    return float(-np.mean(np.log(probs[np.arange(len(labels)), labels])))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _stable(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """The fused loss and its gradient (softmax - one-hot) / n, in float64."""
    n = len(labels)
    log_probs = _log_softmax(logits)
    grad = np.exp(log_probs)
    grad[np.arange(n), labels] -= 1
    return float(-np.mean(log_probs[np.arange(n), labels])), grad / n


def _number(value: Any) -> float | None:
    return as_number(value, nan=True, inf=True)


def _show(value: float | None) -> str:
    return "nothing usable" if value is None else f"{value:.6g}"


def _pair(value: Any, name: str, first: str, second: str) -> tuple[Any, Any]:
    """Unpack the student's ``(first, second)`` return value, or stop with a hint."""
    expect(isinstance(value, (tuple, list)) and len(value) == 2,
           f"`{name}` should return a pair `({first}, {second})`, got {type(value).__name__}"
           + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""))
    return value[0], value[1]


def _array(value: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    """``value`` as a float64 array of ``shape``, or stop with a hint naming ``name``."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    array = expect_value(array, f"`{name}` should be an array of numbers, got {type(value).__name__}")
    if array.shape != shape and array.size == int(np.prod(shape)):
        array = array.reshape(shape)  # (5, 1) for (5,) and the like: the numbers are what matter
    expect(array.shape == shape, f"`{name}` should have shape {shape}, the shape of the input, got {array.shape}")
    return array


# ----------------------------------------------------------------------------------------------------------
# The exercises.
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="pick one probability per row with probs[np.arange(n), labels], take -np.log, then np.mean")
def cross_entropy(cross_entropy_fn: Any) -> Any:
    """Exercise "Cross-entropy in NumPy": ``cross_entropy(probs, labels)`` -> one number."""
    expected = _cross_entropy(_PROBS, _LABELS)
    value = call(cross_entropy_fn, _PROBS, _LABELS)
    per_sample = -np.log(_PROBS[np.arange(4), _LABELS])
    if np.ndim(value) == 1 and np.size(value) == 4:
        values = np.asarray(value, dtype=np.float64)
        expect(not close(values, per_sample), "you returned one loss per sample; return their mean, one number")
    got = expect_value(_number(value), f"`cross_entropy` should return one number, got {type(value).__name__} "
                                       f"with {np.size(value)} values")
    expect(np.isfinite(got), f"you returned {got}; these probabilities are all positive, so the loss is finite: "
                             "take the log of the correct class's probability only")
    if not close(got, expected, 1e-5):
        one_hot = np.eye(3)[_LABELS]
        mistakes = [
            (-expected, "the sign is flipped: the loss is *minus* the log-probability (a loss is never negative)"),
            (expected / np.log(10), "that is log base 10; use the natural logarithm np.log"),
            (expected / np.log(2), "that is log base 2; use the natural logarithm np.log"),
            (expected * 4, "that is the sum over the samples; take the mean (divide by the number of samples)"),
            (expected / 3, "you divided by every entry (samples x classes); divide by the number of samples only"),
            (float(-np.mean(np.log(_PROBS[:, _LABELS]))),
             "`probs[:, labels]` picks whole columns (an n x n table); use `probs[np.arange(n), labels]` to "
             "pick one entry per row"),
            (float(-np.mean(np.log(_PROBS[:, 0]))), "you always used the first column; use each sample's label"),
            (float(-np.mean(np.sum(one_hot * np.log(_PROBS) + (1 - one_hot) * np.log(1 - _PROBS), axis=1))),
             "that adds the (1 - t) ln(1 - y) terms of the yes/no (binary) form; for one class out of many, "
             "only the correct class's -ln y counts"),
            (float(-np.mean(np.sum(np.log(_PROBS), axis=1))),
             "you added the logs of *all* classes; only the correct class's probability counts"),
            (float(np.mean(1 - _PROBS[np.arange(4), _LABELS])), "that is 1 - p, not -ln p"),
        ]
        for wrong, message in mistakes:
            expect(not close(got, wrong, 1e-5), f"{got:.6g}: {message}")
        return hint(f"on a small batch the cross-entropy is {expected:.6f}, you returned {got:.6g}; "
                    "mean over the samples of -np.log(probability of the correct class)")
    rng = np.random.default_rng(7)  # a second batch: 6 samples, 5 classes, and a single sample
    logits = rng.normal(size=(6, 5))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = rng.integers(0, 5, size=6)
    for p, lab in ((probs, labels), (probs[:1], labels[:1])):
        wanted = _cross_entropy(p, lab)
        answer = _number(call(cross_entropy_fn, p, lab))
        expect(answer is not None and close(answer, wanted, 1e-5),
               f"on a batch of {len(lab)} sample(s) with {p.shape[1]} classes the answer is {wanted:.6f}, you "
               f"returned {_show(answer)}; does your function use the number of samples and classes of its input?")
    from ..losses import CrossEntropy

    return passed(f"your function gives {got:.6f} on the small batch, as mlp.losses.CrossEntropy does "
                  f"({CrossEntropy()(_PROBS, _LABELS):.6f})")


@exercise(hint="loss = mean over the samples of -ln(probability of the correct class), for each model")
def lower_loss(my_prediction: Any, loss_a: Any, loss_b: Any, probs_a: Any, probs_b: Any, labels: Any) -> Any:
    """Exercise "Predict: which model has the lower loss?": a prediction "A"/"B" and the two losses."""
    said = my_prediction.strip().upper().replace("MODEL", "").strip() if isinstance(my_prediction, str) else None
    expect(said in ("A", "B"), f'set `my_prediction` to "A" or "B", got {my_prediction!r}')
    a = as_float_array(probs_a, "probs_a", ndim=2, dtype=np.float64)
    b = as_float_array(probs_b, "probs_b", ndim=2, dtype=np.float64)
    y = as_label_array(labels, "labels_ab", n_classes=a.shape[1])
    check_same_length(a, "probs_a", y, "labels_ab")
    check_same_length(b, "probs_b", y, "labels_ab")
    expected = {"A": _cross_entropy(a, y), "B": _cross_entropy(b, y)}
    for name, value in (("A", loss_a), ("B", loss_b)):
        wanted = expected[name]
        other = expected["B" if name == "A" else "A"]
        variable = f"loss_{name.lower()}"
        got = expect_value(_number(value), f"`{variable}` should be one number, the mean cross-entropy of model {name}")
        if close(got, wanted, 1e-5):
            continue
        expect(not close(got, other, 1e-5), f"`{variable}` holds model {'B' if name == 'A' else 'A'}'s loss; "
                                            "swap them")
        expect(not close(got, -wanted, 1e-5), f"`{variable}` = {got:.4f} has the wrong sign: the loss is "
                                              "*minus* the log-probability")
        expect(not close(got, wanted / np.log(10), 1e-5), f"`{variable}` = {got:.4f} uses log base 10; use np.log")
        expect(not close(got, wanted * len(y), 1e-5), f"`{variable}` = {got:.4f} is a sum over the ten samples; "
                                                      "take the mean")
        return hint(f"`{variable}` should be {wanted:.4f} (mean cross-entropy of model {name}), you have {got:.4f}")
    accuracy = {name: float(np.mean(m.argmax(axis=1) == y)) for name, m in (("A", a), ("B", b))}
    lower = "A" if expected["A"] < expected["B"] else "B"
    story = (f"model A: accuracy {accuracy['A']:.0%}, loss {expected['A']:.4f}; model B: accuracy "
             f"{accuracy['B']:.0%}, loss {expected['B']:.4f}")
    why = ("B's nine confident right answers cost almost nothing and outweigh its one costly mistake, while A "
           "pays for its timidity on every sample. The loss rewards confidence when it is right, which accuracy "
           "cannot see: a lower loss does not always mean a higher accuracy.")
    if said == lower:
        return passed(f"{story}. Model {lower} has the lower loss, as you predicted. {why}")
    return passed(f"{story}. You predicted {said}, but model {lower} has the lower loss, despite "
                  f"{'its' if lower == 'B' else 'the other'} lower accuracy. {why}")


@exercise(hint="p = 1 / (1 + np.exp(-z)); mse_grad = 2 (p - t) p (1 - p); ce_grad simplifies to p - t")
def logit_gradients(logit_gradients_fn: Any) -> Any:
    """Exercise "The gradients at the logit": ``logit_gradients(z, t)`` -> ``(mse_grad, ce_grad)``."""
    p = _sigmoid(_Z)
    mse_expected = 2 * (p - _T) * p * (1 - p)
    ce_expected = p - _T
    mse_raw, ce_raw = _pair(call(logit_gradients_fn, _Z, _T), "logit_gradients", "mse_grad", "ce_grad")
    mse_grad = _array(mse_raw, _Z.shape, "mse_grad")
    ce_grad = _array(ce_raw, _Z.shape, "ce_grad")
    swapped = close(mse_grad, ce_expected, 1e-5) and close(ce_grad, mse_expected, 1e-5)
    expect(not swapped, "the two gradients are swapped: return `(mse_grad, ce_grad)` in that order")
    if not close(mse_grad, mse_expected, 1e-5):
        mistakes = [
            (-mse_expected, "the sign is flipped: the derivative of (p - t)^2 is 2 (p - t) times dp/dz"),
            (mse_expected / 2, "the factor 2 of the square's derivative is missing"),
            (2 * (p - _T), "that is dL/dp; multiply by the sigmoid's slope dp/dz = p (1 - p)"),
            (2 * (_Z - _T) * p * (1 - p), "you used z where p belongs: compute p = 1 / (1 + np.exp(-z)) first"),
            (mse_expected / len(_Z), "you divided by the number of samples; this exercise wants each sample's "
                                     "own derivative, no averaging"),
            (2 * (p - _T) * p, "the sigmoid's slope is p (1 - p), not p"),
        ]
        for wrong, message in mistakes:
            expect(not close(mse_grad, wrong, 1e-5), f"`mse_grad`: {message}")
        return hint(f"`mse_grad` is not right yet: at z = {_Z[0]:g}, t = {_T[0]:g} it should be "
                    f"{mse_expected[0]:.6f}, you have {mse_grad[0]:.6g}")
    if not close(ce_grad, ce_expected, 1e-5):
        with np.errstate(all="ignore"):
            dl_dp = -_T / p + (1 - _T) / (1 - p)
        mistakes = [
            (-ce_expected, "the sign is flipped: dL/dz = p - t (positive when p is too high)"),
            (dl_dp, "that is dL/dp; multiply by dp/dz = p (1 - p), and the expression simplifies to p - t"),
            (ce_expected * p * (1 - p), "you multiplied by p (1 - p) twice: (p - t) is already the derivative "
                                        "with respect to z"),
            (ce_expected / len(_Z), "you divided by the number of samples; this exercise wants each sample's "
                                    "own derivative, no averaging"),
            (_Z - _T, "you used z where p belongs: compute p = 1 / (1 + np.exp(-z)) first"),
        ]
        for wrong, message in mistakes:
            expect(not close(ce_grad, wrong, 1e-5), f"`ce_grad`: {message}")
        return hint(f"`ce_grad` is not right yet: at z = {_Z[0]:g}, t = {_T[0]:g} it should be "
                    f"{ce_expected[0]:.6f}, you have {ce_grad[0]:.6g}")
    ratio = ce_expected[0] / mse_expected[0]
    return passed(f"both gradients are right. At z = {_Z[0]:g} (p = {p[0]:.4f}, target 1) the cross-entropy's "
                  f"gradient {ce_expected[0]:.4f} is {ratio:.0f} times the squared error's {mse_expected[0]:.5f}: "
                  "the squared error barely reacts to a confident mistake")


def _stable_hint(loss: float, grad: np.ndarray, logits: np.ndarray, labels: np.ndarray, which: str) -> str | None:
    """None if (loss, grad) is right for these logits, else a hint naming the likely mistake."""
    expected_loss, expected_grad = _stable(logits, labels)
    n = len(labels)
    if not np.isfinite(loss):
        if loss == -np.inf:  # log(sum of exponentials) = log(0): a whole row underflowed
            return (f"on {which} your loss is -inf: every exponential of some row underflowed to 0. Subtract each "
                    "row's own maximum (z.max(axis=1, keepdims=True)), not the maximum of the whole batch, so "
                    "that every row's sum contains e^0 = 1")
        if np.isnan(loss):
            return (f"on {which} your loss is nan: np.exp of a large logit overflowed to inf (inf / inf = nan). "
                    "Subtract each row's own maximum (z.max(axis=1, keepdims=True)) from the logits before np.exp")
        return (f"on {which} your loss is {loss}: a probability underflowed to 0 and np.log(0) = -inf. Never take "
                "the log of the softmax; compute log-probabilities as z - m - np.log(np.sum(np.exp(z - m)))")
    if not close(loss, expected_loss, 1e-5):
        if close(loss, -expected_loss, 1e-5):
            return f"on {which} your loss has the wrong sign: the loss is *minus* the log-probability"
        if close(loss, expected_loss * n, 1e-5):
            return f"on {which} your loss is a sum over the samples; take the mean"
        if close(loss, expected_loss / logits.shape[1], 1e-5):
            return f"on {which} you divided by every entry (samples x classes); divide by the number of samples"
        if expected_loss > 100 and loss < expected_loss / 4:
            return (f"on {which} your loss is {loss:.6g}, far below the true {expected_loss:.6g}: clipping the "
                    "probabilities (or the logits) caps the loss. Compute log-probabilities directly with "
                    "log-sum-exp")
        return f"on {which} the loss should be {expected_loss:.6f}, you returned {loss:.6g}"
    if not np.all(np.isfinite(grad)):
        return (f"on {which} your gradient contains nan or inf; compute the softmax from the shifted logits "
                "(or as np.exp of your log-probabilities)")
    if close(grad, expected_grad, 1e-5):
        return None
    if close(grad, -expected_grad, 1e-5):
        return f"on {which} your gradient has the wrong sign: it is (softmax - t) / n, not (t - softmax) / n"
    if close(grad, expected_grad * n, 1e-5):
        return f"on {which} your gradient is not divided by n, the number of samples (the loss is a mean)"
    if close(grad, np.exp(_log_softmax(logits)) / n, 1e-5) or close(grad, np.exp(_log_softmax(logits)), 1e-5):
        return f"on {which} your gradient is the softmax alone; subtract the one-hot target t"
    if close(grad, expected_grad / logits.shape[1], 1e-5):
        return f"on {which} you divided the gradient by every entry; divide by the number of samples only"
    return (f"on {which} the gradient should be (softmax(z) - t) / n, e.g. {np.round(expected_grad[0], 6)} for the "
            f"first row; yours starts {np.round(grad[0], 6)}")


@exercise(hint="shifted = z - z.max(axis=1, keepdims=True); log_probs = shifted - log(sum(exp(shifted))); "
               "grad = (exp(log_probs) - one_hot) / n")
def stable_cross_entropy(stable_cross_entropy_fn: Any) -> Any:
    """Exercise "A stable softmax cross-entropy": ``stable_cross_entropy(logits, labels)`` -> ``(loss, grad)``."""
    for logits, labels, which in ((_SMALL_LOGITS, _SMALL_LABELS, "small logits"),
                                  (_HUGE_LOGITS, _HUGE_LABELS, "the huge logits [[1000, 0, -1000], [0, -800, 5]]")):
        with np.errstate(all="ignore"):  # a naive answer's overflow is reported as a hint, not as a warning
            raw_loss, raw_grad = _pair(call(stable_cross_entropy_fn, logits, labels), "stable_cross_entropy",
                                       "loss", "grad")
        loss = expect_value(_number(raw_loss), f"the loss should be one number (the mean over the samples), got "
                                               f"{type(raw_loss).__name__} with {np.size(raw_loss)} values")
        grad = _array(raw_grad, logits.shape, "grad")
        mistake = _stable_hint(loss, grad, logits, labels, which)
        if mistake is not None:
            return hint(mistake)
    from ..losses import SoftmaxCrossEntropy

    value = SoftmaxCrossEntropy().forward(_HUGE_LOGITS, _HUGE_LABELS)
    with np.errstate(all="ignore"):
        e = np.exp(_HUGE_LOGITS)
        naive = -np.mean(np.log((e / e.sum(axis=1, keepdims=True))[np.arange(2), _HUGE_LABELS]))
    return passed(f"loss and gradient match mlp.losses.SoftmaxCrossEntropy, on small logits and on huge ones "
                  f"(loss {value:.4f} where the naive formula gives {naive})")
