"""Sequential and MLP: structure, the parameters()/gradients() contract, modes, state, determinism, errors."""

from __future__ import annotations

import numpy as np
import pytest

from mlp.gradcheck import check_gradients
from mlp.layers import Dense, Dropout, Identity, ReLU, Sigmoid, Softmax, Step, Tanh
from mlp.losses import MSE, SoftmaxCrossEntropy
from mlp.network import MLP, Sequential

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
XOR_T = np.array([0, 1, 1, 0])


def test_mlp_structure_and_repr() -> None:
    net = MLP([784, 100, 10])
    assert [type(layer) for layer in net.layers] == [Dense, ReLU, Dense]
    assert repr(net) == "MLP(784-100-10, relu)"
    assert net.n_parameters == 784 * 100 + 100 + 100 * 10 + 10
    assert len(net) == 3 and net[0] is net.layers[0]


def test_mlp_output_dropout_and_repr() -> None:
    net = MLP([4, 8, 8, 3], activation="tanh", output="softmax", dropout=0.5)
    assert [type(layer) for layer in net.layers] == [Dense, Tanh, Dropout, Dense, Tanh, Dropout, Dense, Softmax]
    assert repr(net) == "MLP(4-8-8-3, tanh, output=softmax, dropout=0.5)"
    assert "Dense(4, 8)" in repr(Sequential(*net.layers))


def test_mlp_input_dropout_drops_pixels_and_keeps_the_weights() -> None:
    net = MLP([4, 8, 3], dropout=0.5, input_dropout=0.2, seed=1)
    assert [type(layer) for layer in net.layers] == [Dropout, Dense, ReLU, Dropout, Dense]
    assert net.layers[0].p == 0.2 and repr(net) == "MLP(4-8-3, relu, dropout=0.5, input_dropout=0.2)"
    plain = MLP([4, 8, 3], dropout=0.5, seed=1)  # building a Dropout draws nothing: same initial weights
    for a, b in zip(net.parameters(), plain.parameters()):
        np.testing.assert_array_equal(a, b)
    x = np.ones((2000, 4), np.float32)
    net.train()
    net(x)
    kept = net.layers[0].mask
    assert kept is not None and set(np.unique(kept)) == {0.0, np.float32(1 / 0.8)}  # inverted dropout
    assert abs((kept == 0).mean() - 0.2) < 0.02
    # training skips dL/dx of the data: back-propagation stops at the first Dense, the input Dropout is idle
    net.backward(np.ones((2000, 3), np.float32), input_grad=False)
    assert net.eval()(x[:1]).shape == (1, 3) and net.layers[0].mask is None
    with pytest.raises(ValueError, match="input_dropout"):
        MLP([2, 3, 1], input_dropout=1.0)


def test_mlp_init_follows_activation() -> None:
    assert MLP([3, 4, 2]).layers[0].init == "he"
    assert MLP([3, 4, 2], activation="sigmoid").layers[0].init == "xavier"
    assert MLP([3, 4, 2], init="normal", std=0.5).layers[0].init == "normal"


def test_forward_shapes_and_dtypes() -> None:
    x = np.random.default_rng(0).normal(size=(5, 4))  # float64 in, float32 network
    y = MLP([4, 6, 3], output="softmax")(x)
    assert y.shape == (5, 3) and y.dtype == np.float32
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-6)
    assert MLP([4, 6, 3], dtype=np.float64)(x).dtype == np.float64
    assert MLP([4, 3]).forward([[1, 2, 3, 4]]).shape == (1, 3)  # lists and ints are accepted


def test_parameters_are_live_and_ordered() -> None:
    net = MLP([3, 4, 2])
    params = net.parameters()
    assert [p.shape for p in params] == [(3, 4), (4,), (4, 2), (2,)]
    assert params[0] is net.layers[0].W and params[3] is net.layers[2].b
    x = np.ones((1, 3))
    before = net(x).copy()
    params[3] += 1.0  # an optimizer updating in place changes the network
    np.testing.assert_allclose(net(x), before + 1.0)


def test_backward_fills_gradients_and_returns_input_gradient() -> None:
    net = MLP([3, 4, 2], seed=1)
    x = np.random.default_rng(1).normal(size=(5, 3))
    loss = SoftmaxCrossEntropy()
    loss.forward(net(x), [0, 1, 1, 0, 1])
    grad_x = net.backward(loss.backward())
    assert grad_x.shape == (5, 3)
    assert [g.shape for g in net.gradients()] == [p.shape for p in net.parameters()]
    assert all(g.dtype == np.float32 for g in net.gradients())


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "identity"])
def test_network_gradients_match_finite_differences(activation: str) -> None:
    net = MLP([3, 5, 4, 2], activation=activation, seed=2)
    x = np.random.default_rng(2).normal(size=(4, 3))
    errors = check_gradients(net, SoftmaxCrossEntropy(), x, [0, 1, 1, 0])
    assert set(errors) == {"W1", "b1", "W2", "b2", "W3", "b3", "x"}
    assert max(errors.values()) < 1e-7


def test_hand_built_xor_network_with_step_units() -> None:
    """OR and NAND in the hidden layer, AND on top: two lines solve XOR."""
    hidden, out = Dense(2, 2, dtype=np.float64), Dense(2, 1, dtype=np.float64)
    hidden.W[:] = [[1, -1], [1, -1]]
    hidden.b[:] = [-0.5, 1.5]
    out.W[:] = [[1], [1]]
    out.b[:] = [-1.5]
    net = Sequential(hidden, Step(), out, Step())
    np.testing.assert_array_equal(net.predict(XOR_X), XOR_T)


def test_mlp_learns_xor_with_plain_gradient_descent() -> None:
    net = MLP([2, 8, 1], activation="tanh", output="sigmoid", seed=0)
    loss = MSE()
    for _ in range(2000):
        loss.forward(net(XOR_X), XOR_T)
        net.backward(loss.backward())
        for p, g in zip(net.parameters(), net.gradients()):
            p -= 0.5 * g
    assert loss.forward(net(XOR_X), XOR_T) < 0.01
    np.testing.assert_array_equal(net.predict(XOR_X), XOR_T)


def test_train_eval_propagate_and_predict_uses_eval() -> None:
    net = MLP([4, 50, 3], dropout=0.5, seed=0)
    x = np.random.default_rng(0).normal(size=(6, 4))
    assert net.eval() is net and not any(layer.training for layer in net.layers)
    clean = net(x)
    net.train()
    assert all(layer.training for layer in net.layers)
    assert not np.allclose(net(x), clean)  # dropout active
    np.testing.assert_array_equal(net.predict(x), clean.argmax(axis=1))
    assert net.training  # predict restored the mode


def test_predict_single_outputs() -> None:
    x = np.array([[1.0, 2.0], [-3.0, -1.0]])
    net = Sequential(Dense(2, 1, dtype=np.float64), Sigmoid())
    net.layers[0].W[:] = [[1.0], [1.0]]
    np.testing.assert_array_equal(net.predict(x), [1, 0])
    regression = MLP([2, 1], dtype=np.float64)
    assert regression.predict(x).shape == (2, 1)  # raw values


def test_state_and_load_state_copy_into_live_arrays() -> None:
    net = MLP([3, 4, 2], seed=0)
    snapshot = net.state()
    ids = [id(p) for p in net.parameters()]
    assert all(s is not p for s, p in zip(snapshot, net.parameters()))
    for p in net.parameters():
        p += 1.0
    net.load_state(snapshot)
    assert [id(p) for p in net.parameters()] == ids
    for s, p in zip(snapshot, net.parameters()):
        np.testing.assert_array_equal(s, p)


def test_load_state_errors_leave_network_untouched() -> None:
    net = MLP([3, 4, 2], seed=0)
    good = net.state()
    with pytest.raises(ValueError, match="4 arrays"):
        net.load_state(good[:2])
    with pytest.raises(ValueError, match="4 arrays"):
        net.load_state(np.zeros(4))
    bad = [np.zeros_like(p) for p in good[:3]] + [np.zeros(5)]
    with pytest.raises(ValueError, match=r"state\[3\] must have shape \(2,\)"):
        net.load_state(bad)
    for s, p in zip(good, net.parameters()):
        np.testing.assert_array_equal(s, p)
    with pytest.raises(ValueError, match=r"state\[0\].*NaN"):
        net.load_state([np.full((3, 4), np.nan)] + good[1:])


def test_same_seed_same_network() -> None:
    x = np.random.default_rng(0).normal(size=(3, 5))
    a, b = MLP([5, 7, 2], seed=3, dropout=0.2), MLP([5, 7, 2], seed=3, dropout=0.2)
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(a(x), b(x))  # dropout masks too
    c = MLP([5, 7, 2], seed=4)
    assert not np.array_equal(a.parameters()[0], c.parameters()[0])


def test_sequential_of_activations_only() -> None:
    net = Sequential(Identity(), Tanh())
    assert net.n_parameters == 0 and net.parameters() == []
    assert net(np.zeros((2, 3))).dtype == np.float32


def test_sizes_errors() -> None:
    with pytest.raises(ValueError, match="at least 2 positive ints"):
        MLP([784])
    with pytest.raises(TypeError, match="sizes"):
        MLP("784-10")
    with pytest.raises(TypeError, match="sizes"):
        MLP(784)
    with pytest.raises(TypeError, match=r"sizes\[1\]"):
        MLP([784, 2.5, 10])
    with pytest.raises(ValueError, match=r"sizes\[1\] must be >= 1"):
        MLP([784, 0, 10])


def test_constructor_errors() -> None:
    with pytest.raises(ValueError, match="activation.*relu"):
        MLP([2, 3, 1], activation="swish")
    with pytest.raises(ValueError, match="activation"):
        MLP([2, 3, 1], output="probabilities")
    with pytest.raises(ValueError, match="dropout"):
        MLP([2, 3, 1], dropout=1.0)
    with pytest.raises(TypeError, match="dtype"):
        MLP([2, 3, 1], dtype=int)
    with pytest.raises(TypeError, match="seed"):
        MLP([2, 3, 1], seed=1.5)
    with pytest.raises(ValueError, match="at least one layer"):
        Sequential()
    with pytest.raises(TypeError, match=r"layers\[1\]"):
        Sequential(Dense(2, 2), "relu")


def test_forward_errors() -> None:
    net = MLP([4, 3, 2])
    with pytest.raises(ValueError, match=r"x must have 4 features .*\(5, 3\)"):
        net(np.ones((5, 3)))
    with pytest.raises(ValueError, match="x must be 2-D"):
        net(np.ones(4))
    with pytest.raises(ValueError, match="x contains 1 NaN"):
        net([[1.0, 2.0, np.nan, 0.0]])
    with pytest.raises(ValueError, match="x is empty"):
        net(np.ones((0, 4)))
    with pytest.raises(TypeError, match="x"):
        net([["a", "b", "c", "d"]])
    with pytest.raises(ValueError, match=r"x must have shape \(n, 2\)"):
        Sequential(Dense(2, 2)).forward(np.ones((1, 3)))
    with pytest.raises(RuntimeError, match="before forward"):
        MLP([2, 2]).backward(np.ones((1, 2)))
