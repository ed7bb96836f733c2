"""numerical_gradient, relative_error and check_gradients, including that they catch a wrong backward."""

from __future__ import annotations

import numpy as np
import pytest

from mlp.gradcheck import check_gradients, numerical_gradient, relative_error
from mlp.layers import Dense, Sigmoid, Tanh
from mlp.losses import MSE, BinaryCrossEntropy, SoftmaxCrossEntropy
from mlp.network import MLP, Sequential


def test_numerical_gradient_of_known_functions() -> None:
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(numerical_gradient(lambda z: np.sum(z**2), x), 2 * x, atol=1e-8)
    a = np.array([0.4, 0.3, 0.1])
    np.testing.assert_allclose(numerical_gradient(lambda w: w @ a, [0.1, 0.3, 0.2]), a, atol=1e-10)


def test_numerical_gradient_is_float64_and_leaves_x_alone() -> None:
    x = np.array([1.0, 2.0], dtype=np.float32)
    grad = numerical_gradient(lambda z: float(z[0] * z[1]), x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [2.0, 1.0], atol=1e-8)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_errors() -> None:
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3.0, [1.0])
    with pytest.raises(ValueError, match="eps must be positive"):
        numerical_gradient(np.sum, [1.0], eps=0.0)
    with pytest.raises(ValueError, match="x contains"):
        numerical_gradient(np.sum, [np.nan])


def test_relative_error() -> None:
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0, 2.0], [-1.0, -2.0]) == pytest.approx(1.0)


def test_check_gradients_on_networks() -> None:
    x = np.random.default_rng(0).normal(size=(4, 3))
    errors = check_gradients(MLP([3, 4, 2], seed=0), SoftmaxCrossEntropy(), x, [0, 1, 1, 0])
    assert list(errors) == ["W1", "b1", "W2", "b2", "x"]
    assert max(errors.values()) < 1e-7
    errors = check_gradients(MLP([3, 4, 1], "tanh", output="sigmoid"), BinaryCrossEntropy(), x, [0, 1, 1, 0])
    assert max(errors.values()) < 1e-7


def test_check_gradients_on_single_layers() -> None:
    x = np.random.default_rng(1).normal(size=(3, 2))
    errors = check_gradients(Dense(2, 2, seed=0), MSE(), x, np.zeros((3, 2)))
    assert set(errors) == {"W", "b", "x"} and max(errors.values()) < 1e-7
    assert set(check_gradients(Tanh(), MSE(), x, np.zeros((3, 2)))) == {"x"}


def test_check_gradients_catches_a_wrong_backward() -> None:
    class BrokenSigmoid(Sigmoid):
        def backward(self, grad_y: np.ndarray) -> np.ndarray:
            return self._check_grad(grad_y) * self.y  # forgot the (1 - y)

    net = Sequential(Dense(3, 4, seed=0), BrokenSigmoid(), Dense(4, 2, seed=1))
    x = np.random.default_rng(2).normal(size=(4, 3))
    errors = check_gradients(net, SoftmaxCrossEntropy(), x, [0, 1, 1, 0])
    assert errors["W2"] < 1e-7  # above the bug: still right
    assert errors["W1"] > 1e-2 and errors["x"] > 1e-2  # below it: wrong


def test_check_gradients_leaves_the_model_untouched() -> None:
    net = MLP([3, 5, 2], seed=0, dropout=0.5)  # runs in eval mode on a float64 copy
    before = net.state()
    errors = check_gradients(net, SoftmaxCrossEntropy(), np.ones((2, 3)), [0, 1])
    assert max(errors.values()) < 1e-7
    assert net.training and all(p.dtype == np.float32 for p in net.parameters())
    for s, p in zip(before, net.parameters()):
        np.testing.assert_array_equal(s, p)


def test_check_gradients_errors() -> None:
    with pytest.raises(TypeError, match="model must be a Layer"):
        check_gradients(lambda x: x, MSE(), np.ones((1, 1)), np.ones((1, 1)))
    with pytest.raises(ValueError, match="eps"):
        check_gradients(Tanh(), MSE(), np.ones((1, 1)), np.ones((1, 1)), eps=-1e-5)
