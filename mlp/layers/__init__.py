"""Layers: the building blocks of a network, one concept per file.

``base.Layer`` fixes the interface (forward/backward, params/grads, train/eval); ``Dense`` is y = x W + b;
``activations`` holds the non-linearities; ``Dropout`` switches neurons off at random while training; ``conv`` holds Conv2D, MaxPool2D and Flatten
for images (n, channels, height, width).
"""

from __future__ import annotations

from .activations import ACTIVATIONS, Identity, ReLU, Sigmoid, Softmax, Step, Tanh, get_activation
from .base import Layer
from .conv import Conv2D, Flatten, MaxPool2D
from .dense import Dense
from .dropout import Dropout

__all__ = [
    "Layer",
    "Dense",
    "Identity",
    "Step",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "Softmax",
    "Dropout",
    "Conv2D",
    "MaxPool2D",
    "Flatten",
    "get_activation",
    "ACTIVATIONS",
]
