"""Adadelta: RMSProp whose step size is a running RMS of its own past steps, so it needs no learning rate."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._validate import check_in_range, check_nonnegative, check_positive
from .base import Optimizer

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """Adadelta (Zeiler 2012), exactly ``torch.optim.Adadelta``.

    With v the moving average of squared gradients and u the moving average of squared steps (one array each
    per parameter, both starting at 0):

        g <- g + weight_decay * p                        (only if weight_decay > 0)
        v <- rho * v + (1 - rho) * g * g
        d =  sqrt(u + eps) / sqrt(v + eps) * g           (the step, in the parameter's own units)
        u <- rho * u + (1 - rho) * d * d
        p <- p - lr * d

    The ratio RMS(steps) / RMS(gradients) plays the role of 1 / (second derivative), which makes the update
    look like Newton's method (seed 002 eq. 16-18). Zeiler's algorithm has no learning rate; PyTorch adds
    ``lr`` as a plain multiplier and lr = 1.0, its default, is the original method. (So "Adadelta at
    learning rate 0.01" means steps 100 times smaller than the paper's.) The first steps are tiny,
    about sqrt(eps) = 0.001 per unit of g / RMS(g), and grow as u fills up.

    How the sources write it:

    - Seed 003 (eq. 6-9) is the same rule with gamma for rho, G for v and s for u.
    - Seed 002 (eq. 12-15) weights the *new* term by its gamma, E[g^2] <- (1 - gamma) E[g^2] + gamma g^2,
      so its gamma = 1 - rho, read as an average over a window of n = 2 / gamma - 1 recent steps
      (gamma = 2 / (n + 1); its gamma = 0.1 is n = 19 steps, i.e. rho = 0.9, the default here).
      Build it with ``Adadelta.from_gamma(0.1)``; ``opt.gamma`` and ``opt.window`` read the other way.

    Memory: two arrays (v and u) per parameter.

    Args:
        lr: multiplier of the step, > 0 (PyTorch default 1.0 = Zeiler's Adadelta).
        rho: decay of both moving averages, in [0, 1] (PyTorch default 0.9).
        eps: inside both roots, > 0 (PyTorch default 1e-6). Unlike elsewhere it is not only a guard: it
            sets the size of the first steps.
        weight_decay: L2 coefficient added to the gradient, >= 0 (PyTorch default 0).
    """

    n_scratch = 2

    def __init__(self, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.rho = check_in_range(rho, "rho", 0.0, 1.0, inclusive="both")
        self.eps = check_positive(eps, "eps")

    @classmethod
    def from_gamma(cls, gamma: float, lr: float = 1.0, eps: float = 1e-6, weight_decay: float = 0.0) -> Adadelta:
        """Build Adadelta from seed 002's weight of the newest term: rho = 1 - gamma.

        Args:
            gamma: in (0, 1]; seed 002 uses 0.5, 0.3 and 0.1 (windows n = 2 / gamma - 1 = 3, 5.7 and 19).
            lr, eps, weight_decay: as for ``Adadelta``.

        Returns:
            ``Adadelta(lr, rho=1 - gamma, eps, weight_decay)``.
        """
        gamma = check_in_range(gamma, "gamma", 0.0, 1.0, inclusive="right")
        return cls(lr=lr, rho=1.0 - gamma, eps=eps, weight_decay=weight_decay)

    @classmethod
    def from_window(cls, n: float, lr: float = 1.0, eps: float = 1e-6, weight_decay: float = 0.0) -> Adadelta:
        """Build Adadelta averaging over about ``n`` recent steps (seed 002 eq. 13): gamma = 2 / (n + 1).

        Args:
            n: the window, >= 1 (n = 19 gives gamma = 0.1, rho = 0.9).
            lr, eps, weight_decay: as for ``Adadelta``.

        Returns:
            ``Adadelta.from_gamma(2 / (n + 1), ...)``.
        """
        n = check_nonnegative(n, "n")
        if n < 1:
            raise ValueError(f"n must be >= 1 (a window of at least one step), got {n}")
        return cls.from_gamma(2.0 / (n + 1.0), lr=lr, eps=eps, weight_decay=weight_decay)

    @property
    def gamma(self) -> float:
        """Seed 002's weight of the newest squared gradient: gamma = 1 - rho."""
        return 1.0 - self.rho

    @property
    def window(self) -> float:
        """Seed 002's window size n = 2 / gamma - 1 = (1 + rho) / (1 - rho); infinite for rho = 1."""
        return math.inf if self.rho == 1.0 else 2.0 / self.gamma - 1.0

    def _init_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        return {"v": np.zeros_like(param), "u": np.zeros_like(param)}

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], scratch: list[np.ndarray]
    ) -> None:
        v, u = state["v"], state["u"]
        d, tmp = scratch
        rho, eps = self.rho, self.eps
        # v <- rho * v + (1 - rho) * g^2
        v *= rho
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - rho
        v += tmp
        # d = sqrt(u + eps) / sqrt(v + eps) * g
        np.add(u, eps, out=d)
        np.sqrt(d, out=d)
        np.add(v, eps, out=tmp)
        np.sqrt(tmp, out=tmp)
        d /= tmp
        d *= grad
        # u <- rho * u + (1 - rho) * d^2
        u *= rho
        np.multiply(d, d, out=tmp)
        tmp *= 1.0 - rho
        u += tmp
        # p <- p - lr * d
        d *= self.lr
        param -= d

    def hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr, "rho": self.rho, "eps": self.eps, "weight_decay": self.weight_decay}
