"""Checks for chapter 3, "XOR and the multi-layer perceptron": one function per exercise.

In the notebook::

    from mlp.checks import ch03 as check
    check.xnor_weights(W1, b1, W2, b2)
    check.separable_count(my_prediction, n_separable)
    check.parity3(P_W1, P_b1, P_W2, P_b2)

The two network exercises load the student's weights into the chapter's kind of network,
``Sequential(Dense(n, n), Step(), Dense(n, 1), Step())``, run it on every corner of the input square (or cube)
and, when it is wrong, name the mistake: a network that computes the opposite gate, a transposed weight matrix,
a line that passes exactly through a corner (``Step`` fires only for a sum > 0), or a hidden layer that sends
two corners needing different answers to the same place.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..layers import Dense, Step
from ..network import Sequential
from ._core import CheckResult, exercise, expect, expect_shape, expect_value, hint, passed

__all__ = ["xnor_weights", "separable_count", "parity3"]

# The four corners in the order of mlp.datasets.synthetic.logic_gate: (0,0), (0,1), (1,0), (1,1).
_CORNERS2 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
_CORNERS3 = np.array(list(itertools.product([0, 1], repeat=3)), dtype=np.float32)
_XOR = np.array([0, 1, 1, 0])
_XNOR = 1 - _XOR
_PARITY3 = (_CORNERS3.sum(axis=1) % 2).astype(np.int64)

# Names for the two-input truth tables a hidden unit may compute (outputs on the four corners).
_GATE_NAMES: dict[tuple[int, ...], str] = {
    (0, 0, 0, 0): "always 0",
    (1, 1, 1, 1): "always 1",
    (0, 0, 0, 1): "AND",
    (0, 1, 1, 1): "OR",
    (1, 1, 1, 0): "NAND",
    (1, 0, 0, 0): "NOR",
    (0, 1, 1, 0): "XOR",
    (1, 0, 0, 1): "XNOR",
    (0, 0, 1, 1): "x1",
    (0, 1, 0, 1): "x2",
    (1, 1, 0, 0): "NOT x1",
    (1, 0, 1, 0): "NOT x2",
    (0, 0, 1, 0): "x1 AND NOT x2",
    (0, 1, 0, 0): "x2 AND NOT x1",
    (1, 0, 1, 1): "x1 OR NOT x2",
    (1, 1, 0, 1): "x2 OR NOT x1",
}

# The chapter's grid of lines (w1, w2, b), each from -2 to 2 in steps of 0.25.
_GRID = np.arange(-2.0, 2.0 + 1e-9, 0.25)
_LINES = np.stack(np.meshgrid(_GRID, _GRID, _GRID, indexing="ij"), axis=-1).reshape(-1, 3)


# ----------------------------------------------------------------------------------------------------------
# Helpers: run the student's weights through the chapter's network.
# ----------------------------------------------------------------------------------------------------------


def _step_network(weights: list[np.ndarray]) -> Sequential:
    """Sequential(Dense, Step, Dense, Step) holding the given [W1, b1, W2, b2] (float32)."""
    W1, b1, W2, b2 = weights
    net = Sequential(Dense(*W1.shape), Step(), Dense(*W2.shape), Step())
    for param, value in zip(net.parameters(), weights):
        param[...] = value
    return net


def _run(weights: list[np.ndarray], corners: np.ndarray) -> dict[str, np.ndarray]:
    """Every intermediate value of the step network on the corners: z1, h, z2, and the output y (ints)."""
    net = _step_network(weights)
    z1 = net[0].forward(corners)
    h = net[1].forward(z1)
    z2 = net[2].forward(h)
    y = net[3].forward(z2)
    return {"z1": z1, "h": h, "z2": z2, "y": y[:, 0].astype(np.int64)}


def _weights(values: tuple[Any, ...], names: tuple[str, ...], n: int) -> list[np.ndarray]:
    """The student's four arrays checked for shape ((n, n), (n,), (n, 1), (1,)) and finiteness."""
    shapes = ((n, n), (n,), (n, 1), (1,))
    arrays = []
    for value, name, shape in zip(values, names, shapes):
        if name.endswith("W2") and np.shape(value) == (n,):
            expect(False, f"`{name}` should have shape {shape}: one *column* for the one output unit; "
                          f"write it as np.array([[...], [...]{', [...]' if n == 3 else ''}])")
        array = expect_shape(value, shape, name)
        expect(np.issubdtype(array.dtype, np.number) or array.dtype == bool,
               f"`{name}` should hold numbers, got dtype {array.dtype}")
        array = array.astype(np.float32)
        expect(np.all(np.isfinite(array)), f"`{name}` contains NaN or infinity; use ordinary numbers")
        arrays.append(array)
    return arrays


def _corner(point: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:.0f}" for v in point) + ")"


def _zero_sum_hint(run: dict[str, np.ndarray], corners: np.ndarray, wrong: np.ndarray,
                   names: tuple[str, ...]) -> CheckResult | None:
    """A hint if a weighted sum is exactly 0 at a corner: the line goes through it, and Step says 0 there."""
    for layer, z, bias in (("hidden unit", run["z1"], names[1]), ("output unit", run["z2"], names[3])):
        rows, units = np.nonzero(np.isclose(z, 0.0, atol=1e-6) & wrong[:, np.newaxis])
        if len(rows):  # a sum of exactly 0 at a corner the network gets wrong
            row, unit = rows[0], units[0]
            which = f"hidden unit {unit + 1}" if layer == "hidden unit" else "the output unit"
            return hint(f"at corner {_corner(corners[row])} the weighted sum of {which} is exactly 0, so its "
                        "line passes through that corner, and Step fires only when the sum is > 0. Shift "
                        f"`{bias}` by 0.5 so the line runs between the corners, not through one")
    return None


def _collision_hint(run: dict[str, np.ndarray], corners: np.ndarray, target: np.ndarray) -> CheckResult | None:
    """A hint if two corners needing different outputs get the same hidden outputs (no output unit can help)."""
    h = run["h"]
    for i, j in itertools.combinations(range(len(corners)), 2):
        if target[i] != target[j] and np.array_equal(h[i], h[j]):
            return hint(f"your hidden layer sends {_corner(corners[i])} and {_corner(corners[j])} to the same "
                        f"hidden outputs {_corner(h[i])}, but they need different answers ({target[i]} and "
                        f"{target[j]}), so no output unit can tell them apart; change the hidden units first")
    return None


def _transposed_fits(weights: list[np.ndarray], corners: np.ndarray, target: np.ndarray) -> bool:
    W1, b1, W2, b2 = weights
    return bool(np.array_equal(_run([W1.T.copy(), b1, W2, b2], corners)["y"], target))


def _gate_name(outputs: np.ndarray) -> str:
    key = tuple(int(v) for v in outputs)
    return _GATE_NAMES.get(key, str(key))


# ----------------------------------------------------------------------------------------------------------
# The exercises.
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="W1 is (2, 2) with column j = hidden unit j, b1 is (2,), W2 is (2, 1), b2 is (1,); "
               "try AND and NOR as the hidden units and OR as the output")
def xnor_weights(W1: Any, b1: Any, W2: Any, b2: Any) -> Any:
    """Exercise "Build XNOR by hand": the weights of a 2-2-1 step network computing XNOR."""
    names = ("W1", "b1", "W2", "b2")
    weights = _weights((W1, b1, W2, b2), names, 2)
    run = _run(weights, _CORNERS2)
    got = run["y"]
    hidden = [_gate_name(run["h"][:, j]) for j in range(2)]
    if np.array_equal(got, _XNOR):
        return passed(f"your hidden units compute {hidden[0]} and {hidden[1]}, and the output turns them into "
                      "XNOR: 1 on (0, 0) and (1, 1), 0 on (0, 1) and (1, 0)")
    expect(not np.array_equal(got, _XOR),
           "your network computes XOR, the opposite of XNOR: flip the output unit (negate W2 and b2; no "
           "weighted sum may be exactly 0), or choose hidden units that fire on (0, 0) and on (1, 1)")
    expect(not _transposed_fits(weights, _CORNERS2, _XNOR),
           "your weights would work with W1 transposed: Dense computes x @ W1, so *column* j of W1 holds the "
           "two input weights of hidden unit j (row i belongs to input x_i)")
    wrong = got != _XNOR
    for check_hint in (_zero_sum_hint(run, _CORNERS2, wrong, names), _collision_hint(run, _CORNERS2, _XNOR)):
        if check_hint is not None:
            return check_hint
    expect(len(set(got.tolist())) > 1, f"your network gives {got[0]} on every corner; XNOR is (1, 0, 0, 1)")
    return hint(f"your network gives {tuple(got.tolist())} on the corners (0,0), (0,1), (1,0), (1,1), XNOR is "
                f"(1, 0, 0, 1). Your hidden units compute {hidden[0]} and {hidden[1]}; the output unit must "
                "fire exactly when one of them does (OR: weights 1, 1 and bias -0.5)")


def _separable_tables() -> int:
    """How many of the 16 two-input truth tables some line of the chapter's grid separates."""
    fires = _CORNERS2.astype(np.float64) @ _LINES[:, :2].T + _LINES[:, 2] > 0   # (4, lines)
    return len(np.unique(fires.T, axis=0))


def _whole_number(value: Any) -> int | None:
    """``value`` as an int if it is one whole number (1-element arrays and 14.0 count), else None."""
    if isinstance(value, (str, bytes, bool, np.bool_)):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if array.size != 1 or not np.isfinite(array).all():
        return None
    number = float(array.reshape(()))
    return int(number) if number.is_integer() else None


@exercise(hint="n_separable = sum(count_separating_lines(x_gate, np.array(t)) > 0 "
               "for t in itertools.product([0, 1], repeat=4))")
def separable_count(my_prediction: Any, n_separable: Any) -> Any:
    """Exercise "Predict: how many gates can one perceptron compute?": a prediction and the computed count."""
    not_a_prediction = f"set `my_prediction` to a whole number from 0 to 16, got {my_prediction!r}"
    said = expect_value(_whole_number(my_prediction), not_a_prediction)
    expect(0 <= said <= 16, not_a_prediction)
    truth = _separable_tables()
    got = expect_value(_whole_number(n_separable), f"`n_separable` should be one whole number, a count of truth "
                                                   f"tables; got {n_separable!r}")
    if got != truth:
        expect(got != 16, "16 counts every truth table; count only those with at least one separating line "
                          "(`count_separating_lines(...) > 0`)")
        expect(got != 16 - truth, f"{got} is the number of tables *no* line separates; count the ones that "
                                  "some line does separate")
        expect(got <= 16, f"{got} is more than the 16 truth tables there are: you probably added up the "
                          "*numbers of lines*; count a table once if it has at least one separating line")
        expect(got != truth + 1, f"{got} is one too many: besides XOR, its opposite XNOR (1, 0, 0, 1) has "
                                 "no separating line either")
        expect(got != 4, "4 looks like AND, OR, NAND and NOR only; go through all 16 tables with "
                         "itertools.product([0, 1], repeat=4)")
        return hint(f"{got} is not the number of separable tables; for each of the 16 tables (as a NumPy "
                    "array) test `count_separating_lines(x_gate, outputs) > 0` and count the True results")
    story = (f"{truth} of 16 truth tables are linearly separable; only XOR and its opposite XNOR are not. "
             "Constant tables, single inputs, their negations, AND, OR and their variants all fit one line.")
    if said == truth:
        return passed(f"{story} You predicted {said}, right.")
    if said < truth:
        return passed(f"{story} You predicted {said}: XOR's fame makes the failure look typical, but with two "
                      "inputs it is the exception. The next cell shows how that changes with more inputs.")
    return passed(f"{story} You predicted {said}: XNOR, the mirror image of XOR, fails for the same reason "
                  "(its 1-corners also sit on one diagonal).")


@exercise(hint="hidden unit k with weights (1, 1, 1) and bias -(k - 0.5) fires when at least k inputs are 1; "
               "the output then needs h1 - h2 + h3 > 0.5")
def parity3(P_W1: Any, P_b1: Any, P_W2: Any, P_b2: Any) -> Any:
    """Exercise "Three-input XOR": the weights of a 3-3-1 step network computing the parity of three bits."""
    names = ("P_W1", "P_b1", "P_W2", "P_b2")
    weights = _weights((P_W1, P_b1, P_W2, P_b2), names, 3)
    run = _run(weights, _CORNERS3)
    got = run["y"]
    ones = _CORNERS3.sum(axis=1).astype(np.int64)
    if np.array_equal(got, _PARITY3):
        return passed("your 3-3-1 network fires exactly when an odd number of inputs is 1. A single perceptron "
                      "cannot do this; with n inputs, n hidden units that count (at least 1, 2, ..., n) "
                      "and alternating output weights always can")
    expect(not np.array_equal(got, 1 - _PARITY3),
           "your network fires for an *even* number of ones (0 or 2): the opposite of parity. Check the signs "
           "of the output weights and the output bias")
    for k, name in ((1, "at least one input is"), (2, "at least two inputs are"), (3, "all three inputs are")):
        expect(not np.array_equal(got, (ones >= k).astype(np.int64)),
               f"your network fires when {name} 1; parity must fire for 1 and 3 ones but not for 2 "
               "(nor 0): give the hidden units different biases so they count, and weight them +1, -1, +1")
    expect(not _transposed_fits(weights, _CORNERS3, _PARITY3),
           "your weights would work with P_W1 transposed: Dense computes x @ P_W1, so *column* j holds the "
           "three input weights of hidden unit j")
    wrong = got != _PARITY3
    for check_hint in (_zero_sum_hint(run, _CORNERS3, wrong, names), _collision_hint(run, _CORNERS3, _PARITY3)):
        if check_hint is not None:
            return check_hint
    first = int(np.argmax(wrong))
    count = f"{ones[first]} one{'' if ones[first] == 1 else 's'}"
    return hint(f"on {_corner(_CORNERS3[first])} ({count}) your network says {got[first]}, parity "
                f"is {_PARITY3[first]}; its hidden outputs there are {_corner(run['h'][first])}. Make hidden "
                "unit k fire when at least k inputs are 1, then read 'odd' from them at the output")

