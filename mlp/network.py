"""Networks: layers run one after another (``Sequential``) and the multi-layer perceptron built from sizes (``MLP``).

Forward runs the layers first to last; backward runs them last to first, each turning dL/d(its output)
into dL/d(its input). That ordering is all there is to back-propagation through a stack of layers.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Sequence
from typing import Any, Callable

import numpy as np

from ._validate import as_float_array, check_in_range, check_int
from .layers import Dense, Dropout, Layer, ReLU, Sigmoid, Step, get_activation
from .layers.base import as_generator, check_float_dtype

__all__ = ["Sequential", "MLP", "lenet"]


class Sequential:
    """A chain of layers: y = layer_k(... layer_2(layer_1(x))).

    Args:
        *layers: the layers, first to last.

    ``parameters()`` returns the live weight arrays [W1, b1, W2, b2, ...] (optimizers update them in place)
    and ``gradients()`` the matching dL/dparam arrays, filled by ``backward``.
    """

    def __init__(self, *layers: Layer) -> None:
        if not layers:
            raise ValueError("Sequential needs at least one layer, e.g. Sequential(Dense(2, 1), Sigmoid())")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layers[{i}] must be a Layer (Dense, ReLU, ...), got {type(layer).__name__}")
        self.layers: list[Layer] = list(layers)
        self.training = True

    @property
    def dtype(self) -> np.dtype:
        """The dtype of the weights (float32 unless built otherwise); inputs are converted to it."""
        params = self.parameters()
        return params[0].dtype if params else np.dtype(np.float32)

    def forward(self, x: Any, *, check: bool = True) -> np.ndarray:
        """Run a batch ``x`` of shape (n, features) through every layer; returns the last layer's output.

        ``check=True`` validates ``x`` first: a finite 2-D batch, converted to the weights' dtype. ``fit``
        checks all of its data once and then passes ``check=False`` for each mini-batch, so no step looks at
        every input number a second time (the layers still check shapes, which costs nothing).
        """
        out = self._check_input(x) if check else x
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def __call__(self, x: Any) -> np.ndarray:
        return self.forward(x)

    def _check_input(self, x: Any) -> np.ndarray:
        # Data entering the network: a finite batch in the weights' dtype (NaN is caught here, not inside):
        # rows of features (n, features), or images (n, channels, height, width) for convolutional networks.
        return as_float_array(x, "x", ndim=(2, 4), dtype=self.dtype)

    def backward(self, grad_of_output: Any, *, input_grad: bool = True) -> np.ndarray | None:
        """Back-propagate dL/dy (the loss's gradient wrt the network output); returns dL/dx, fills gradients().

        ``input_grad=False`` (what training uses) returns None instead of dL/dx: x is data, nothing learns
        from its gradient, so back-propagation stops at the lowest layer with weights and that layer skips its
        g W^T (as PyTorch does for an input with ``requires_grad=False``).
        """
        if input_grad:
            grad = grad_of_output
            for layer in reversed(self.layers):
                grad = layer.backward(grad)
            return grad
        lowest = next((i for i, layer in enumerate(self.layers) if layer.params), 0)
        grad = grad_of_output
        for layer in reversed(self.layers[lowest + 1 :]):
            grad = layer.backward(grad)
        first: Any = self.layers[lowest]        # Any: a layer of your own may not take input_grad
        if _takes_input_grad(type(first).backward):
            first.backward(grad, input_grad=False)
        else:
            first.backward(grad)
        return None

    def parameters(self) -> list[np.ndarray]:
        """The live weight arrays [W1, b1, W2, b2, ...]; changing them changes the network."""
        return [p for layer in self.layers for p in layer.params]

    def gradients(self) -> list[np.ndarray]:
        """dL/dparam for each array of ``parameters()``, same order and shapes (valid after ``backward``)."""
        return [g for layer in self.layers for g in layer.grads]

    @property
    def n_parameters(self) -> int:
        """Total number of trainable numbers (weights and biases)."""
        return sum(p.size for p in self.parameters())

    def train(self, mode: bool = True) -> Sequential:
        """Training mode (dropout active), or evaluation mode with ``mode=False``; returns the network."""
        self.training = bool(mode)
        for layer in self.layers:
            layer.train(mode)
        return self

    def eval(self) -> Sequential:
        """Evaluation mode: dropout passes everything through. Returns the network."""
        return self.train(False)

    def predict(self, x: Any) -> np.ndarray:
        """Predictions for a batch ``x``, computed in evaluation mode (the mode is restored afterwards).

        Returns the class index argmax_k y_k (int64, shape (n,)) if the output has several columns; labels
        0/1 from y > 0.5 for a single sigmoid (or step) output; otherwise the raw outputs (regression).
        """
        was_training = self.training
        self.eval()
        try:
            y = self.forward(x)
        finally:
            self.train(was_training)
        if y.ndim == 2 and y.shape[1] > 1:
            return y.argmax(axis=1)
        if isinstance(self.layers[-1], (Sigmoid, Step)):
            return (y[:, 0] > 0.5).astype(np.int64)
        return y

    def state(self) -> list[np.ndarray]:
        """A copy of every parameter array (a snapshot, e.g. of the best weights seen so far)."""
        return [p.copy() for p in self.parameters()]

    def load_state(self, state: Sequence[Any]) -> None:
        """Copy the values of a ``state()`` snapshot back into the live parameter arrays.

        The arrays are overwritten in place, so an optimizer holding references to them keeps working.
        """
        params = self.parameters()
        if isinstance(state, np.ndarray) or not isinstance(state, Sequence) or len(state) != len(params):
            got = len(state) if isinstance(state, Sequence) else type(state).__name__
            raise ValueError(f"state must be a list of {len(params)} arrays (from state()), got {got}")
        arrays = [as_float_array(s, f"state[{i}]", dtype=p.dtype) for i, (s, p) in enumerate(zip(state, params))]
        for i, (array, p) in enumerate(zip(arrays, params)):
            if array.shape != p.shape:
                raise ValueError(f"state[{i}] must have shape {p.shape}, got {array.shape}")
        for array, p in zip(arrays, params):  # only after every check passed: never a half-loaded network
            p[...] = array

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, index: int) -> Layer:
        return self.layers[index]

    def __repr__(self) -> str:
        inner = ",\n".join(f"  {layer!r}" for layer in self.layers)
        return f"{type(self).__name__}(\n{inner}\n)"


@functools.cache
def _takes_input_grad(backward: Callable[..., Any]) -> bool:
    """Whether a layer class's ``backward`` takes ``input_grad`` (Dense's does; a layer you write need not)."""
    return "input_grad" in inspect.signature(backward).parameters


def _share_buffers(layers: Sequence[Layer]) -> None:
    """Move every layer's weights into one contiguous array, and their gradients into another.

    Each entry of ``params`` and ``grads`` becomes a view of its own slice of the big array (same shape, same
    values, still a live array that optimizers update in place), in the order of ``parameters()``. An
    optimizer that sees parameters lying back to back like this updates all of them with one NumPy call per
    operation instead of one per array: for small networks the calls, not the arithmetic, are the cost.
    Layers with mixed dtypes are left alone.
    """
    params = [p for layer in layers for p in layer.params]
    if not params or len({p.dtype for p in params}) != 1:
        return
    total = sum(p.size for p in params)
    for kind in ("params", "grads"):
        flat = np.empty(total, dtype=params[0].dtype)
        offset = 0
        for layer in layers:
            arrays = getattr(layer, kind)
            for i, array in enumerate(arrays):
                view = flat[offset : offset + array.size].reshape(array.shape)
                view[...] = array
                arrays[i] = view
                offset += array.size


def _check_sizes(sizes: Any) -> list[int]:
    message = "sizes must be a list of at least 2 positive ints (inputs, hidden..., outputs), e.g. [784, 100, 10]"
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (Sequence, np.ndarray)):
        raise TypeError(f"{message}; got {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(f"{message}; got {list(sizes)!r}")
    for i, size in enumerate(sizes):
        if not isinstance(size, numbers.Integral) or isinstance(size, bool):
            raise TypeError(f"{message}; sizes[{i}] is {size!r}")
    return [check_int(size, f"sizes[{i}]", minimum=1) for i, size in enumerate(sizes)]


class MLP(Sequential):
    """A multi-layer perceptron: Dense layers with a hidden activation between them.

    ``MLP([784, 100, 10])`` is Dense(784, 100) -> ReLU -> Dense(100, 10): 784 inputs, one hidden layer of
    100 neurons, 10 outputs. Each hidden layer computes h = activation(h_prev W + b).

    Args:
        sizes: the width of every layer, inputs first, outputs last (at least 2 positive ints).
        activation: hidden activation: "relu" (default), "sigmoid", "tanh", "step", "identity", "softmax".
        output: output activation; None gives raw scores (logits), to pair with ``SoftmaxCrossEntropy``
            (or ``MSE`` for regression); "softmax" or "sigmoid" give probabilities.
        seed: None, an int or a ``np.random.Generator``; one generator feeds every layer, so the same seed
            builds the same network and draws the same dropout masks.
        dropout: drop probability after each hidden activation (0 = no dropout layers).
        input_dropout: drop probability for the inputs themselves: a Dropout layer before the first Dense
            (0 = none). Srivastava et al. (2014) dropped 20% of MNIST's pixels and 50% of the hidden units.
        dtype: np.float32 (default) or np.float64.
        init: weight initialisation for every Dense; None picks "he" for ReLU and "xavier" otherwise.
        std: standard deviation for ``init="normal"``.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        output: str | None = None,
        seed: Any = 0,
        dropout: float = 0.0,
        dtype: Any = np.float32,
        init: str | None = None,
        std: float = 0.01,
        input_dropout: float = 0.0,
    ) -> None:
        self.sizes = _check_sizes(sizes)
        hidden_cls = get_activation(activation)
        output_cls = None if output is None else get_activation(output)
        self.activation = activation.lower()
        self.output = None if output is None else output.lower()
        self.dropout = check_in_range(dropout, "dropout", 0.0, 1.0, inclusive="left")
        self.input_dropout = check_in_range(input_dropout, "input_dropout", 0.0, 1.0, inclusive="left")
        dtype = check_float_dtype(dtype)
        rng = as_generator(seed)
        if init is None:
            init = "he" if self.activation == "relu" else "xavier"
        # Dropout draws nothing when built, so the weights are the same with or without it.
        layers: list[Layer] = [Dropout(self.input_dropout, seed=rng)] if self.input_dropout > 0 else []
        n_dense = len(self.sizes) - 1
        for i, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            layers.append(Dense(fan_in, fan_out, init=init, std=std, seed=rng, dtype=dtype))
            if i < n_dense - 1:
                layers.append(hidden_cls())
                if self.dropout > 0:
                    layers.append(Dropout(self.dropout, seed=rng))
            elif output_cls is not None:
                layers.append(output_cls())
        # The layers are ours alone (nobody holds their arrays yet), so their weights can share one buffer.
        _share_buffers(layers)
        super().__init__(*layers)

    def _check_input(self, x: Any) -> np.ndarray:
        x = super()._check_input(x)
        if x.shape[1] != self.sizes[0]:
            raise ValueError(f"x must have {self.sizes[0]} features (columns) for {self!r}, got shape {x.shape}")
        return x

    def __repr__(self) -> str:
        extras = [self.activation]
        if self.output is not None:
            extras.append(f"output={self.output}")
        if self.dropout > 0:
            extras.append(f"dropout={self.dropout}")
        if self.input_dropout > 0:
            extras.append(f"input_dropout={self.input_dropout}")
        return f"MLP({'-'.join(map(str, self.sizes))}, {', '.join(extras)})"


def lenet(
    channels: tuple[int, int] = (20, 50),
    hidden: int = 500,
    n_classes: int = 10,
    in_shape: tuple[int, int, int] = (1, 28, 28),
    seed: Any = 0,
    dtype: Any = np.float32,
) -> Sequential:
    """Caffe's LeNet for MNIST (the network of seed 001), as a ``Sequential``.

    conv 5x5 (channels[0] filters) -> max-pool 2x2 -> conv 5x5 (channels[1]) -> max-pool 2x2 -> flatten
    -> Dense(hidden) -> ReLU -> Dense(n_classes), giving logits for ``SoftmaxCrossEntropy``. As in Caffe's
    ``lenet_train_test.prototxt``, the convolutions have no activation of their own. Inputs are images
    (n, 1, 28, 28): ``load_mnist(flatten=False)``.

    Args:
        channels: filters of the two convolutions.
        hidden: neurons of the hidden dense layer.
        n_classes: outputs.
        in_shape: (channels, height, width) of one input image.
        seed: None, an int or a np.random.Generator, for the initial weights.
        dtype: np.float32 (default) or np.float64.
    """
    from .layers.conv import Conv2D, Flatten, MaxPool2D

    if not (isinstance(channels, tuple) and len(channels) == 2):
        raise TypeError(f"channels must be a tuple of two ints, got {channels!r}")
    if not (isinstance(in_shape, tuple) and len(in_shape) == 3):
        raise TypeError(f"in_shape must be (channels, height, width), got {in_shape!r}")
    rng = as_generator(seed)
    conv1 = Conv2D(in_shape[0], channels[0], 5, seed=rng, dtype=dtype)
    conv2 = Conv2D(channels[0], channels[1], 5, seed=rng, dtype=dtype)
    _, h, w = conv1.output_shape(in_shape[1], in_shape[2])
    h, w = h // 2, w // 2
    _, h, w = conv2.output_shape(h, w)
    h, w = h // 2, w // 2
    if h < 1 or w < 1:
        raise ValueError(f"in_shape {in_shape} is too small for LeNet's two 5x5 convolutions and pools")
    return Sequential(
        conv1, MaxPool2D(2), conv2, MaxPool2D(2), Flatten(),
        Dense(channels[1] * h * w, hidden, seed=rng, dtype=dtype), ReLU(),
        Dense(hidden, n_classes, seed=rng, dtype=dtype),
    )
