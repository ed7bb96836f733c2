"""Optional: every optimizer against torch.optim, 20 steps, float64 and float32 (skipped without PyTorch).

PyTorch is never a dependency of mlp; this file only checks the claim "same equations as torch.optim".
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import mlp.optim as optim
from mlp.optim import schedules

torch = pytest.importorskip("torch")

# (our name, our kwargs, torch class name, torch kwargs)
CASES = [
    ("sgd", {"lr": 0.1}, "SGD", {"lr": 0.1}),
    ("sgd", {"lr": 0.1, "weight_decay": 0.1}, "SGD", {"lr": 0.1, "weight_decay": 0.1}),
    ("momentum", {"lr": 0.05}, "SGD", {"lr": 0.05, "momentum": 0.9}),
    (
        "momentum",
        {"lr": 0.05, "dampening": 0.3, "weight_decay": 0.01},
        "SGD",
        {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01},
    ),
    ("nesterov", {"lr": 0.05, "momentum": 0.8}, "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
    ("adagrad", {}, "Adagrad", {}),
    (
        "adagrad",
        {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "weight_decay": 0.01},
        "Adagrad",
        {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "weight_decay": 0.01},
    ),
    ("rmsprop", {}, "RMSprop", {}),
    (
        "rmsprop",
        {"momentum": 0.5, "centered": True, "weight_decay": 0.01},
        "RMSprop",
        {"momentum": 0.5, "centered": True, "weight_decay": 0.01},
    ),
    ("adadelta", {}, "Adadelta", {}),
    (
        "adadelta",
        {"lr": 0.5, "rho": 0.7, "weight_decay": 0.01},
        "Adadelta",
        {"lr": 0.5, "rho": 0.7, "weight_decay": 0.01},
    ),
    ("adam", {}, "Adam", {}),
    (
        "adam",
        {"lr": 0.01, "betas": (0.8, 0.99), "amsgrad": True, "weight_decay": 0.01},
        "Adam",
        {"lr": 0.01, "betas": (0.8, 0.99), "amsgrad": True, "weight_decay": 0.01},
    ),
]


def gradient(p: np.ndarray, t: int, k: int) -> np.ndarray:
    """A gradient that depends on the parameters and changes sign, like a real one."""
    return np.sin(3 * p + t + k) + 0.5 * p


def compare(name, kwargs, torch_name, torch_kwargs, dtype, steps=20, lr_at=None):
    rng = np.random.default_rng(0)
    ours = [rng.standard_normal((3, 4)).astype(dtype), rng.standard_normal(4).astype(dtype)]
    theirs = [torch.tensor(p.copy()) for p in ours]
    opt = optim.get(name, **kwargs)
    torch_opt = getattr(torch.optim, torch_name)(theirs, foreach=False, **torch_kwargs)
    for t in range(steps):
        if lr_at is not None:
            lr_at.apply(opt, t)
            torch_opt.param_groups[0]["lr"] = lr_at(t)
        opt.step(ours, [gradient(p, t, k) for k, p in enumerate(ours)])
        for k, p in enumerate(theirs):
            p.grad = torch.tensor(gradient(p.numpy(), t, k))
        torch_opt.step()
    return ours, [p.numpy() for p in theirs]


@pytest.mark.parametrize(("name", "kwargs", "torch_name", "torch_kwargs"), CASES)
def test_twenty_steps_match_torch_in_float64(name, kwargs, torch_name, torch_kwargs):
    ours, theirs = compare(name, kwargs, torch_name, torch_kwargs, np.float64)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("name", "kwargs", "torch_name", "torch_kwargs"), CASES)
def test_twenty_steps_match_torch_in_float32(name, kwargs, torch_name, torch_kwargs):
    ours, theirs = compare(name, kwargs, torch_name, torch_kwargs, np.float32)
    for a, b in zip(ours, theirs):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("name", "torch_name", "torch_kwargs"), [("momentum", "SGD", {"momentum": 0.9}), ("adam", "Adam", {})]
)
def test_changing_lr_between_steps_matches_torch(name, torch_name, torch_kwargs):
    schedule = schedules.step(0.1, step_size=5, gamma=0.5)
    ours, theirs = compare(name, {}, torch_name, torch_kwargs, np.float64, lr_at=schedule)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    ("name", "torch_name", "ours_differs"),
    [
        ("sgd", "SGD", {"lr"}),  # PyTorch 1e-3; ours 0.01, the seeds' value
        ("momentum", "SGD", {"lr", "momentum"}),  # a Momentum optimizer defaults to momentum 0.9
        ("adagrad", "Adagrad", set()),
        ("rmsprop", "RMSprop", set()),
        ("adadelta", "Adadelta", set()),
        ("adam", "Adam", set()),
    ],
)
def test_defaults_are_torch_defaults(name, torch_name, ours_differs):
    torch_defaults = {
        key: value.default for key, value in inspect.signature(getattr(torch.optim, torch_name)).parameters.items()
    }
    for key, value in optim.get(name).hyperparameters().items():
        if key not in ours_differs:
            assert value == torch_defaults[key], key
