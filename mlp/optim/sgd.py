"""Stochastic gradient descent: step downhill, by the learning rate times the slope."""

from __future__ import annotations

import numpy as np

from .base import Optimizer

__all__ = ["SGD"]


class SGD(Optimizer):
    """Plain (stochastic, mini-batch) gradient descent, ``torch.optim.SGD`` with ``momentum=0``.

    Update, for each parameter p with gradient g:

        g <- g + weight_decay * p          (only if weight_decay > 0)
        p <- p - lr * g

    The seeds write the same rule as theta = theta - eta * grad J(theta) (seed 002 eq. 6-8, seed 003 eq. 1);
    "stochastic" and "mini-batch" only say which examples the gradient was averaged over, not how the step is
    taken. SGD keeps no state between steps (``memory_bytes() == 0``).

    Args:
        lr: learning rate eta, > 0. Default 0.01, the value the seeds use. (PyTorch's SGD had no default
            learning rate before version 2.2 and uses 1e-3 since; pass ``lr`` explicitly when comparing.)
        weight_decay: L2 coefficient added to the gradient, >= 0 (PyTorch default 0).

    Example:
        >>> opt = SGD(lr=0.1)
        >>> opt.step(model.parameters(), model.gradients())   # doctest: +SKIP
    """

    def __init__(self, lr: float = 0.01, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], scratch: list[np.ndarray]
    ) -> None:
        tmp = scratch[0]
        # p <- p - lr * g
        np.multiply(grad, self.lr, out=tmp)
        param -= tmp
