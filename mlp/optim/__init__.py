"""Optimizers and learning-rate schedules, one update rule per file, following PyTorch's ``torch.optim``.

Every optimizer is built as ``Opt(lr=..., **hyper)`` and used as ``opt.step(params, grads)``, which updates
the parameter arrays in place:

    opt = mlp.optim.Adam(lr=0.001)            # or mlp.optim.get("adam", lr=0.001)
    for x, y in batches:
        loss.forward(model(x), y)
        model.backward(loss.backward())
        opt.step(model.parameters(), model.gradients())

name       update (g already includes weight decay)                    state per parameter
sgd        p -= lr * g                                                 none
momentum   v = mu * v + g;  p -= lr * v                                v
nesterov   v = mu * v + g;  p -= lr * (g + mu * v)                     v
adagrad    G += g^2;  p -= lr * g / (sqrt(G) + eps)                    G
rmsprop    v = a * v + (1 - a) * g^2;  p -= lr * g / (sqrt(v) + eps)   v
adadelta   p -= lr * sqrt(u + eps) / sqrt(v + eps) * g                 v (of g^2), u (of steps^2)
adam       p -= lr * m_hat / (sqrt(v_hat) + eps)                       m (of g), v (of g^2)

Each class's docstring has the full equations, PyTorch's defaults, and how the course's sources write them.
"""

from __future__ import annotations

from typing import Any

from .._validate import check_choice
from . import schedules
from .adadelta import Adadelta
from .adagrad import AdaGrad
from .adam import Adam
from .base import Optimizer
from .momentum import Momentum, Nesterov
from .rmsprop import RMSProp
from .sgd import SGD

__all__ = [
    "Optimizer",
    "SGD",
    "Momentum",
    "Nesterov",
    "AdaGrad",
    "RMSProp",
    "Adadelta",
    "Adam",
    "OPTIMIZERS",
    "get",
    "schedules",
]

#: Every optimizer by the name ``get`` knows it by.
OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSProp,
    "adadelta": Adadelta,
    "adam": Adam,
}


def get(name: str | Optimizer, **kwargs: Any) -> Optimizer:
    """Build an optimizer by name: ``get("adam", lr=0.01)`` is ``Adam(lr=0.01)``.

    Args:
        name: one of "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam" (case does not
            matter); an ``Optimizer`` object is returned as it is (so code can accept either).
        **kwargs: the optimizer's arguments; any left out take PyTorch's defaults.

    Returns:
        A new optimizer with no state.

    Raises:
        ValueError: for an unknown name (the message lists the known ones).
    """
    if isinstance(name, Optimizer):
        if kwargs:
            raise TypeError(
                f"get() was given an optimizer object and keyword arguments {sorted(kwargs)}; "
                "pass a name to build a new optimizer with them"
            )
        return name
    return OPTIMIZERS[check_choice(name, "optimizer", list(OPTIMIZERS))](**kwargs)
