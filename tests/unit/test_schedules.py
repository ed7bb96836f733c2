"""Tests of mlp.optim.schedules: values worked out by hand, names, repr, and errors."""

from __future__ import annotations

import numpy as np
import pytest

from mlp.optim import SGD, schedules
from mlp.optim.schedules import Constant, Exponential, Inv, Step


def test_constant():
    schedule = schedules.constant(0.1)
    assert [schedule(i) for i in (0, 1, 1000)] == [0.1, 0.1, 0.1]


def test_step_drops_by_gamma_every_step_size_iterations():
    schedule = schedules.step(0.1, step_size=10)
    # 0.1 * 0.1 ** floor(i / 10)
    assert schedule(0) == pytest.approx(0.1)
    assert schedule(9) == pytest.approx(0.1)
    assert schedule(10) == pytest.approx(0.01)
    assert schedule(25) == pytest.approx(0.001)
    assert schedules.step(1.0, step_size=3, gamma=0.5)(7) == pytest.approx(0.25)


def test_exponential():
    schedule = schedules.exponential(0.2, gamma=0.5)
    assert [schedule(i) for i in range(4)] == pytest.approx([0.2, 0.1, 0.05, 0.025])


def test_inv_matches_caffe_and_seed_001():
    # Caffe "inv": base_lr * (1 + gamma * iter) ** (-power), seed 001's gamma 0.001 and power 0.75
    schedule = schedules.inv(0.01)
    assert schedule.gamma == 0.001 and schedule.power == 0.75
    assert schedule(0) == pytest.approx(0.01)
    assert schedule(1000) == pytest.approx(0.01 * 2**-0.75)  # (1 + 0.001 * 1000) = 2: 0.005946...
    assert schedule(1000) == pytest.approx(0.005946035575013605)
    assert schedule(3000) == pytest.approx(0.01 / 4**0.75)
    assert schedules.inv(1.0, gamma=0.5, power=1.0)(2) == pytest.approx(0.5)


def test_values_for_plotting():
    values = schedules.exponential(1.0, 0.5).values(4)
    assert values.dtype == np.float64
    np.testing.assert_allclose(values, [1.0, 0.5, 0.25, 0.125])
    assert schedules.constant(0.1).values(0).shape == (0,)
    # every schedule only ever decreases
    for schedule in (schedules.inv(0.01), schedules.step(0.1, 100), schedules.exponential(0.1, 0.99)):
        assert np.all(np.diff(schedule.values(500)) <= 0)


def test_apply_sets_the_optimizer_learning_rate():
    opt = SGD(lr=0.5)
    schedule = schedules.step(0.1, step_size=10)
    assert schedule.apply(opt, 10) == pytest.approx(0.01)
    assert opt.lr == pytest.approx(0.01)


def test_lower_case_names_are_the_classes():
    assert schedules.constant is Constant and schedules.step is Step
    assert schedules.exponential is Exponential and schedules.inv is Inv


def test_get_and_names():
    assert set(schedules.SCHEDULES) == {"constant", "step", "exponential", "inv"}
    assert isinstance(schedules.get("inv", lr=0.01), Inv)
    assert schedules.get("Step", lr=0.1, step_size=5).step_size == 5
    existing = schedules.constant(0.1)
    assert schedules.get(existing) is existing
    with pytest.raises(ValueError, match=r"unknown schedule 'cosine'.*'constant'.*'exponential'.*'inv'.*'step'"):
        schedules.get("cosine", lr=0.1)
    with pytest.raises(TypeError):
        schedules.get("inv")  # lr is required


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (schedules.constant(0.1), "constant(lr=0.1)"),
        (schedules.step(0.1, 10), "step(lr=0.1, step_size=10, gamma=0.1)"),
        (schedules.exponential(0.1, 0.9), "exponential(lr=0.1, gamma=0.9)"),
        (schedules.inv(0.01), "inv(lr=0.01, gamma=0.001, power=0.75)"),
    ],
)
def test_repr_is_the_call_that_builds_it(schedule, text):
    assert repr(schedule) == text
    assert repr(eval(text, vars(schedules))) == text


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        (lambda: schedules.constant(0), ValueError, "lr must be positive"),
        (lambda: schedules.inv(-0.1), ValueError, "lr must be positive"),
        (lambda: schedules.step(0.1, step_size=0), ValueError, "step_size must be >= 1"),
        (lambda: schedules.step(0.1, step_size=2.5), TypeError, "step_size must be an integer"),
        (lambda: schedules.step(0.1, 10, gamma=0), ValueError, "gamma"),
        (lambda: schedules.exponential(0.1, gamma=1.5), ValueError, "gamma"),
        (lambda: schedules.inv(0.1, gamma=-1), ValueError, "gamma"),
        (lambda: schedules.inv(0.1, power=-0.5), ValueError, "power"),
        (lambda: schedules.constant("0.1"), TypeError, "lr"),
    ],
)
def test_bad_arguments(build, error, match):
    with pytest.raises(error, match=match):
        build()


def test_bad_iterations():
    schedule = schedules.inv(0.01)
    with pytest.raises(ValueError, match="iteration must be >= 0"):
        schedule(-1)
    with pytest.raises(TypeError, match="iteration must be an integer"):
        schedule(1.5)
    with pytest.raises(TypeError, match="n must be an integer"):
        schedule.values(10.0)
    assert schedule(np.int64(1000)) == pytest.approx(schedule(1000))
