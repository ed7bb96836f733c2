"""Layers: hand-computed values, finite-difference gradients (float64), seeding, dropout, error cases."""

from __future__ import annotations

import numpy as np
import pytest

from mlp.gradcheck import numerical_gradient, relative_error
from mlp.layers import (
    Dense,
    Dropout,
    Identity,
    Layer,
    ReLU,
    Sigmoid,
    Softmax,
    Step,
    Tanh,
    get_activation,
)
from mlp.layers.base import as_generator


def backward_matches_finite_differences(layer: Layer, x: np.ndarray, seed: int = 0) -> float:
    """Relative error between layer.backward(g) and d/dx sum(forward(x) * g), for a random g."""
    g = np.random.default_rng(seed).normal(size=layer.forward(x).shape)
    analytic = layer.backward(g)
    numeric = numerical_gradient(lambda z: np.sum(layer.forward(z) * g), x)
    return relative_error(analytic, numeric)


# ----- activations: values -----


def test_sigmoid_values_and_stability() -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no overflow (underflow to 0 is harmless)
        y = Sigmoid().forward(np.array([[0.0, 1000.0, -1000.0, 2.0]]))
    assert y[0, 0] == 0.5
    assert y[0, 1] == 1.0 and y[0, 2] == 0.0
    assert y[0, 3] == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_tanh_relu_identity_step_values() -> None:
    x = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(Tanh().forward(x), np.tanh(x))
    np.testing.assert_array_equal(ReLU().forward(x), [[0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(Identity().forward(x), x)
    np.testing.assert_array_equal(Step().forward(x), [[0.0, 0.0, 1.0]])  # threshold: strictly above 0


def test_softmax_of_1_2_3() -> None:
    y = Softmax().forward(np.array([[1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(y, [[0.09003057, 0.24472847, 0.66524096]], rtol=1e-6)
    assert y.sum() == pytest.approx(1.0)


def test_softmax_subtracts_row_max() -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        big = Softmax().forward(np.array([[1001.0, 1002.0, 1003.0], [-5.0, 0.0, 5.0]]))
    np.testing.assert_allclose(big[0], Softmax().forward(np.array([[1.0, 2.0, 3.0]]))[0])
    np.testing.assert_allclose(big.sum(axis=1), 1.0)


def test_activations_keep_float32() -> None:
    x = np.ones((2, 3), dtype=np.float32)
    for cls in (Identity, Step, Sigmoid, Tanh, ReLU, Softmax):
        layer = cls()
        assert layer.forward(x).dtype == np.float32
        assert layer.backward(np.ones_like(x)).dtype == np.float32


def test_integer_input_becomes_float32() -> None:
    assert ReLU().forward([[1, -2]]).dtype == np.float32


# ----- activations: gradients -----


@pytest.mark.parametrize("cls", [Identity, Sigmoid, Tanh, ReLU, Softmax])
def test_activation_backward_matches_finite_differences(cls: type[Layer]) -> None:
    x = np.random.default_rng(1).normal(size=(4, 5))
    assert backward_matches_finite_differences(cls(), x) < 1e-8


def test_step_backward_is_zero() -> None:
    layer = Step()
    layer.forward(np.array([[-1.0, 0.5, 2.0]]))
    np.testing.assert_array_equal(layer.backward(np.array([[3.0, 3.0, 3.0]])), 0.0)


def test_sigmoid_derivative_at_zero_is_quarter() -> None:
    layer = Sigmoid()
    layer.forward(np.zeros((1, 1)))
    assert layer.backward(np.ones((1, 1)))[0, 0] == 0.25


# ----- Dense -----


def test_dense_forward_by_hand_deck_example() -> None:
    """The deck: inputs (0.4, 0.3, 0.1), weights A=0.1, B=0.3, C=0.2 -> 0.15."""
    layer = Dense(3, 1, dtype=np.float64)
    layer.W[:] = [[0.1], [0.3], [0.2]]
    y = layer.forward(np.array([[0.4, 0.3, 0.1]]))
    assert y[0, 0] == pytest.approx(0.15)
    # with g = dL/dy = y - t (target 0.2), dL/dW = x^T g: proportional to the inputs (the delta rule)
    layer.backward(y - 0.2)
    np.testing.assert_allclose(layer.dW[:, 0], [-0.02, -0.015, -0.005])
    assert layer.db[0] == pytest.approx(-0.05)


def test_dense_forward_with_bias() -> None:
    layer = Dense(2, 2, dtype=np.float64)
    layer.W[:] = [[1.0, 2.0], [3.0, 4.0]]
    layer.b[:] = [0.5, -1.0]
    np.testing.assert_allclose(layer.forward(np.array([[1.0, 1.0], [2.0, 0.0]])), [[4.5, 5.0], [2.5, 3.0]])


def test_dense_backward_matches_finite_differences() -> None:
    rng = np.random.default_rng(0)
    layer = Dense(4, 3, seed=0, dtype=np.float64)
    layer.b[:] = rng.normal(size=3)
    x = rng.normal(size=(5, 4))
    g = rng.normal(size=(5, 3))
    layer.forward(x)
    grad_x = layer.backward(g)
    numeric_dW = numerical_gradient(lambda W: np.sum((x @ W + layer.b) * g), layer.W)
    numeric_db = numerical_gradient(lambda b: np.sum((x @ layer.W + b) * g), layer.b)
    assert relative_error(layer.dW, numeric_dW) < 1e-8
    assert relative_error(layer.db, numeric_db) < 1e-8
    assert backward_matches_finite_differences(layer, x) < 1e-8
    assert relative_error(grad_x, g @ layer.W.T) < 1e-12


def test_dense_grads_are_overwritten_not_accumulated() -> None:
    layer = Dense(3, 2, seed=0)
    x, g = np.ones((2, 3)), np.ones((2, 2))
    layer.forward(x)
    layer.backward(g)
    first = layer.dW.copy()
    grads_before = [id(a) for a in layer.grads]
    layer.forward(x)
    layer.backward(g)
    np.testing.assert_array_equal(layer.dW, first)
    assert [id(a) for a in layer.grads] == grads_before  # filled in place


def test_dense_params_are_the_live_arrays() -> None:
    layer = Dense(2, 3, seed=0)
    assert layer.params[0] is layer.W and layer.params[1] is layer.b
    assert layer.W.shape == (2, 3) and layer.b.shape == (3,)
    assert layer.W.dtype == np.float32 and not layer.b.any()


@pytest.mark.parametrize(
    "init, expected",
    [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / 700)), ("glorot", np.sqrt(2 / 700)), ("normal", 0.05)],
)
def test_dense_init_scale(init: str, expected: float) -> None:
    layer = Dense(400, 300, init=init, std=0.05, seed=0)
    assert layer.W.std() == pytest.approx(expected, rel=0.02)
    assert abs(layer.W.mean()) < 0.01 * expected * 10


def test_dense_seeding_is_deterministic() -> None:
    np.testing.assert_array_equal(Dense(3, 4, seed=7).W, Dense(3, 4, seed=7).W)
    assert not np.array_equal(Dense(3, 4, seed=7).W, Dense(3, 4, seed=8).W)
    rng = np.random.default_rng(7)
    first, second = Dense(3, 4, seed=rng), Dense(3, 4, seed=rng)  # a shared generator: different draws
    assert not np.array_equal(first.W, second.W)


def test_dense_float64_and_input_conversion() -> None:
    layer = Dense(2, 2, seed=0, dtype=np.float64)
    assert layer.forward(np.ones((1, 2), dtype=np.float32)).dtype == np.float64
    assert Dense(2, 2, seed=0).forward(np.ones((1, 2))).dtype == np.float32


def test_dense_errors() -> None:
    with pytest.raises(ValueError, match="fan_in"):
        Dense(0, 3)
    with pytest.raises(TypeError, match="fan_out"):
        Dense(3, 2.5)
    with pytest.raises(ValueError, match="init.*he"):
        Dense(3, 2, init="uniform")
    with pytest.raises(ValueError, match="std"):
        Dense(3, 2, init="normal", std=-1.0)
    with pytest.raises(TypeError, match="dtype"):
        Dense(3, 2, dtype=np.int32)
    with pytest.raises(TypeError, match="seed"):
        Dense(3, 2, seed="abc")
    with pytest.raises(TypeError, match="seed"):
        Dense(3, 2, seed=-1)
    layer = Dense(3, 2, seed=0)
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"x must have shape \(n, 3\): 3 features"):
        layer.forward(np.ones((4, 5)))
    with pytest.raises(ValueError, match="reshape"):
        layer.forward(np.ones(3))
    with pytest.raises(TypeError, match="x"):
        layer.forward("abc")
    with pytest.raises(ValueError, match="non-empty"):
        layer.forward(np.ones((0, 3)))
    with pytest.raises(ValueError, match="NaN"):
        layer.forward([[1, 2, np.nan]])  # a list is data: checked fully
    layer.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"grad_y must have the shape .*\(4, 2\)"):
        layer.backward(np.ones((4, 3)))


def test_activation_errors() -> None:
    with pytest.raises(RuntimeError, match="before forward"):
        Sigmoid().backward(np.ones((1, 1)))
    layer = Tanh()
    layer.forward(np.ones((2, 2)))
    with pytest.raises(ValueError, match="grad_y"):
        layer.backward(np.ones((2, 3)))
    with pytest.raises(ValueError, match="x"):
        ReLU().forward(np.float64(3.0))


# ----- get_activation -----


def test_get_activation_names() -> None:
    assert get_activation("relu") is ReLU
    assert get_activation("ReLU") is ReLU
    assert get_activation("linear") is Identity and get_activation("none") is Identity
    for name, cls in [
        ("identity", Identity),
        ("step", Step),
        ("sigmoid", Sigmoid),
        ("tanh", Tanh),
        ("softmax", Softmax),
    ]:
        assert get_activation(name) is cls


def test_get_activation_unknown_lists_valid_names() -> None:
    with pytest.raises(ValueError, match="relu.*sigmoid|sigmoid.*relu"):
        get_activation("swish")
    with pytest.raises(TypeError, match="activation"):
        get_activation(None)


# ----- Dropout -----


def test_dropout_eval_is_identity() -> None:
    x = np.random.default_rng(0).normal(size=(5, 6)).astype(np.float32)
    layer = Dropout(0.5, seed=0).eval()
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.backward(x), x)
    np.testing.assert_array_equal(Dropout(0.0, seed=0).forward(x), x)


def test_dropout_train_drops_and_rescales() -> None:
    x = np.ones((200, 500), dtype=np.float32)
    layer = Dropout(0.3, seed=0)
    y = layer.forward(x)
    assert y.dtype == np.float32
    assert np.mean(y == 0) == pytest.approx(0.3, abs=0.01)
    np.testing.assert_allclose(y[y != 0], 1 / 0.7, rtol=1e-6)  # survivors scaled by 1/(1-p)
    assert y.mean() == pytest.approx(1.0, abs=0.01)  # expected value preserved
    g = layer.backward(np.full_like(x, 2.0))
    np.testing.assert_array_equal(g == 0, y == 0)  # the same mask on the way back
    np.testing.assert_allclose(g[g != 0], 2 / 0.7, rtol=1e-6)


def test_dropout_masks_are_seeded() -> None:
    x = np.ones((4, 10))
    np.testing.assert_array_equal(Dropout(0.5, seed=3).forward(x), Dropout(0.5, seed=3).forward(x))
    layer = Dropout(0.5, seed=3)
    assert not np.array_equal(layer.forward(x), layer.forward(x))  # a new mask every call


def test_dropout_backward_matches_finite_differences_for_a_fixed_mask() -> None:
    layer = Dropout(0.4, seed=1)
    x = np.random.default_rng(0).normal(size=(3, 4))
    layer.forward(x)
    mask = layer.mask
    g = np.ones_like(x)
    np.testing.assert_allclose(layer.backward(g), numerical_gradient(lambda z: np.sum(z * mask), x), atol=1e-8)


def test_dropout_errors() -> None:
    with pytest.raises(ValueError, match="p must be in"):
        Dropout(1.0)
    with pytest.raises(ValueError, match="p must be in"):
        Dropout(-0.1)
    with pytest.raises(TypeError, match="p"):
        Dropout("half")
    with pytest.raises(RuntimeError, match="before forward"):
        Dropout(0.5).backward(np.ones((1, 1)))


def test_train_eval_flags() -> None:
    layer = Dropout(0.5)
    assert layer.training
    assert layer.eval() is layer and not layer.training
    assert layer.train() is layer and layer.training


def test_as_generator() -> None:
    rng = np.random.default_rng(0)
    assert as_generator(rng) is rng
    assert as_generator(5).random() == np.random.default_rng(5).random()
    with pytest.raises(TypeError, match="seed"):
        as_generator(True)
