"""Two-variable test surfaces for watching optimizers move, and ``descend`` to record their paths.

A loss surface of a real network has millions of dimensions; these have two, so a path can be drawn.
Each surface is chosen to show one difficulty an optimizer meets on real networks:

- ``elongated_bowl``: f(x, y) = x^2 / 20 + y^2. One minimum, at (0, 0), but the slope is 20 times steeper
  along y than along x, so plain gradient descent zig-zags across the valley (the example of Deep Learning
  from Scratch, chapter 6).
- ``rosenbrock``: f(x, y) = (1 - x)^2 + 100 (y - x^2)^2. A long, curved, almost flat valley; the minimum is
  at (1, 1), where f = 0.
- ``two_minima``: f(x, y) = (x^2 - 1)^2 + 0.3 x + y^2 / 2. Two valleys, near x = -1 (the deeper one) and
  x = +1; which one an optimizer ends in depends on where it starts and how much momentum it carries.

Every surface gives its value and its gradient in closed form (tested against finite differences), and
``descend(optimizer, surface, start, steps)`` runs any ``mlp.optim`` optimizer on it, returning the path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._validate import as_float_array, check_int

__all__ = ["Surface", "elongated_bowl", "rosenbrock", "two_minima", "SURFACES", "get", "descend"]


@dataclass(frozen=True)
class Surface:
    """A function of two variables with its gradient, a suggested start and a window to draw.

    Attributes:
        name: a short name (``mlp.surfaces.get(name)`` finds it).
        formula: the function as text, for titles.
        value: ``value(x, y) -> z``, vectorized over arrays of x and y (for contour plots).
        gradient: ``gradient(x, y) -> (df/dx, df/dy)``.
        start: a starting point that shows the surface's difficulty.
        minima: the local minima, as (x, y) points (the first is the global one).
        xlim, ylim: the window in which to draw it.
    """

    name: str
    formula: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray] = field(repr=False)
    gradient: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] = field(repr=False)
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return self.value(x, y)

    def grad(self, point: np.ndarray) -> np.ndarray:
        """The gradient at ``point`` (an array of two numbers), as an array of the same dtype."""
        dx, dy = self.gradient(point[0], point[1])
        return np.array([dx, dy], dtype=point.dtype)


def _bowl(x, y):
    return x**2 / 20.0 + y**2


def _bowl_grad(x, y):
    return x / 10.0, 2.0 * y


def _rosenbrock(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(x, y):
    return -2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2)


def _two_minima(x, y):
    return (x**2 - 1.0) ** 2 + 0.3 * x + y**2 / 2.0


def _two_minima_grad(x, y):
    return 4.0 * x * (x**2 - 1.0) + 0.3, y


def _two_minima_roots() -> tuple[tuple[float, float], ...]:
    # df/dx = 4x^3 - 4x + 0.3 = 0 has three real roots: two minima and, between them, a saddle.
    roots = np.sort(np.roots([4.0, 0.0, -4.0, 0.3]).real)
    left, right = float(roots[0]), float(roots[2])
    return ((left, 0.0), (right, 0.0))


elongated_bowl = Surface("elongated_bowl", "f(x, y) = x²/20 + y²", _bowl, _bowl_grad,
                         start=(-7.0, 2.0), minima=((0.0, 0.0),), xlim=(-10.0, 10.0), ylim=(-5.0, 5.0))
rosenbrock = Surface("rosenbrock", "f(x, y) = (1 - x)² + 100 (y - x²)²", _rosenbrock, _rosenbrock_grad,
                     start=(-1.5, 2.0), minima=((1.0, 1.0),), xlim=(-2.0, 2.0), ylim=(-1.0, 3.0))
two_minima = Surface("two_minima", "f(x, y) = (x² - 1)² + 0.3x + y²/2", _two_minima, _two_minima_grad,
                     start=(1.8, 1.5), minima=_two_minima_roots(), xlim=(-2.0, 2.0), ylim=(-2.0, 2.0))

SURFACES: dict[str, Surface] = {s.name: s for s in (elongated_bowl, rosenbrock, two_minima)}


def get(name: str) -> Surface:
    """The surface called ``name`` (one of ``SURFACES``)."""
    if not isinstance(name, str) or name not in SURFACES:
        raise ValueError(f"surface must be one of {sorted(SURFACES)}, got {name!r}")
    return SURFACES[name]


def descend(optimizer, surface: Surface | str, start: tuple[float, float] | None = None,
            steps: int = 100, *, stop_above: float = 1e6) -> np.ndarray:
    """Run ``optimizer`` for ``steps`` steps on ``surface`` from ``start``; returns the path.

    Each step computes g = grad f(w) at the current point and calls ``optimizer.step([w], [g])``, exactly as
    training a network does with its weights, so what you see here is what the optimizer does there.

    Args:
        optimizer: any ``mlp.optim`` optimizer (a fresh one: its state belongs to this run).
        surface: a ``Surface`` or its name.
        start: the starting point (default: the surface's own ``start``).
        steps: how many updates, >= 0.
        stop_above: the run stops early once |w| exceeds this (a diverging learning rate); the path then
            ends at the first point beyond it.

    Returns:
        float64 array (n + 1, 2): the start, then the point after each of the n steps taken (n = ``steps``
        unless the run diverged).
    """
    surface = get(surface) if isinstance(surface, str) else surface
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a Surface or one of {sorted(SURFACES)}, got {type(surface).__name__}")
    if not hasattr(optimizer, "step"):
        raise TypeError(f"optimizer must have a step(params, grads) method, got {type(optimizer).__name__}")
    steps = check_int(steps, "steps", minimum=0)
    point = as_float_array(surface.start if start is None else start, "start", dtype=np.float64)
    if point.shape != (2,):
        raise ValueError(f"start must be two numbers (x, y), got shape {point.shape}")
    w = point.copy()
    path = [w.copy()]
    for _ in range(steps):
        optimizer.step([w], [surface.grad(w)])
        path.append(w.copy())
        if not np.all(np.isfinite(w)) or np.abs(w).max() > stop_above:
            break
    return np.array(path)
