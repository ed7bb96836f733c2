"""The optimizer test surfaces: values, gradients (finite differences), minima, and descend()."""

from __future__ import annotations

import numpy as np
import pytest

from mlp import optim, surfaces
from mlp.surfaces import descend, elongated_bowl, rosenbrock, two_minima

ALL = list(surfaces.SURFACES.values())


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_gradient_matches_central_differences(surface) -> None:
    rng = np.random.default_rng(0)
    h = 1e-6
    for x, y in rng.uniform(-1.5, 1.5, size=(20, 2)):
        dx, dy = surface.gradient(x, y)
        fx = (surface(x + h, y) - surface(x - h, y)) / (2 * h)
        fy = (surface(x, y + h) - surface(x, y - h)) / (2 * h)
        np.testing.assert_allclose([dx, dy], [fx, fy], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_minima_are_stationary_and_the_first_is_lowest(surface) -> None:
    for x, y in surface.minima:
        np.testing.assert_allclose(surface.gradient(x, y), (0.0, 0.0), atol=1e-9)
    values = [surface(x, y) for x, y in surface.minima]
    assert values[0] == min(values)


def test_hand_computed_values() -> None:
    assert elongated_bowl(2.0, 1.0) == pytest.approx(4 / 20 + 1)
    assert rosenbrock(1.0, 1.0) == 0.0 and rosenbrock(0.0, 0.0) == 1.0
    assert two_minima(1.0, 0.0) == pytest.approx(0.3)
    left, right = two_minima.minima
    assert left[0] < -0.9 and right[0] > 0.9 and two_minima(*left) < two_minima(*right)


def test_vectorized_over_grids() -> None:
    x, y = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 4))
    assert rosenbrock(x, y).shape == (4, 5)


def test_sgd_path_is_the_hand_computed_one() -> None:
    # w1 = w0 - lr * grad f(w0), grad of the bowl at (-7, 2) is (-0.7, 4).
    path = descend(optim.SGD(lr=0.1), elongated_bowl, steps=2)
    np.testing.assert_allclose(path[0], [-7.0, 2.0])
    np.testing.assert_allclose(path[1], [-7.0 + 0.07, 2.0 - 0.4])
    np.testing.assert_allclose(path[2], path[1] - 0.1 * np.array([path[1][0] / 10, 2 * path[1][1]]))
    assert path.shape == (3, 2) and path.dtype == np.float64


def test_sgd_converges_on_the_bowl_and_diverges_with_too_large_a_step() -> None:
    assert np.abs(descend(optim.SGD(lr=0.4), "elongated_bowl", steps=300)[-1]).max() < 1e-3
    diverged = descend(optim.SGD(lr=1.1), "elongated_bowl", steps=1000)
    assert len(diverged) < 1001 and np.abs(diverged[-1]).max() > 1e6


def test_the_start_decides_the_valley() -> None:
    left = descend(optim.SGD(lr=0.05), two_minima, start=(-0.5, 1.0), steps=400)[-1]
    right = descend(optim.SGD(lr=0.05), two_minima, start=(0.5, 1.0), steps=400)[-1]
    np.testing.assert_allclose(left, two_minima.minima[0], atol=1e-4)
    np.testing.assert_allclose(right, two_minima.minima[1], atol=1e-4)


def test_adam_reaches_rosenbrocks_minimum() -> None:
    end = descend(optim.Adam(lr=0.05), rosenbrock, steps=3000)[-1]
    np.testing.assert_allclose(end, (1.0, 1.0), atol=0.05)


def test_descend_does_not_touch_the_start() -> None:
    start = np.array([1.0, 1.0])
    descend(optim.SGD(lr=0.1), elongated_bowl, start=start, steps=3)
    np.testing.assert_array_equal(start, [1.0, 1.0])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(surface="saddle"), ValueError, "surface must be one of"),
        (dict(surface=42), TypeError, "surface must be a Surface"),
        (dict(start=(1.0, 2.0, 3.0)), ValueError, "start must be two numbers"),
        (dict(start=(np.nan, 0.0)), ValueError, "start"),
        (dict(steps=-1), ValueError, "steps must be >= 0"),
        (dict(steps=2.5), TypeError, "steps must be an integer"),
        (dict(optimizer=object()), TypeError, "optimizer must have a step"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message) -> None:
    arguments = dict(optimizer=optim.SGD(lr=0.1), surface="elongated_bowl", start=None, steps=3) | kwargs
    with pytest.raises(error, match=message):
        descend(**arguments)
