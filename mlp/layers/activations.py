"""Activation functions, each a layer with its forward and its derivative side by side.

Elementwise activations act on arrays of any shape; Softmax acts on the last axis (one row per sample).
Each backward multiplies the incoming dL/dy by the local derivative dy/dx (the chain rule).
"""

from __future__ import annotations

import numpy as np

from .._validate import check_choice
from .base import Layer, as_batch

__all__ = ["Identity", "Step", "Sigmoid", "Tanh", "ReLU", "Softmax", "get_activation", "ACTIVATIONS"]


class Identity(Layer):
    """y = x; dy/dx = 1. "No activation": the output layer of a network that predicts plain values."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_batch(x, "x")
        self._out_shape = x.shape
        return x

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        return self._check_grad(grad_y)


class Step(Layer):
    """The perceptron's threshold: y = 1 if x > 0 else 0 (the threshold theta is folded into the bias).

    Its derivative is 0 everywhere (and undefined at 0), so backward returns zeros: no error signal reaches
    the weights below. That is why a network of step units cannot be trained by gradient descent, and why
    the perceptron needs its own rule; the sigmoid, a smooth step, fixes exactly this.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_batch(x, "x")
        self._out_shape = x.shape
        return (x > 0).astype(x.dtype)

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        return np.zeros_like(self._check_grad(grad_y))


class Sigmoid(Layer):
    """y = 1 / (1 + exp(-x)); dy/dx = y (1 - y).

    Computed as 1 / (1 + exp(-|x|)) or its mirror image, so exp never sees a large positive number and
    cannot overflow, even for x = -1000.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_batch(x, "x")
        z = np.exp(-np.abs(x))  # in (0, 1]: safe for any x
        self.y = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
        self._out_shape = x.shape
        return self.y

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        return self._check_grad(grad_y) * self.y * (1 - self.y)


class Tanh(Layer):
    """y = tanh(x) = (e^x - e^-x) / (e^x + e^-x), in (-1, 1); dy/dx = 1 - y^2.

    Centred on zero (it can say "negative"), which is why it usually beats the sigmoid in hidden layers.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_batch(x, "x")
        self.y = np.tanh(x)
        self._out_shape = x.shape
        return self.y

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        return self._check_grad(grad_y) * (1 - self.y**2)


class ReLU(Layer):
    """y = max(0, x); dy/dx = 1 where x > 0, else 0 (at exactly 0 we take 0)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_batch(x, "x")
        self.positive = x > 0
        self._out_shape = x.shape
        return x * self.positive

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        return self._check_grad(grad_y) * self.positive


class Softmax(Layer):
    """y_i = exp(x_i) / sum_j exp(x_j) along the last axis: positive outputs that sum to 1.

    The row maximum is subtracted first; softmax(x - c) = softmax(x) for any c, and then exp never overflows.
    Backward (the Jacobian is dy_i/dx_j = y_i (delta_ij - y_j)):  dL/dx = y * (g - sum_j g_j y_j).
    With cross-entropy on top prefer ``SoftmaxCrossEntropy``, which fuses both into the simpler y - t.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_batch(x, "x")
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        self.y = e / e.sum(axis=-1, keepdims=True)
        self._out_shape = x.shape
        return self.y

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        g = self._check_grad(grad_y)
        return self.y * (g - (g * self.y).sum(axis=-1, keepdims=True))


ACTIVATIONS: dict[str, type[Layer]] = {
    "identity": Identity,
    "linear": Identity,
    "none": Identity,
    "step": Step,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "softmax": Softmax,
}


def get_activation(name: str) -> type[Layer]:
    """The activation class called ``name`` (case-insensitive), e.g. ``get_activation("relu")() -> ReLU()``.

    Valid names: identity (also linear, none), step, sigmoid, tanh, relu, softmax.
    """
    return ACTIVATIONS[check_choice(name, "activation", tuple(ACTIVATIONS))]
