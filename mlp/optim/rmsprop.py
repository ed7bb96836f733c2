"""RMSProp: AdaGrad that forgets, dividing by a running average of squared gradients instead of their sum."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_in_range, check_positive
from .base import Optimizer

__all__ = ["RMSProp"]


class RMSProp(Optimizer):
    """RMSProp (Hinton's lecture 6e, 2012), exactly ``torch.optim.RMSprop``.

    With v the exponential moving average of squared gradients (one array per parameter, starting at 0) and
    a = ``alpha``:

        g    <- g + weight_decay * p                 (only if weight_decay > 0)
        v    <- a * v + (1 - a) * g * g
        d    = sqrt(v) + eps                         (centered=False)
        d    = sqrt(v - gbar * gbar) + eps,          (centered=True, where
               gbar <- a * gbar + (1 - a) * g         gbar is a moving average of the gradient itself)
        p    <- p - lr * g / d                       (momentum = 0)
        buf  <- mu * buf + g / d,  p <- p - lr * buf  (momentum mu > 0; buf starts at 0)

    Because old squared gradients fade by a factor a per step (about 1 / (1 - a) = 100 recent steps count
    for a = 0.99), the step size no longer shrinks for ever as in AdaGrad. The name is the denominator:
    sqrt(v) is the root of the mean square of recent gradients.

    Where the sources differ: seed 003 (eq. 10-11) calls a "gamma", v "G", and puts eps inside the root,
    p <- p - lr * g / sqrt(G + eps). Seed 002 (eq. 12-14) weights the *new* term by its gamma
    (gamma = 1 - a) and also puts eps inside the root.

    ``centered=True``: with rounding, v - gbar^2 can come out a hair below 0; it is clipped at 0 here
    (PyTorch would produce NaN there; everywhere else the two agree).

    Memory: one array (v) per parameter, plus gbar if centered and buf if momentum > 0.

    Args:
        lr: learning rate, > 0 (PyTorch default 0.01).
        alpha: the decay a of the average, in [0, 1] (PyTorch default 0.99).
        eps: added to the root to avoid dividing by zero, > 0 (PyTorch default 1e-8).
        momentum: mu in [0, 1) (PyTorch default 0: no momentum).
        centered: divide by an estimate of the gradient's standard deviation instead of its RMS
            (PyTorch default False).
        weight_decay: L2 coefficient added to the gradient, >= 0 (PyTorch default 0).
    """

    def __init__(
        self,
        lr: float = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        momentum: float = 0.0,
        centered: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr, weight_decay)
        self.alpha = check_in_range(alpha, "alpha", 0.0, 1.0, inclusive="both")
        self.eps = check_positive(eps, "eps")
        self.momentum = check_in_range(momentum, "momentum", 0.0, 1.0, inclusive="left")
        if not isinstance(centered, (bool, np.bool_)):
            raise TypeError(f"centered must be True or False, got {centered!r}")
        self.centered = bool(centered)

    def _init_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        state = {"v": np.zeros_like(param)}
        if self.centered:
            state["gbar"] = np.zeros_like(param)
        if self.momentum > 0.0:
            state["buf"] = np.zeros_like(param)
        return state

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], scratch: list[np.ndarray]
    ) -> None:
        v, tmp = state["v"], scratch[0]
        a = self.alpha
        # v <- a * v + (1 - a) * g^2
        v *= a
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - a
        v += tmp
        if self.centered:
            gbar = state["gbar"]
            # gbar <- a * gbar + (1 - a) * g ;  d = sqrt(max(v - gbar^2, 0)) + eps
            gbar *= a
            np.multiply(grad, 1.0 - a, out=tmp)
            gbar += tmp
            np.multiply(gbar, gbar, out=tmp)
            np.subtract(v, tmp, out=tmp)
            np.maximum(tmp, 0.0, out=tmp)
            np.sqrt(tmp, out=tmp)
        else:
            # d = sqrt(v) + eps
            np.sqrt(v, out=tmp)
        tmp += self.eps
        np.divide(grad, tmp, out=tmp)  # tmp = g / d
        if self.momentum > 0.0:
            buf = state["buf"]
            # buf <- mu * buf + g / d ;  p <- p - lr * buf
            buf *= self.momentum
            buf += tmp
            np.multiply(buf, self.lr, out=tmp)
        else:
            # p <- p - lr * g / d
            tmp *= self.lr
        param -= tmp

    def hyperparameters(self) -> dict[str, Any]:
        return {
            "lr": self.lr,
            "alpha": self.alpha,
            "eps": self.eps,
            "momentum": self.momentum,
            "centered": self.centered,
            "weight_decay": self.weight_decay,
        }
