"""Learning-rate schedules: the learning rate as a function of the iteration number.

Each schedule is a small callable object, ``schedule(iteration) -> lr``, with iterations counted from 0 (the
first mini-batch). A training loop sets ``optimizer.lr = schedule(iteration)`` before each step (or calls
``schedule.apply(optimizer, iteration)``, which does the same). ``schedule.values(n)`` returns the first ``n``
learning rates as an array, ready to plot.

    constant(lr)                    lr
    step(lr, step_size, gamma=0.1)  lr * gamma ** floor(iteration / step_size)   (Caffe "step", torch StepLR)
    exponential(lr, gamma)          lr * gamma ** iteration                      (Caffe "exp", torch ExponentialLR)
    inv(lr, gamma=0.001, power=0.75) lr * (1 + gamma * iteration) ** (-power)    (Caffe "inv", seed 001)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_choice, check_in_range, check_int, check_nonnegative, check_positive
from .base import Optimizer

__all__ = [
    "Schedule",
    "Constant",
    "Step",
    "Exponential",
    "Inv",
    "constant",
    "step",
    "exponential",
    "inv",
    "SCHEDULES",
    "get",
]


class Schedule:
    """Base class: ``schedule(iteration)`` is the learning rate to use at that iteration (counted from 0).

    Args:
        lr: the starting learning rate (Caffe's ``base_lr``), > 0.
    """

    #: The name ``get`` knows this schedule by, also used by ``repr``.
    name = "schedule"

    def __init__(self, lr: float) -> None:
        self.lr = check_positive(lr, "lr")

    def __call__(self, iteration: int) -> float:
        """The learning rate at ``iteration`` (an int >= 0), a float > 0."""
        return self._at(check_int(iteration, "iteration", minimum=0))

    def _at(self, iteration: int) -> float:
        raise NotImplementedError

    def values(self, n: int) -> np.ndarray:
        """The learning rates of iterations 0, 1, ..., n - 1, as a float64 array (for plotting)."""
        n = check_int(n, "n", minimum=0)
        return np.array([self._at(i) for i in range(n)], dtype=np.float64)

    def apply(self, optimizer: Optimizer, iteration: int) -> float:
        """Set ``optimizer.lr`` to this schedule's value at ``iteration`` and return that value."""
        lr = self(iteration)
        optimizer.lr = lr
        return lr

    def hyperparameters(self) -> dict[str, Any]:
        """The settings, as keyword arguments that would rebuild the schedule."""
        return {"lr": self.lr}

    def __repr__(self) -> str:
        settings = ", ".join(f"{key}={value!r}" for key, value in self.hyperparameters().items())
        return f"{self.name}({settings})"


class Constant(Schedule):
    """The same learning rate at every iteration: lr(iteration) = lr.

    Args:
        lr: the learning rate, > 0.
    """

    name = "constant"

    def _at(self, iteration: int) -> float:
        return self.lr


class Step(Schedule):
    """Divide the learning rate by 1 / gamma every ``step_size`` iterations (Caffe "step", torch ``StepLR``).

        lr(iteration) = lr * gamma ** floor(iteration / step_size)

    Args:
        lr: the starting learning rate, > 0.
        step_size: iterations between two drops, an int >= 1.
        gamma: the factor of each drop, in (0, 1] (default 0.1, PyTorch's and Caffe's).
    """

    name = "step"

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1) -> None:
        super().__init__(lr)
        self.step_size = check_int(step_size, "step_size", minimum=1)
        self.gamma = check_in_range(gamma, "gamma", 0.0, 1.0, inclusive="right")

    def _at(self, iteration: int) -> float:
        return self.lr * self.gamma ** (iteration // self.step_size)

    def hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr, "step_size": self.step_size, "gamma": self.gamma}


class Exponential(Schedule):
    """Multiply the learning rate by gamma at every iteration (Caffe "exp", torch ``ExponentialLR``).

        lr(iteration) = lr * gamma ** iteration

    (PyTorch's ExponentialLR is usually stepped once per epoch; here the caller decides what an "iteration"
    is.) Halving every k iterations is gamma = 0.5 ** (1 / k).

    Args:
        lr: the starting learning rate, > 0.
        gamma: the factor per iteration, in (0, 1].
    """

    name = "exponential"

    def __init__(self, lr: float, gamma: float) -> None:
        super().__init__(lr)
        self.gamma = check_in_range(gamma, "gamma", 0.0, 1.0, inclusive="right")

    def _at(self, iteration: int) -> float:
        return self.lr * self.gamma**iteration

    def hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr, "gamma": self.gamma}


class Inv(Schedule):
    """Caffe's "inv" policy, the one seed 001 trains LeNet with (gamma = 0.001, power = 0.75).

        lr(iteration) = lr * (1 + gamma * iteration) ** (-power)

    It decays like iteration ** (-power) in the long run, much more gently than ``exponential``: with the
    defaults the rate is lr / 2 ** 0.75 = 0.59 lr at iteration 1000 and 0.17 lr at iteration 10 000.

    Args:
        lr: the starting learning rate (Caffe's ``base_lr``), > 0.
        gamma: how fast the decay starts, >= 0 (default 0.001, seed 001 and Caffe's LeNet example).
        power: the exponent of the decay, >= 0 (default 0.75, likewise).
    """

    name = "inv"

    def __init__(self, lr: float, gamma: float = 0.001, power: float = 0.75) -> None:
        super().__init__(lr)
        self.gamma = check_nonnegative(gamma, "gamma")
        self.power = check_nonnegative(power, "power")

    def _at(self, iteration: int) -> float:
        return float(self.lr * (1.0 + self.gamma * iteration) ** (-self.power))

    def hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr, "gamma": self.gamma, "power": self.power}


# The lower-case names are how the course writes schedules: schedules.inv(0.01), as in Caffe's lr_policy.
constant = Constant
step = Step
exponential = Exponential
inv = Inv

#: Every schedule by name, for ``get``.
SCHEDULES: dict[str, type[Schedule]] = {cls.name: cls for cls in (Constant, Step, Exponential, Inv)}


def get(name: str | Schedule, **kwargs: Any) -> Schedule:
    """Build a schedule by name: ``get("inv", lr=0.01)`` is ``Inv(lr=0.01)``.

    Args:
        name: one of "constant", "step", "exponential", "inv" (case does not matter); a ``Schedule`` object
            is returned as it is (so code can accept either).
        **kwargs: the schedule's arguments (``lr`` is always required).

    Returns:
        The schedule object.

    Raises:
        ValueError: for an unknown name (the message lists the known ones).
    """
    if isinstance(name, Schedule) and not kwargs:
        return name
    return SCHEDULES[check_choice(name, "schedule", list(SCHEDULES))](**kwargs)
