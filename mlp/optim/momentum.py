"""Momentum: a ball rolling downhill keeps part of its speed, so steady slopes speed it up and zig-zags cancel."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_in_range
from .base import Optimizer

__all__ = ["Momentum", "Nesterov"]


class Momentum(Optimizer):
    """SGD with (heavy-ball or Nesterov) momentum, exactly ``torch.optim.SGD(momentum=0.9)``.

    PyTorch's form, used here, with mu = ``momentum`` and v the velocity (one array per parameter):

        g <- g + weight_decay * p                  (only if weight_decay > 0)
        v <- g                                     on the first step,
        v <- mu * v + (1 - dampening) * g          afterwards,
        p <- p - lr * v                            (heavy ball, nesterov=False)
        p <- p - lr * (g + mu * v)                 (Nesterov, nesterov=True: look one step ahead)

    The course's sources write it with the learning rate inside the velocity (seed 002 eq. 9, seed 003
    eq. 2-3, and CS231n with the opposite sign, v = mu*v - lr*g, p = p + v):

        v <- mu * v + lr * g,        p <- p - v.

    The two forms give identical parameters while lr is constant (PyTorch's v is the sources' v divided by
    lr). They differ when lr changes: here a new lr rescales the whole remembered velocity at once, while in
    the sources' form only new gradients feel the new lr and the old velocity dies out at its old size.

    Memory: one velocity array per parameter (``memory_bytes()`` = the size of the parameters), which seed 003
    describes as "twice the memory" of plain gradient descent.

    Args:
        lr: learning rate, > 0. Default 0.01 (PyTorch's SGD uses 1e-3; pass ``lr`` when comparing).
        momentum: mu in [0, 1), the fraction of the velocity kept per step. Default 0.9 (the usual value,
            seed 003; PyTorch's SGD default is 0, which is plain SGD).
        nesterov: use Nesterov's look-ahead form (PyTorch's); needs momentum > 0 and dampening = 0.
        dampening: in [0, 1]; scales the new gradient by (1 - dampening). PyTorch default 0.
        weight_decay: L2 coefficient added to the gradient, >= 0. PyTorch default 0.
    """

    def __init__(
        self,
        lr: float = 0.01,
        momentum: float = 0.9,
        nesterov: bool = False,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr, weight_decay)
        self.momentum = check_in_range(momentum, "momentum", 0.0, 1.0, inclusive="left")
        self.dampening = check_in_range(dampening, "dampening", 0.0, 1.0, inclusive="both")
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum == 0.0 or self.dampening != 0.0):
            raise ValueError(
                f"nesterov=True needs momentum > 0 and dampening = 0, got momentum={momentum}, dampening={dampening}"
            )

    def _init_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        return {"v": np.zeros_like(param)}

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], scratch: list[np.ndarray]
    ) -> None:
        v, tmp = state["v"], scratch[0]
        if self.t == 1:
            # The velocity starts as the first gradient itself (PyTorch), not as mu * 0 + (1 - dampening) * g.
            np.copyto(v, grad)
        else:
            # v <- mu * v + (1 - dampening) * g
            v *= self.momentum
            if self.dampening != 0.0:
                np.multiply(grad, 1.0 - self.dampening, out=tmp)
                v += tmp
            else:
                v += grad
        if self.nesterov:
            # p <- p - lr * (g + mu * v)
            np.multiply(v, self.momentum, out=tmp)
            tmp += grad
            tmp *= self.lr
        else:
            # p <- p - lr * v
            np.multiply(v, self.lr, out=tmp)
        param -= tmp

    def hyperparameters(self) -> dict[str, Any]:
        return {
            "lr": self.lr,
            "momentum": self.momentum,
            "nesterov": self.nesterov,
            "dampening": self.dampening,
            "weight_decay": self.weight_decay,
        }


class Nesterov(Momentum):
    """Nesterov momentum: ``Momentum(..., nesterov=True)``, what ``mlp.optim.get("nesterov")`` builds.

    See ``Momentum`` for the equations: the step uses g + mu * v, the gradient plus where the velocity is
    about to carry the parameters, instead of v alone.

    Args:
        lr: learning rate, > 0 (default 0.01).
        momentum: mu in (0, 1) (default 0.9).
        dampening: must stay 0 for Nesterov (PyTorch's rule); accepted so that keyword lists can be shared.
        weight_decay: L2 coefficient added to the gradient, >= 0.
    """

    def __init__(
        self, lr: float = 0.01, momentum: float = 0.9, dampening: float = 0.0, weight_decay: float = 0.0
    ) -> None:
        super().__init__(lr, momentum=momentum, nesterov=True, dampening=dampening, weight_decay=weight_decay)

    def hyperparameters(self) -> dict[str, Any]:
        settings = super().hyperparameters()
        del settings["nesterov"]
        return settings
