"""The fully connected (dense) layer: every input reaches every output through its own weight."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_choice, check_int, check_positive
from .base import Layer, as_batch, as_generator, check_float_dtype

__all__ = ["Dense", "init_std"]

INITS = ("he", "xavier", "glorot", "normal")


def init_std(init: str, fan_in: int, fan_out: int, std: float = 0.01) -> float:
    """Standard deviation of the initial weights.

    - "he" (He et al. 2015, for ReLU): sqrt(2 / fan_in). ReLU zeroes half its inputs, so the variance is
      doubled to keep the signal's size from layer to layer.
    - "xavier" / "glorot" (Glorot and Bengio 2010, for sigmoid and tanh): sqrt(2 / (fan_in + fan_out)),
      a compromise between keeping the forward signal and the backward gradient the same size.
    - "normal": the given ``std`` (0.01 is the classic "small random numbers").
    """
    init = check_choice(init, "init", INITS)
    if init == "he":
        return float(np.sqrt(2.0 / fan_in))
    if init in ("xavier", "glorot"):
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    return check_positive(std, "std")


class Dense(Layer):
    """Fully connected layer: y = x W + b.

    Shapes: x is (n, fan_in), W is (fan_in, fan_out), b is (fan_out,), y is (n, fan_out).
    Backward, with g = dL/dy:  dL/dW = x^T g,  dL/db = sum of g over the batch,  dL/dx = g W^T.

    Args:
        fan_in: number of inputs (features) per sample.
        fan_out: number of outputs (neurons).
        init: "he" (for ReLU), "xavier"/"glorot" (for sigmoid/tanh) or "normal" (with ``std``);
            weights are drawn from a normal distribution with mean 0, biases start at 0.
        std: the standard deviation used when ``init="normal"``.
        seed: None, an int, or a ``np.random.Generator`` (see ``as_generator``).
        dtype: np.float32 (default) or np.float64 (for gradient checks).
    """

    param_names = ("W", "b")

    def __init__(
        self,
        fan_in: int,
        fan_out: int,
        init: str = "he",
        std: float = 0.01,
        seed: Any = None,
        dtype: Any = np.float32,
    ) -> None:
        super().__init__()
        self.fan_in = check_int(fan_in, "fan_in", minimum=1)
        self.fan_out = check_int(fan_out, "fan_out", minimum=1)
        self.init = check_choice(init, "init", INITS)
        scale = init_std(self.init, self.fan_in, self.fan_out, std)
        dtype = check_float_dtype(dtype)
        rng = as_generator(seed)
        W = (rng.standard_normal((self.fan_in, self.fan_out)) * scale).astype(dtype)
        b = np.zeros(self.fan_out, dtype=dtype)
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x: np.ndarray | None = None

    # Named views of params/grads: always read through the lists, so whoever replaces an entry
    # (a dtype change in a gradient check) is seen here too.
    @property
    def W(self) -> np.ndarray:
        return self.params[0]

    @property
    def b(self) -> np.ndarray:
        return self.params[1]

    @property
    def dW(self) -> np.ndarray:
        return self.grads[0]

    @property
    def db(self) -> np.ndarray:
        return self.grads[1]

    def forward(self, x: np.ndarray) -> np.ndarray:
        """y = x W + b for a batch ``x`` of shape (n, fan_in)."""
        x = as_batch(x, "x")
        if x.ndim != 2 or x.shape[1] != self.fan_in:
            hint = " (one sample? use x.reshape(1, -1))" if x.ndim == 1 else ""
            raise ValueError(f"x must have shape (n, {self.fan_in}): {self.fan_in} features, got {x.shape}{hint}")
        self.x = x.astype(self.W.dtype, copy=False)
        y = self.x @ self.W
        y += self.b  # in place: one (n, fan_out) array, not a second one for the sum
        self._out_shape = y.shape
        return y

    def backward(  # type: ignore[override]  # None only when asked: input_grad=False
        self, grad_y: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Store dL/dW = x^T g and dL/db = sum_rows(g); return dL/dx = g W^T.

        ``input_grad=False`` skips dL/dx and returns None. The first layer of a network receives the data as
        x, and nobody needs the gradient with respect to the data (PyTorch skips it too, because the input
        has ``requires_grad=False``). That is half of the first layer's backward work: for 784-500-500-500-10,
        15% of all the matrix products of a training step.
        """
        g = self._check_grad(grad_y)
        assert self.x is not None  # _check_grad has raised if forward never ran
        # Written straight into the preallocated arrays: no temporary, and the lists keep the same objects.
        np.matmul(self.x.T, g, out=self.grads[0])
        np.sum(g, axis=0, out=self.grads[1])
        return g @ self.W.T if input_grad else None

    def __repr__(self) -> str:
        return f"Dense({self.fan_in}, {self.fan_out})"
