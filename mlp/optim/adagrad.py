"""AdaGrad: each parameter gets its own step size, which shrinks as its squared gradients pile up."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_nonnegative, check_positive
from .base import Optimizer

__all__ = ["AdaGrad"]


class AdaGrad(Optimizer):
    """Adaptive gradient (Duchi et al. 2011), exactly ``torch.optim.Adagrad``.

    With G the running sum of squared gradients (one array per parameter, starting at
    ``initial_accumulator_value``) and t the step number (1, 2, ...):

        g  <- g + weight_decay * p                    (only if weight_decay > 0)
        G  <- G + g * g                               (element-wise)
        lr_t = lr / (1 + (t - 1) * lr_decay)
        p  <- p - lr_t * g / (sqrt(G) + eps)

    A parameter whose gradients have been large gets small steps, one that has barely moved gets large ones.
    Because G only grows, every step size shrinks for ever: the weakness RMSProp and Adadelta repair.

    Where the sources differ: seed 002 (eq. 10) and seed 003 (eq. 4-5) put eps *inside* the root,
    p <- p - lr * g / sqrt(G + eps). Both only guard against dividing by zero; they differ noticeably only
    while G is about eps or smaller. Seed 003 suggests eps between 1e-8 and 1e-4; PyTorch uses 1e-10.

    Memory: one array (G) per parameter.

    Args:
        lr: learning rate, > 0 (PyTorch default 0.01).
        eps: added to sqrt(G) to avoid dividing by zero, > 0 (PyTorch default 1e-10).
        initial_accumulator_value: starting value of G, >= 0 (PyTorch default 0).
        lr_decay: the lr_t decay above, >= 0 (PyTorch default 0: no decay).
        weight_decay: L2 coefficient added to the gradient, >= 0 (PyTorch default 0).
    """

    def __init__(
        self,
        lr: float = 0.01,
        eps: float = 1e-10,
        initial_accumulator_value: float = 0.0,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr, weight_decay)
        self.eps = check_positive(eps, "eps")
        self.initial_accumulator_value = check_nonnegative(initial_accumulator_value, "initial_accumulator_value")
        self.lr_decay = check_nonnegative(lr_decay, "lr_decay")

    def _init_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        return {"G": np.full_like(param, self.initial_accumulator_value)}

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], scratch: list[np.ndarray]
    ) -> None:
        G, tmp = state["G"], scratch[0]
        lr_t = self.lr / (1.0 + (self.t - 1) * self.lr_decay)
        # G <- G + g^2
        np.multiply(grad, grad, out=tmp)
        G += tmp
        # p <- p - lr_t * g / (sqrt(G) + eps)
        np.sqrt(G, out=tmp)
        tmp += self.eps
        np.divide(grad, tmp, out=tmp)
        tmp *= lr_t
        param -= tmp

    def hyperparameters(self) -> dict[str, Any]:
        return {
            "lr": self.lr,
            "eps": self.eps,
            "initial_accumulator_value": self.initial_accumulator_value,
            "lr_decay": self.lr_decay,
            "weight_decay": self.weight_decay,
        }
