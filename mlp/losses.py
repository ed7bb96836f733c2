"""Loss functions: one number that says how wrong the predictions are, and its gradient.

Each loss has ``forward(y_pred, y_true) -> float`` (the mean over the batch) and ``backward() -> dL/dy_pred``
(same shape as ``y_pred``). Predictions may contain NaN or inf (a diverging network): the loss then comes out
NaN or inf, which training detects; targets are data and are checked strictly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import as_float_array, as_label_array, check_choice, check_in_range, check_same_length
from .layers.base import as_batch

__all__ = ["Loss", "MSE", "CrossEntropy", "BinaryCrossEntropy", "SoftmaxCrossEntropy", "get", "LOSSES"]


def _one_hot(labels: np.ndarray, n_classes: int, dtype: np.dtype) -> np.ndarray:
    t = np.zeros((len(labels), n_classes), dtype=dtype)
    t[np.arange(len(labels)), labels] = 1
    return t


def _ndim(y_true: Any) -> int:
    try:
        return np.ndim(y_true)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"y_true must be an array of numbers, got a ragged {type(y_true).__name__}") from error


def _predictions(y_pred: Any, ndim: tuple[int, ...]) -> np.ndarray:
    y = as_batch(y_pred, "y_pred")
    if y.ndim not in ndim:
        expected = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"y_pred must be {expected} (one row per sample), got shape {y.shape}")
    return y


def _class_targets(y_true: Any, y_pred: np.ndarray) -> np.ndarray:
    """Integer labels (n,) or one-hot/probability rows (n, k) -> rows t of shape (n, k) that sum to 1."""
    n, k = y_pred.shape
    if _ndim(y_true) == 1:
        labels = as_label_array(y_true, "y_true", n_classes=k)
        check_same_length(y_pred, "y_pred", labels, "y_true")
        return _one_hot(labels, k, y_pred.dtype)
    t = as_float_array(y_true, "y_true", ndim=2, dtype=y_pred.dtype)
    if t.shape != y_pred.shape:
        raise ValueError(f"y_true must be {n} labels or one-hot rows of shape {y_pred.shape}, got {t.shape}")
    if np.any(t < 0) or not np.allclose(t.sum(axis=1), 1, atol=1e-3):
        raise ValueError("y_true rows must be one-hot (or probabilities): non-negative and summing to 1")
    return t


class Loss:
    """Base class: ``loss(y_pred, y_true)`` is ``loss.forward(y_pred, y_true)``."""

    #: What ``forward`` keeps for ``backward``: (predictions, targets); None before the first forward.
    _cache: tuple[np.ndarray, np.ndarray] | None = None

    def forward(self, y_pred: Any, y_true: Any) -> float:
        """The loss, averaged over the batch."""
        raise NotImplementedError

    def backward(self) -> np.ndarray:
        """dL/dy_pred for the last ``forward``."""
        raise NotImplementedError

    def __call__(self, y_pred: Any, y_true: Any) -> float:
        return self.forward(y_pred, y_true)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _cached(self) -> tuple[np.ndarray, np.ndarray]:
        if self._cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward was called before forward")
        return self._cache


class MSE(Loss):
    """Mean squared error: L = mean((y - t)^2), the mean over *every element* (batch and outputs).

    dL/dy = 2 (y - t) / N, with N = y.size. This is PyTorch's ``nn.MSELoss``. Some books use
    1/2 * sum (y - t)^2 so that the derivative is plain y - t; the factor only rescales the learning rate.
    Squaring makes every error positive and big errors count more than small ones.

    ``y_true`` has the shape of ``y_pred``; for a single output column it may be 1-D, and for several
    columns it may be integer class labels (turned into one-hot rows, to train a classifier on MSE).
    """

    def forward(self, y_pred: Any, y_true: Any) -> float:
        y = _predictions(y_pred, (1, 2))
        if y.ndim == 2 and y.shape[1] > 1 and _ndim(y_true) == 1:
            labels = as_label_array(y_true, "y_true", n_classes=y.shape[1])
            check_same_length(y, "y_pred", labels, "y_true")
            t = _one_hot(labels, y.shape[1], y.dtype)
        else:
            t = as_float_array(y_true, "y_true", dtype=y.dtype)
            if y.ndim == 2 and y.shape[1] == 1 and t.shape == (len(y),):
                t = t[:, None]  # (n,) targets for an (n, 1) output; avoids silent (n, n) broadcasting
            if t.shape != y.shape:
                raise ValueError(f"y_true must have the shape of y_pred {y.shape}, got {t.shape}")
        self._cache = (y, t)
        return float(np.mean((y - t) ** 2))

    def backward(self) -> np.ndarray:
        y, t = self._cached()
        return 2 * (y - t) / y.size


class CrossEntropy(Loss):
    """Cross-entropy of predicted probabilities: L = -mean over the batch of sum_k t_k log(y_k).

    With integer labels this is -mean(log y[i, label_i]): the log-probability given to the right class.
    ``y_pred`` holds probabilities (e.g. a softmax output), clipped to [eps, 1] so log(0) cannot occur.
    dL/dy = -t / clip(y) / n. For logits use ``SoftmaxCrossEntropy`` (stabler and simpler).

    Args:
        eps: the smallest probability used inside the log (default 1e-7).
    """

    def __init__(self, eps: float = 1e-7) -> None:
        self.eps = check_in_range(eps, "eps", 0.0, 0.5, inclusive="neither")
        self._cache = None

    def forward(self, y_pred: Any, y_true: Any) -> float:
        y = _predictions(y_pred, (2,))
        if y.shape[1] < 2:
            raise ValueError(
                "y_pred needs one column per class (at least 2); for one sigmoid output use BinaryCrossEntropy"
            )
        t = _class_targets(y_true, y)
        y = np.clip(y, self.eps, 1.0)
        self._cache = (y, t)
        return float(-np.sum(t * np.log(y)) / len(y))

    def backward(self) -> np.ndarray:
        y, t = self._cached()
        return -t / y / len(y)


class BinaryCrossEntropy(Loss):
    """Cross-entropy for yes/no outputs (a sigmoid per column): L = -mean(t log y + (1 - t) log(1 - y)).

    The mean is over every element. ``y_true`` holds 0/1 (or probabilities) in the shape of ``y_pred``;
    1-D targets are accepted for a single output column. y is clipped to [eps, 1 - eps].
    dL/dy = (y - t) / (y (1 - y)) / N, with N = y.size.
    """

    def __init__(self, eps: float = 1e-7) -> None:
        self.eps = check_in_range(eps, "eps", 0.0, 0.5, inclusive="neither")
        self._cache = None

    def forward(self, y_pred: Any, y_true: Any) -> float:
        y = _predictions(y_pred, (1, 2))
        t = as_float_array(y_true, "y_true", dtype=y.dtype)
        if y.ndim == 2 and y.shape[1] == 1 and t.shape == (len(y),):
            t = t[:, None]
        if t.shape != y.shape:
            raise ValueError(f"y_true must have the shape of y_pred {y.shape}, got {t.shape}")
        if np.any((t < 0) | (t > 1)):
            raise ValueError("y_true must hold 0/1 targets (or probabilities in [0, 1])")
        y = np.clip(y, self.eps, 1 - self.eps)
        self._cache = (y, t)
        return float(-np.mean(t * np.log(y) + (1 - t) * np.log(1 - y)))

    def backward(self) -> np.ndarray:
        y, t = self._cached()
        return (y - t) / (y * (1 - y)) / y.size


class SoftmaxCrossEntropy(Loss):
    """Softmax and cross-entropy fused, on logits z: L = -mean over the batch of sum_k t_k log softmax(z)_k.

    log softmax(z)_k = z_k - m - log(sum_j exp(z_j - m)) with m = max_j z_j (log-sum-exp): no overflow for
    large z, no log(0) for very negative z. The gradient collapses to dL/dz = (softmax(z) - t) / n.
    ``y_true``: integer labels (n,) or one-hot rows (n, k). After forward, ``probs`` holds softmax(z).
    """

    def __init__(self) -> None:
        self._cache = None

    def forward(self, y_pred: Any, y_true: Any) -> float:
        z = _predictions(y_pred, (2,))
        t = _class_targets(y_true, z)
        shifted = z - z.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.probs = np.exp(log_probs)
        self._cache = (self.probs, t)
        return float(-np.sum(t * log_probs) / len(z))

    def backward(self) -> np.ndarray:
        probs, t = self._cached()
        return (probs - t) / len(probs)


LOSSES: dict[str, type[Loss]] = {
    "mse": MSE,
    "cross_entropy": CrossEntropy,
    "binary_cross_entropy": BinaryCrossEntropy,
    "softmax_cross_entropy": SoftmaxCrossEntropy,
}


def get(name: str, **kwargs: Any) -> Loss:
    """Build a loss by name: "mse", "cross_entropy", "binary_cross_entropy" or "softmax_cross_entropy"."""
    return LOSSES[check_choice(name, "loss", tuple(LOSSES))](**kwargs)
