"""Dropout: switch random neurons off while training, so a big net behaves like an average of many small ones."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_in_range
from .base import Layer, as_batch, as_generator

__all__ = ["Dropout"]


class Dropout(Layer):
    """Inverted dropout with drop probability ``p``.

    Training: each value is kept with probability q = 1 - p and the survivors are divided by q,
        y = x * m / q,  with m_i ~ Bernoulli(q),  so that E[y] = x;  backward: dL/dx = dL/dy * m / q.
    Evaluation (``eval()``): y = x, nothing dropped, nothing rescaled.

    The original paper (Srivastava et al. 2014) scales at test time instead: train with y = x * m and
    predict with y = q x. Both give the next layer the same expected input; the inverted form does the
    bookkeeping while training, so the trained network is used as is and ``p`` can change without touching it.

    Args:
        p: probability of dropping each value, 0 <= p < 1 (0 switches dropout off).
        seed: None, an int, or a ``np.random.Generator``; the same seed draws the same masks.
    """

    def __init__(self, p: float = 0.5, seed: Any = None) -> None:
        super().__init__()
        self.p = check_in_range(p, "p", 0.0, 1.0, inclusive="left")
        self.rng = as_generator(seed)
        self.mask: np.ndarray | None = None  # m / q of the last training forward; None means "passed through"

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_batch(x, "x")
        self._out_shape = x.shape
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = 1.0 - self.p
        self.mask = (self.rng.random(x.shape, dtype=np.float32) < keep).astype(x.dtype) / x.dtype.type(keep)
        return x * self.mask

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        g = self._check_grad(grad_y)
        return g if self.mask is None else g * self.mask

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"
