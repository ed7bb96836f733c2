"""The `Layer` base class: the one interface every building block of a network shares.

A layer is a function with a memory. ``forward(x)`` computes the output and keeps what the derivative will need;
``backward(grad_y)`` receives dL/dy (how the loss changes with each output) and returns dL/dx, after storing
dL/dparam for each of its parameters. Chaining these two calls layer by layer *is* back-propagation.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .._validate import as_float_array

__all__ = ["Layer", "as_batch", "as_generator", "check_float_dtype"]

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def as_generator(seed: Any, name: str = "seed") -> np.random.Generator:
    """Turn ``seed`` into a NumPy random generator.

    Args:
        seed: ``None`` (fresh, unpredictable randomness), a non-negative int (the same numbers on every run),
            or an existing ``np.random.Generator`` (shared, so several layers draw from one stream).
        name: the argument's name, for the error message.

    Returns:
        A ``np.random.Generator``.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and int(seed) >= 0:
        return np.random.default_rng(int(seed))
    raise TypeError(f"{name} must be None, a non-negative int or a np.random.Generator, got {seed!r}")


def check_float_dtype(dtype: Any, name: str = "dtype") -> np.dtype:
    """Return ``dtype`` as a NumPy dtype if it is float32 or float64 (the two the library computes in)."""
    try:
        resolved = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"{name} must be np.float32 or np.float64, got {dtype!r}") from error
    if resolved not in FLOAT_DTYPES:
        raise TypeError(f"{name} must be np.float32 or np.float64, got {resolved}")
    return resolved


def as_batch(x: Any, name: str = "x") -> np.ndarray:
    """Return ``x`` as a non-empty floating array, cheaply.

    Floating arrays pass through untouched, NaN included: a network that diverges produces NaN inside, and it
    must reach the loss, where training notices and stops. Anything else (lists, ints, bools) goes through the
    full check of ``as_float_array`` and becomes float32. Data entering a network is checked for NaN by
    ``Sequential.forward``.
    """
    if isinstance(x, np.ndarray) and x.dtype in FLOAT_DTYPES:
        array = x
    else:
        array = as_float_array(x, name, allow_empty=True)
    if array.ndim == 0:
        raise ValueError(f"{name} must be an array (one row per sample), got the single number {array}")
    if array.size == 0:
        raise ValueError(f"{name} must be a non-empty array, got shape {array.shape}")
    return array


class Layer:
    """Base class of every layer: ``y = forward(x)`` and ``dL/dx = backward(dL/dy)``.

    Attributes:
        params: the layer's weight arrays (empty for activations), updated in place by optimizers.
        grads: dL/dparam for each entry of ``params``, same shapes, overwritten (not accumulated) by ``backward``.
        param_names: short names of ``params`` ("W", "b"), used in reports such as gradient checks.
        training: True while training; layers such as dropout behave differently at test time.
    """

    param_names: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        self.training = True
        self._out_shape: tuple[int, ...] | None = None  # set by forward; backward checks grad_y against it

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute the layer's output for a batch ``x`` and remember what ``backward`` needs."""
        raise NotImplementedError

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        """Given dL/dy for the last forward's output, fill ``grads`` and return dL/dx."""
        raise NotImplementedError

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def train(self, mode: bool = True) -> Layer:
        """Switch to training mode (or to evaluation mode with ``mode=False``); returns the layer."""
        self.training = bool(mode)
        return self

    def eval(self) -> Layer:
        """Switch to evaluation (test-time) mode; returns the layer."""
        return self.train(False)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _check_grad(self, grad_y: Any) -> np.ndarray:
        """Validate the incoming gradient: backward must follow a forward, with dL/dy shaped like y."""
        if self._out_shape is None:
            raise RuntimeError(f"{type(self).__name__}.backward was called before forward")
        grad = as_batch(grad_y, "grad_y")
        if grad.shape != self._out_shape:
            raise ValueError(
                f"grad_y must have the shape of the last forward's output {self._out_shape}, got {grad.shape}"
            )
        return grad
