"""mlp: multi-layer perceptrons from scratch, in NumPy.

The library the course "Neural networks from scratch" builds, chapter by chapter::

    import mlp
    net = mlp.MLP([784, 100, 10], activation="relu", seed=0)
    history = mlp.fit(net, mlp.SoftmaxCrossEntropy(), mlp.optim.Adam(lr=1e-3), x, y, epochs=3)

Stable names (the ones the chapters use) are importable from the top level; each lives in a small module:
layers (``mlp.layers``), networks (``mlp.network``), losses (``mlp.losses``), optimizers and schedules
(``mlp.optim``), training (``mlp.training``), data (``mlp.datasets``), and the course's helpers
(``mlp.plotting``, ``mlp.widgets``, ``mlp.checks``).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# name -> module that defines it. Imported on first use, so `import mlp` stays fast and needs only NumPy.
_EXPORTS = {
    "Layer": "mlp.layers",
    "Dense": "mlp.layers",
    "Identity": "mlp.layers",
    "Step": "mlp.layers",
    "Sigmoid": "mlp.layers",
    "Tanh": "mlp.layers",
    "ReLU": "mlp.layers",
    "Softmax": "mlp.layers",
    "Dropout": "mlp.layers",
    "Conv2D": "mlp.layers",
    "MaxPool2D": "mlp.layers",
    "Flatten": "mlp.layers",
    "Sequential": "mlp.network",
    "MLP": "mlp.network",
    "lenet": "mlp.network",
    "MSE": "mlp.losses",
    "CrossEntropy": "mlp.losses",
    "SoftmaxCrossEntropy": "mlp.losses",
    "BinaryCrossEntropy": "mlp.losses",
    "fit": "mlp.training",
    "evaluate": "mlp.training",
    "History": "mlp.training",
    "EarlyStopping": "mlp.training",
    "TrainingDiverged": "mlp.training",
    "Perceptron": "mlp.perceptron",
    "numerical_gradient": "mlp.gradcheck",
    "check_gradients": "mlp.gradcheck",
    "VotingEnsemble": "mlp.ensemble",
    "bagging": "mlp.ensemble",
}
_SUBMODULES = {
    "layers", "network", "losses", "optim", "training", "perceptron", "gradcheck", "ensemble",
    "datasets", "surfaces", "plotting", "widgets", "checks", "course",
}

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"mlp.{name}")
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'mlp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
