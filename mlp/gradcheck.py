"""Gradient checking: compare back-propagation's gradients with finite differences.

The derivative is the slope, so it can be measured by nudging one number at a time:

    df/dx_i  ~  (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)        (central differences, error O(eps^2))

This costs two evaluations of f per number, far too slow to train with, but a perfect referee for a
hand-written ``backward``. Everything runs in float64: in float32 the difference f(x + eps) - f(x - eps)
would drown in rounding error.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from ._validate import as_float_array, check_positive
from .layers.base import Layer

__all__ = ["numerical_gradient", "relative_error", "check_gradients"]


def _central_differences(f: Callable[[], float], array: np.ndarray, eps: float) -> np.ndarray:
    """Nudge each entry of ``array`` in place by +-eps, evaluate f(), restore it; returns df/darray."""
    grad = np.zeros(array.shape, dtype=np.float64)
    for index in np.ndindex(array.shape):  # one number at a time: that is the method (and why it is slow)
        original = array[index]
        array[index] = original + eps
        f_plus = float(f())
        array[index] = original - eps
        f_minus = float(f())
        array[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def numerical_gradient(f: Callable[[np.ndarray], float], x: Any, eps: float = 1e-5) -> np.ndarray:
    """Gradient of a scalar function by central differences, in float64.

    Args:
        f: a function of one array returning a number, e.g. ``lambda w: loss(w @ v)``.
        x: the point where the gradient is wanted (not modified: f receives a float64 copy).
        eps: the nudge size; 1e-5 balances truncation error (eps^2) against rounding error (1e-16 / eps).

    Returns:
        A float64 array shaped like ``x`` with entries (f(x + eps e_i) - f(x - eps e_i)) / (2 eps).
    """
    if not callable(f):
        raise TypeError(f"f must be a function of one array returning a number, got {type(f).__name__}")
    eps = check_positive(eps, "eps")
    point = as_float_array(x, "x", dtype=np.float64, copy=True)
    return _central_differences(lambda: f(point), point, eps)


def relative_error(a: Any, b: Any) -> float:
    """||a - b|| / (||a|| + ||b||) (Euclidean norms): 0 when equal, 1 when unrelated; 0 if both are zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def _float64_copy(model: Any) -> Any:
    """A deep copy of ``model`` with every parameter in float64, in evaluation mode (no random dropout)."""
    model = copy.deepcopy(model)
    for layer in getattr(model, "layers", [model]):
        layer.params[:] = [p.astype(np.float64) for p in layer.params]
        layer.grads[:] = [g.astype(np.float64) for g in layer.grads]
    model.eval()
    return model


def _named_parameters(model: Any) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, param, grad) triples: W1, b1, W2, ... for a network; W, b for a single layer."""
    if isinstance(model, Layer):
        return [(name, p, g) for name, p, g in zip(model.param_names, model.params, model.grads)]
    named, k = [], 0
    for layer in model.layers:
        if layer.params:
            k += 1
            names = layer.param_names or tuple(f"p{i}_" for i in range(len(layer.params)))
            named += [(f"{name}{k}", p, g) for name, p, g in zip(names, layer.params, layer.grads)]
    return named


def check_gradients(model: Any, loss: Any, x: Any, y: Any, eps: float = 1e-5) -> dict[str, float]:
    """Compare ``model.backward``'s gradients of L = loss(model(x), y) with finite differences.

    The check runs on a float64 copy of the model in evaluation mode (dropout off: a random mask would
    change L between two evaluations); the model itself is not touched.

    Args:
        model: a network (``Sequential``/``MLP``) or a single ``Layer``.
        loss: a loss object with ``forward(y_pred, y_true)`` and ``backward()``.
        x: a small batch of inputs (every number is nudged twice: keep it small).
        y: the matching targets.
        eps: the nudge size of ``numerical_gradient``.

    Returns:
        {"W1": err, "b1": err, ..., "x": err}: the relative error (see ``relative_error``) between the
        analytic and the numerical gradient of each parameter and of the input. In float64, below 1e-7 is a
        correct backward; 1e-7 to 1e-4 deserves a look (a ReLU kink within eps of 0 can cause it);
        above 1e-4 almost certainly means a bug.
    """
    eps = check_positive(eps, "eps")
    if not (isinstance(model, Layer) or hasattr(model, "layers")):
        raise TypeError(f"model must be a Layer or a network with .layers, got {type(model).__name__}")
    model64 = _float64_copy(model)
    x = as_float_array(x, "x", dtype=np.float64, copy=True)

    def f() -> float:
        return loss.forward(model64.forward(x), y)

    f()
    grad_x = model64.backward(loss.backward())
    named = _named_parameters(model64)
    analytic = [g.copy() for _, _, g in named]  # copy: the nudging below re-runs forward, not backward
    errors = {name: relative_error(g, _central_differences(f, p, eps)) for (name, p, _), g in zip(named, analytic)}
    errors["x"] = relative_error(grad_x, _central_differences(f, x, eps))
    return errors
