"""What the library does for speed, checked for correctness (never for time: benchmarks/ measures time).

- An MLP keeps its weights in one contiguous buffer (and its gradients in another); the arrays stay live.
- Optimizers update such a run of parameters in one go, with exactly the numbers of the one-array-at-a-time
  update.
- Training skips work nobody needs: the gradient with respect to the data, the NaN scan of every batch.
- Nothing the caller keeps is overwritten later: outputs, gradients returned by losses and layers.
- A training step is deterministic.
"""

from __future__ import annotations

import numpy as np
import pytest

import mlp.optim as optim
from mlp.layers import Dense, ReLU
from mlp.losses import SoftmaxCrossEntropy
from mlp.network import MLP, Sequential
from mlp.optim import base
from mlp.training import fit, train_step

SIZES = [12, 16, 16, 5]
OPTIMIZERS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.1, "weight_decay": 0.01}),
    ("momentum", {"lr": 0.05, "dampening": 0.2}),
    ("nesterov", {"lr": 0.05}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("rmsprop", {"momentum": 0.5, "centered": True}),
    ("adadelta", {"weight_decay": 0.01}),
    ("adam", {"lr": 0.01}),
    ("adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.01}),
]


def data(n: int = 32, features: int = SIZES[0], classes: int = SIZES[-1], seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, features)).astype(np.float32), rng.integers(0, classes, n)


def loose_copy(net: MLP) -> Sequential:
    """The same network with every weight in an array of its own (what a hand-built Sequential has)."""
    layers = []
    for layer in net.layers:
        if isinstance(layer, Dense):
            copy = Dense(layer.fan_in, layer.fan_out)
            copy.params[:] = [p.copy() for p in layer.params]
            layers.append(copy)
        else:
            layers.append(type(layer)())
    return Sequential(*layers)


def train(net, opt, steps: int = 5) -> list[np.ndarray]:
    x, y = data()
    loss = SoftmaxCrossEntropy()
    for _ in range(steps):
        train_step(net, loss, opt, x, y)
    return [p.copy() for p in net.parameters()]


# ------------------------------------------------------------------------------------------ one weight buffer
def test_mlp_weights_share_one_buffer_and_stay_live() -> None:
    net = MLP(SIZES, seed=0)
    params, grads = net.parameters(), net.gradients()
    run, grad_run = base._run(params), base._run(grads)
    assert run is not None and grad_run is not None and run.size == net.n_parameters
    assert not np.shares_memory(run, grad_run)
    # live: the layer, the list and the buffer are the same memory
    dense = net.layers[0]
    assert dense.W is params[0] and dense.b is params[1] and dense.dW is grads[0]
    x, _ = data()
    before = net.forward(x)
    params[0][...] = 0
    assert np.all(run[: params[0].size] == 0)
    assert not np.allclose(net.forward(x), before)


def test_sharing_keeps_the_seeded_weights() -> None:
    rng = np.random.default_rng(7)
    expected = [Dense(a, b, seed=rng).params for a, b in zip(SIZES[:-1], SIZES[1:])]
    got = MLP(SIZES, seed=7).parameters()
    for want, have in zip([p for pair in expected for p in pair], got):
        np.testing.assert_array_equal(have, want)
        assert have.dtype == np.float32


def test_hand_built_sequential_keeps_the_callers_arrays() -> None:
    """Sequential(*layers) must not move weights the caller may hold a reference to."""
    dense = Dense(3, 2, seed=0)
    W = dense.W
    net = Sequential(dense, ReLU())
    assert net.parameters()[0] is W


# ------------------------------------------------------------------ flat and chunked updates: the same numbers
@pytest.mark.parametrize("name, kwargs", OPTIMIZERS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(OPTIMIZERS)])
def test_update_of_the_whole_run_is_bit_identical_to_array_by_array(name, kwargs) -> None:
    net = MLP(SIZES, seed=0)
    loose = loose_copy(net)
    assert base._run(loose.parameters()) is None
    opt = optim.get(name, **kwargs)
    together = train(net, opt)
    assert opt._whole is not None and len(opt._whole) == 1
    apart = train(loose, optim.get(name, **kwargs))
    for a, b in zip(together, apart):
        np.testing.assert_array_equal(a, b)


def test_optimizer_state_views_follow_the_flat_state() -> None:
    net = MLP(SIZES, seed=0)
    opt = optim.Adam(lr=0.01)
    train(net, opt, steps=2)
    assert opt.state[0]["m"].shape == net.parameters()[0].shape
    assert opt.memory_bytes() == 2 * 4 * net.n_parameters
    assert np.any(opt.state[0]["m"] != 0) and np.any(opt.state[-1]["v"] != 0)


def test_optimizer_moves_on_to_new_arrays() -> None:
    """The same optimizer given another model's arrays updates those, not the ones it saw first."""
    first, second = MLP(SIZES, seed=0), MLP(SIZES, seed=1)
    opt = optim.SGD(lr=0.1)
    train(first, opt, steps=1)
    frozen = [p.copy() for p in first.parameters()]
    before = [p.copy() for p in second.parameters()]
    train(second, opt, steps=1)
    for p, q in zip(first.parameters(), frozen):
        np.testing.assert_array_equal(p, q)
    assert any(not np.array_equal(p, q) for p, q in zip(second.parameters(), before))


def test_optimizer_falls_back_when_an_array_is_replaced() -> None:
    net = MLP(SIZES, seed=0)
    opt = optim.SGD(lr=0.1)
    train(net, opt, steps=1)
    dense = net.layers[0]
    dense.params[0] = dense.params[0].copy()  # no longer in the shared buffer
    replaced = dense.params[0].copy()
    train(net, opt, steps=1)
    assert opt._whole is None
    assert not np.array_equal(dense.W, replaced)  # it was still updated


def test_step_leaves_the_gradients_untouched() -> None:
    net = MLP(SIZES, seed=0)
    x, y = data()
    loss = SoftmaxCrossEntropy()
    loss.forward(net.forward(x), y)
    net.backward(loss.backward())
    grads = [g.copy() for g in net.gradients()]
    optim.Adam(lr=0.01, weight_decay=0.1).step(net.parameters(), net.gradients())
    for g, kept in zip(net.gradients(), grads):
        np.testing.assert_array_equal(g, kept)


# ----------------------------------------------------------------------------------------- work that is skipped
def test_backward_without_input_grad_fills_the_same_gradients() -> None:
    net = MLP(SIZES, seed=0)
    x, y = data()
    loss = SoftmaxCrossEntropy()
    loss.forward(net.forward(x), y)
    grad_x = net.backward(loss.backward())
    full = [g.copy() for g in net.gradients()]
    assert grad_x.shape == x.shape
    assert net.backward(loss.backward(), input_grad=False) is None
    for g, want in zip(net.gradients(), full):
        np.testing.assert_array_equal(g, want)
    dense = net.layers[0]
    assert dense.backward(np.ones((len(x), SIZES[1]), np.float32), input_grad=False) is None


def test_backward_without_input_grad_with_a_layer_of_your_own() -> None:
    """A layer whose backward has no input_grad argument still works (it is simply called as usual)."""

    class Scale(Dense):
        def backward(self, grad_y):  # written the way the course writes layers
            return super().backward(grad_y)

    net = Sequential(Scale(3, 4, seed=0), ReLU(), Dense(4, 2, seed=1))
    net.forward(np.ones((5, 3), np.float32))
    assert net.backward(np.ones((5, 2), np.float32), input_grad=False) is None
    assert np.any(net.gradients()[0] != 0)


def test_forward_checks_data_at_the_boundary_only() -> None:
    net = MLP([4, 3, 2])
    bad = np.array([[1.0, np.nan, 0.0, 2.0]], np.float32)
    with pytest.raises(ValueError, match="x contains 1 NaN"):
        net.forward(bad)
    assert np.isnan(net.forward(bad, check=False)).all()  # training's path: NaN flows to the loss
    with pytest.raises(ValueError, match=r"x must have shape \(n, 4\)"):
        net.forward(np.ones((2, 5), np.float32), check=False)  # shapes are still checked by the layers
    with pytest.raises(ValueError, match="NaN"):
        fit(net, SoftmaxCrossEntropy(), optim.SGD(), np.vstack([bad, bad]), [0, 1], epochs=1)


def test_train_step_with_nan_data_returns_nan_and_keeps_the_weights() -> None:
    net = MLP([4, 3, 2], seed=0)
    before = [p.copy() for p in net.parameters()]
    value = train_step(net, SoftmaxCrossEntropy(), optim.SGD(lr=0.1), np.full((2, 4), np.nan, np.float32), [0, 1])
    assert np.isnan(value)
    for p, q in zip(net.parameters(), before):
        np.testing.assert_array_equal(p, q)


def test_softmax_cross_entropy_labels_and_one_hot_agree() -> None:
    z = np.random.default_rng(3).standard_normal((6, 4)).astype(np.float32)
    labels = np.array([0, 3, 1, 1, 2, 0])
    by_label, by_one_hot = SoftmaxCrossEntropy(), SoftmaxCrossEntropy()
    assert by_label.forward(z, labels) == pytest.approx(by_one_hot.forward(z, np.eye(4)[labels]), rel=1e-6)
    np.testing.assert_allclose(by_label.backward(), by_one_hot.backward(), rtol=1e-6, atol=1e-7)
    assert by_label.backward().dtype == np.float32


# ------------------------------------------------------------------------------------ nothing kept is overwritten
def test_results_the_caller_keeps_are_not_overwritten() -> None:
    net = MLP(SIZES, seed=0)
    loss = SoftmaxCrossEntropy()
    (x1, y1), (x2, y2) = data(seed=1), data(seed=2)
    out1 = net.forward(x1)
    loss.forward(out1, y1)
    grad1 = loss.backward()
    back1 = net.backward(grad1)
    kept = [a.copy() for a in (out1, grad1, back1)]
    params = net.parameters()
    out2 = net.forward(x2)
    loss.forward(out2, y2)
    net.backward(loss.backward())
    optim.Adam(lr=0.1).step(net.parameters(), net.gradients())
    for array, copy in zip((out1, grad1, back1), kept):
        np.testing.assert_array_equal(array, copy)
    assert not np.shares_memory(out1, out2)
    assert all(p is q for p, q in zip(net.parameters(), params))  # updated in place, same objects


# ------------------------------------------------------------------------------------------------ determinism
@pytest.mark.parametrize("name", ["sgd", "adam"])
def test_training_is_deterministic(name) -> None:
    runs = [train(MLP(SIZES, seed=0), optim.get(name, lr=0.01), steps=10) for _ in range(2)]
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)
