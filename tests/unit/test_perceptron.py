"""The perceptron rule: learns AND/OR/NAND, never converges on XOR, traced step by step; error cases."""

from __future__ import annotations

import numpy as np
import pytest

from mlp.perceptron import Perceptron

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0]}


@pytest.mark.parametrize("gate", sorted(GATES))
def test_learns_linearly_separable_gates(gate: str) -> None:
    p = Perceptron(2).fit(X, GATES[gate], epochs=20)
    assert p.converged and p.mistakes[-1] == 0
    np.testing.assert_array_equal(p.predict(X), GATES[gate])


@pytest.mark.parametrize("init, shuffle", [("random", False), ("zeros", True)])
def test_learns_gates_from_random_starts_and_orders(init: str, shuffle: bool) -> None:
    for gate, t in GATES.items():
        p = Perceptron(2, lr=0.3, init=init, seed=1).fit(X, t, epochs=100, shuffle=shuffle)
        assert p.converged, gate
        np.testing.assert_array_equal(p.predict(X), t)


def test_never_converges_on_xor() -> None:
    p = Perceptron(2).fit(X, [0, 1, 1, 0], epochs=100)
    assert not p.converged and p.epochs_run == 100
    assert min(p.mistakes) > 0
    assert not np.array_equal(p.predict(X), [0, 1, 1, 0])


def test_and_traced_by_hand() -> None:
    """From w = 0, b = 0, lr = 1: (0,0),(0,1),(1,0) are answered 0 correctly; (1,1) fires the rule."""
    p = Perceptron(2).fit(X, GATES["AND"], epochs=1)
    first = p.history[:4]
    assert [step.output for step in first] == [0, 0, 0, 0]
    assert [step.error for step in first] == [0, 0, 0, 1]
    np.testing.assert_array_equal(first[2].w, [0, 0])
    np.testing.assert_array_equal(first[3].w, [1, 1])  # w += 1 * (1 - 0) * (1, 1)
    assert first[3].b == 1  # b += 1 * (1 - 0)
    assert (first[3].epoch, first[3].index, first[3].target) == (1, 3, 1)


def test_rule_with_learning_rate() -> None:
    p = Perceptron(2, lr=0.5)
    p.b = p.w.dtype.type(1.0)  # fires on everything
    p.fit([[2.0, 4.0]], [0], epochs=1)
    np.testing.assert_allclose(p.w, [-1.0, -2.0])  # w -= 0.5 * x
    assert p.b == pytest.approx(0.5)


def test_history_and_weight_path() -> None:
    p = Perceptron(2).fit(X, GATES["OR"], epochs=20)
    assert len(p.history) == 4 * p.epochs_run
    path = p.weight_path()
    assert path.shape == (len(p.history) + 1, 3)
    np.testing.assert_array_equal(path[0], [0, 0, 0])
    np.testing.assert_array_equal(path[-1], [*p.w, p.b])


def test_predict_with_hand_set_weights() -> None:
    p = Perceptron(2)
    p.w[:] = [1.0, 1.0]
    p.b = p.w.dtype.type(-1.5)
    np.testing.assert_array_equal(p.predict(X), GATES["AND"])
    np.testing.assert_allclose(p.net_input(X), [-1.5, -0.5, -0.5, 0.5])
    assert repr(p) == "Perceptron(w=[1.0, 1.0], b=-1.5)"


def test_determinism() -> None:
    a = Perceptron(2, init="random", seed=5).fit(X, GATES["NAND"], shuffle=True)
    b = Perceptron(2, init="random", seed=5).fit(X, GATES["NAND"], shuffle=True)
    np.testing.assert_array_equal(a.weight_path(), b.weight_path())
    assert a.w.dtype == np.float32


def test_errors() -> None:
    with pytest.raises(ValueError, match="n_inputs"):
        Perceptron(0)
    with pytest.raises(ValueError, match="lr must be positive"):
        Perceptron(2, lr=0.0)
    with pytest.raises(ValueError, match="init.*zeros"):
        Perceptron(2, init="ones")
    p = Perceptron(2)
    with pytest.raises(ValueError, match=r"t must be class labels in 0\.\.1"):
        p.fit(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match="x must have 2 columns"):
        p.fit(np.ones((4, 3)), [0, 1, 1, 0])
    with pytest.raises(ValueError, match="x has 4 rows but t has 3"):
        p.fit(X, [0, 1, 1])
    with pytest.raises(ValueError, match="epochs must be >= 1"):
        p.fit(X, [0, 1, 1, 0], epochs=0)
    with pytest.raises(ValueError, match="x contains 1 NaN"):
        p.predict([[np.nan, 0.0]])
    with pytest.raises(ValueError, match="x must be 2-D"):
        p.predict([1.0, 0.0])
