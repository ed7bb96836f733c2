"""Adam: momentum (an average of gradients) divided by RMSProp's root (an average of squared gradients)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._validate import check_in_range, check_int, check_positive
from .base import Optimizer

__all__ = ["Adam"]


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015), exactly ``torch.optim.Adam`` (with its L2 ``weight_decay``, i.e. not AdamW).

    With m and v moving averages of the gradient and of its square (one array each per parameter, starting
    at 0), b1, b2 = ``betas`` and t the step number (1, 2, ...):

        g     <- g + weight_decay * p                  (only if weight_decay > 0)
        m     <- b1 * m + (1 - b1) * g                 (momentum: which way, on average)
        v     <- b2 * v + (1 - b2) * g * g             (RMSProp: how big, on average)
        m_hat =  m / (1 - b1^t)                        (bias corrections: m and v start at 0, so early
        v_hat =  v / (1 - b2^t)                         averages are too small by exactly these factors)
        p     <- p - lr * m_hat / (sqrt(v_hat) + eps)

    With ``amsgrad=True`` the root uses v_max <- max(v_max, v) instead of v, so the denominator never
    shrinks (Reddi et al. 2018; PyTorch's option).

    Seed 003 writes the same m, v and corrections (eq. 12-16) but puts eps inside the root,
    p <- p - lr * m_hat / sqrt(v_hat + eps); with eps = 1e-8 the two agree unless the gradients' RMS is
    about 1e-3 or smaller.

    Seed 003 also claims that Adam "needs no learning-rate decay because it halves the learning rate
    exponentially". It does not. Ignoring eps, the step is

        lr * sqrt(1 - b2^t) / (1 - b1^t) * m / sqrt(v),

    and the factor sqrt(1 - b2^t) / (1 - b1^t) (see ``effective_lr``) is 0.32 at t = 1, dips to 0.15 near
    t = 10, then climbs back: 0.31 at t = 100, 0.80 at t = 1000, 0.93 at t = 2000, tending to 1. It never
    goes below 0.15 and ends up *growing*: a warm-up, not a repeated halving. What does shrink near a minimum
    is |m| / sqrt(v), when gradients keep changing sign and their average cancels out; that makes the steps
    smaller, but it is a property of the gradients, not a schedule.

    Memory: two arrays (m and v) per parameter, three with amsgrad.

    Args:
        lr: learning rate, > 0 (PyTorch default 0.001).
        betas: (b1, b2), each in [0, 1) (PyTorch default (0.9, 0.999)).
        eps: added to the root to avoid dividing by zero, > 0 (PyTorch default 1e-8).
        weight_decay: L2 coefficient added to the gradient, >= 0 (PyTorch default 0).
        amsgrad: use the running maximum of v (PyTorch default False).
    """

    def __init__(
        self,
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
    ) -> None:
        super().__init__(lr, weight_decay)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"betas must be a pair (b1, b2), e.g. (0.9, 0.999), got {betas!r}")
        self.betas = (
            check_in_range(betas[0], "betas[0]", 0.0, 1.0, inclusive="left"),
            check_in_range(betas[1], "betas[1]", 0.0, 1.0, inclusive="left"),
        )
        self.eps = check_positive(eps, "eps")
        if not isinstance(amsgrad, (bool, np.bool_)):
            raise TypeError(f"amsgrad must be True or False, got {amsgrad!r}")
        self.amsgrad = bool(amsgrad)

    def effective_lr(self, t: int | None = None) -> float:
        """The learning rate after bias correction at step ``t``: lr * sqrt(1 - b2^t) / (1 - b1^t).

        The actual step is this times m / (sqrt(v) + eps'), where eps' = eps * sqrt(1 - b2^t).

        Args:
            t: the step number, >= 1; default the step just taken (``self.t``, or 1 before any step).

        Returns:
            The factor multiplying m / sqrt(v) in the update, a float.
        """
        t = max(self.t, 1) if t is None else check_int(t, "t", minimum=1)
        b1, b2 = self.betas
        return self.lr * math.sqrt(1.0 - b2**t) / (1.0 - b1**t)

    def _init_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        state = {"m": np.zeros_like(param), "v": np.zeros_like(param)}
        if self.amsgrad:
            state["v_max"] = np.zeros_like(param)
        return state

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], scratch: list[np.ndarray]
    ) -> None:
        m, v, tmp = state["m"], state["v"], scratch[0]
        b1, b2 = self.betas
        # m <- b1 * m + (1 - b1) * g
        m *= b1
        np.multiply(grad, 1.0 - b1, out=tmp)
        m += tmp
        # v <- b2 * v + (1 - b2) * g^2
        v *= b2
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - b2
        v += tmp
        if self.amsgrad:
            np.maximum(state["v_max"], v, out=state["v_max"])
            v = state["v_max"]
        # p <- p - lr * m_hat / (sqrt(v_hat) + eps), computed as PyTorch does:
        #      p <- p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
        bias_correction1 = 1.0 - b1**self.t
        bias_correction2 = 1.0 - b2**self.t
        np.sqrt(v, out=tmp)
        tmp /= math.sqrt(bias_correction2)
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= self.lr / bias_correction1
        param -= tmp

    def hyperparameters(self) -> dict[str, Any]:
        return {
            "lr": self.lr,
            "betas": self.betas,
            "eps": self.eps,
            "weight_decay": self.weight_decay,
            "amsgrad": self.amsgrad,
        }
