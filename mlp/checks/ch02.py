"""Checks for chapter 2, "Neurons and the perceptron": one function per exercise.

In the notebook::

    from mlp.checks import ch02 as check
    check.nor_weights(w_nor, b_nor)
    check.learning_rate(my_prediction, mistakes_lr1, mistakes_lr_quarter)
    check.perceptron_epoch(perceptron_epoch)
    check.learnable_gates(n_learnable, never_learned)

Every exercise uses the unit "y = 1 if w . x + b > 0 else 0" on the four inputs (0,0), (0,1), (1,0), (1,1), in
that order, and the rule w <- w + lr (t - y) x, b <- b + lr (t - y) of :class:`mlp.perceptron.Perceptron`.
Each check recomputes the truth with ``mlp`` and recognises the likely mistakes (flipped signs, ``>=`` for ``>``,
a batch update instead of one row at a time, epochs counted instead of mistakes, ...) by name.
"""

from __future__ import annotations

from itertools import product
from typing import Any, Callable

import numpy as np

from ..datasets.synthetic import GATES, logic_gate
from ..perceptron import Perceptron
from ._core import as_number, call, close, exercise, expect, expect_shape, expect_value, hint, passed

__all__ = ["nor_weights", "learning_rate", "perceptron_epoch", "learnable_gates"]

_INPUTS = logic_gate("and")[0].astype(np.float64)

_NAMES: dict[tuple[int, ...], str] = {
    (0, 0, 0, 0): "always 0", (0, 0, 0, 1): "AND", (0, 0, 1, 0): "x1 AND NOT x2", (0, 0, 1, 1): "x1",
    (0, 1, 0, 0): "x2 AND NOT x1", (0, 1, 0, 1): "x2", (0, 1, 1, 0): "XOR", (0, 1, 1, 1): "OR",
    (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR", (1, 0, 1, 0): "NOT x2", (1, 0, 1, 1): "x1 OR NOT x2",
    (1, 1, 0, 0): "NOT x1", (1, 1, 0, 1): "x2 OR NOT x1", (1, 1, 1, 0): "NAND", (1, 1, 1, 1): "always 1",
}


def _table(outputs: np.ndarray) -> tuple[int, ...]:
    return tuple(int(v) for v in np.ravel(outputs))


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: NOR by hand
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="NOR fires only for (0, 0): its sum there is just b, so b > 0, and one active input must stop it")
def nor_weights(w_nor: Any, b_nor: Any) -> Any:
    """Exercise "NOR by hand": two weights and a bias whose unit computes NOR (1, 0, 0, 0)."""
    w = expect_shape(w_nor, (2,), "w_nor")
    expect(np.issubdtype(w.dtype, np.number) and not np.issubdtype(w.dtype, np.complexfloating),
           f"`w_nor` should hold two numbers, got {w!r}")
    w = w.astype(np.float64)
    b = expect_value(as_number(b_nor), f"`b_nor` should be one number (the bias), got {b_nor!r}")
    expect(np.all(np.isfinite(w)), "`w_nor` holds NaN or infinity; choose two ordinary numbers")
    z = _INPUTS @ w + b
    got = _table(z > 0)
    wanted = GATES["nor"]
    if got != wanted:
        name = _NAMES[got]
        on_line = [tuple(int(v) for v in row) for row, zi in zip(_INPUTS, z) if zi == 0]
        if on_line:
            return hint(f"your unit computes {got} ({name}); the inputs {on_line} lie exactly on the line "
                        "(w.x + b = 0) and do not fire, because the rule is > 0, not >= 0; move the line a little")
        expect(got != GATES["or"], "your unit computes OR (0, 1, 1, 1); NOR is NOT OR: flip the sign of both "
                                   "weights and of the bias")
        expect(got != GATES["nand"], "your unit computes NAND (1, 1, 1, 0): it fires unless *both* inputs are on. "
                                     "NOR must already stop when *one* input is on: make the bias smaller than "
                                     "minus each weight (b + w_i <= 0)")
        expect(got != (0, 0, 0, 0), "your unit never fires; for (0, 0) the sum is just b, so b must be positive")
        expect(got != (1, 1, 1, 1), "your unit always fires; the weights must be negative enough that one active "
                                    "input pulls the sum to 0 or below")
        return hint(f"your unit computes {got} ({name}); NOR is (1, 0, 0, 0): only (0, 0) fires. Try negative "
                    "weights and a small positive bias")
    margin = float(np.min(np.abs(z)))
    if margin == 0:
        on_line = [tuple(int(v) for v in row) for row, zi in zip(_INPUTS, z) if zi == 0]
        return passed(f"w = ({w[0]:g}, {w[1]:g}), b = {b:g} computes NOR {wanted}, but only just: the input(s) "
                      f"{on_line} sit exactly on the line and answer 0 only because the rule is > 0. A line a "
                      "little further "
                      f"from every input (say b = {float(np.min(-w)) / 2:g} with these weights) is safer")
    return passed(f"w = ({w[0]:g}, {w[1]:g}), b = {b:g} computes NOR {wanted}; the closest input has "
                  f"|w.x + b| = {margin:g}, so it is that far from flipping its answer")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: predict the effect of a smaller learning rate
# ----------------------------------------------------------------------------------------------------------


def _and_run(lr: float) -> Perceptron:
    return Perceptron(2, lr=lr, init="zeros").fit(_INPUTS, np.array(GATES["and"]), epochs=20)


def _mistake_count(value: Any, name: str, run: Perceptron) -> float:
    """The student's total as a number, with a hint for the usual wrong counts (lists, epochs, steps)."""
    if isinstance(value, (list, tuple, np.ndarray)) and np.size(value) > 1:
        expect(False, f"`{name}` looks like a list (mistakes per epoch?); give the total, `sum(p.mistakes)`")
    got = expect_value(as_number(value), f"`{name}` should be one number, the total number of mistakes, got {value!r}")
    total = sum(run.mistakes)
    if not close(got, total):
        expect(not close(got, run.epochs_run), f"`{name}` = {got:g} is the number of epochs; count the mistakes "
                                               "(the updates) instead: `sum(p.mistakes)`")
        expect(not close(got, len(run.history)), f"`{name}` = {got:g} counts every example shown; count only "
                                                 "the wrong answers: `sum(p.mistakes)`")
        expect(not close(got, run.mistakes[-1]), f"`{name}` = {got:g} is the last epoch's count (always 0 once "
                                                 "it converges); add up all epochs: `sum(p.mistakes)`")
        expect(False, f"`{name}` = {got:g}, but the perceptron trained as asked (zero start, AND, epochs=20) makes "
                      f"a different number of mistakes; train `Perceptron(2, lr=...)` on `INPUTS` and `t_and`")
    return got


@exercise(hint="train Perceptron(2, lr=1.0) and Perceptron(2, lr=0.25) on INPUTS, t_and; total = sum(p.mistakes)")
def learning_rate(my_prediction: Any, mistakes_lr1: Any, mistakes_lr_quarter: Any) -> Any:
    """Exercise "Predict: a smaller learning rate": the prediction and both totals of mistakes."""
    words = {"more": "more", "fewer": "fewer", "less": "fewer", "the same": "the same", "same": "the same"}
    said = expect_value(words.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        f'set `my_prediction` to "more", "fewer" or "the same", got {my_prediction!r}')
    big, small = _and_run(1.0), _and_run(0.25)
    _mistake_count(mistakes_lr1, "mistakes_lr1", big)
    _mistake_count(mistakes_lr_quarter, "mistakes_lr_quarter", small)
    n1, nq = sum(big.mistakes), sum(small.mistakes)
    actual = "more" if nq > n1 else "fewer" if nq < n1 else "the same"
    weights = (f"the learned weights are w = {big.w.tolist()}, b = {float(big.b):g} with lr = 1 and "
               f"w = {small.w.tolist()}, b = {float(small.b):g} with lr = 0.25")
    why = ("From zero weights, every weight and the bias is a sum of terms ±lr · input (the bias's input is 1), so "
           "changing lr scales them all by the same factor: each sum w · x + b is scaled too, its sign is not, "
           "and every answer and every update happen exactly as before")
    if said == actual:
        return passed(f"{n1} mistakes with lr = 1 and {nq} with lr = 0.25: {actual}, as you predicted. {why}; "
                      f"{weights}.")
    return passed(f"{n1} mistakes with lr = 1 and {nq} with lr = 0.25. You predicted {said!r}, but it is "
                  f"{actual!r}. {why}; {weights}. (With a start other than zero, lr would matter.)")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: one epoch of the rule
# ----------------------------------------------------------------------------------------------------------


def _reference_epoch(w: np.ndarray, b: float, x: np.ndarray, t: np.ndarray, lr: float) -> tuple:
    """What mlp.Perceptron does in one epoch from (w, b): the truth the student's function must match."""
    p = Perceptron(len(w), lr=lr, dtype=np.float64)
    p.w[...] = w
    p.b = np.float64(b)
    p.fit(x, t, epochs=1)
    return p.w.copy(), float(p.b), p.mistakes[0]


def _variant_epoch(w: np.ndarray, b: float, x: np.ndarray, t: np.ndarray, lr: float, *,
                   fires: Callable[[float], bool] = lambda z: z > 0, sign: int = 1,
                   update_bias: bool = True) -> tuple:
    """The rule with one likely mistake built in (>= for >, the error's sign flipped, the bias left alone)."""
    w, mistakes = w.astype(np.float64).copy(), 0
    for x_i, t_i in zip(x, t):
        error = int(t_i) - int(fires(float(x_i @ w + b)))
        if error:
            w = w + sign * lr * error * x_i
            b = b + sign * lr * error * update_bias
            mistakes += 1
    return w, float(b), mistakes


def _batch_epoch(w: np.ndarray, b: float, x: np.ndarray, t: np.ndarray, lr: float) -> tuple:
    """Every row answered with the *starting* weights, then all corrections added at once."""
    errors = t - (x @ w + b > 0).astype(int)
    return w + lr * errors @ x, b + lr * errors.sum(), int(np.count_nonzero(errors))


def _same(result: tuple, expected: tuple) -> bool:
    return close(result[0], expected[0], 1e-6) and close(result[1], expected[1], 1e-6) and close(result[2],
                                                                                                  expected[2])


_RNG = np.random.default_rng(2)
_CASES = [  # (description, w, b, x, t, lr)
    ("AND from w = (0, 0), b = 0, lr = 1", np.zeros(2), 0.0, _INPUTS, np.array(GATES["and"]), 1.0),
    ("NAND from w = (0, 0), b = 0, lr = 1", np.zeros(2), 0.0, _INPUTS, np.array(GATES["nand"]), 1.0),
    ("OR from w = (0.5, -0.5), b = -0.25, lr = 0.5", np.array([0.5, -0.5]), -0.25, _INPUTS,
     np.array(GATES["or"]), 0.5),
    ("8 random rows of 3 inputs, lr = 0.1", _RNG.normal(0, 1, 3), 0.3, _RNG.normal(0, 1, (8, 3)),
     _RNG.integers(0, 2, 8), 0.1),
]


@exercise(hint="for each row in order: y = int(x_i @ w + b > 0); error = t_i - y; "
               "w = w + lr * error * x_i; b = b + lr * error; count the rows where error != 0")
def perceptron_epoch(perceptron_epoch_fn: Any) -> Any:
    """Exercise "One epoch of the rule, by hand": ``perceptron_epoch(w, b, x, t, lr) -> (w, b, mistakes)``."""
    for description, w, b, x, t, lr in _CASES:
        result = call(perceptron_epoch_fn, w, b, x, t, lr)
        expect(isinstance(result, (tuple, list)) and len(result) == 3,
               f"`perceptron_epoch` should return a tuple (new_w, new_b, mistakes), got {type(result).__name__}"
               f"{'' if not isinstance(result, (tuple, list)) else f' of length {len(result)}'}")
        new_w, new_b, mistakes = result
        got_b = expect_value(as_number(new_b), f"the second value should be the new bias, one number; got {new_b!r}")
        got_mistakes = expect_value(as_number(mistakes),
                                    f"the third value should be the number of mistakes; got {mistakes!r}")
        new_w = expect_shape(new_w, w.shape, "new_w (the first value returned)")
        expected = _reference_epoch(w, b, x, t, lr)
        answer = (new_w.astype(np.float64), got_b, got_mistakes)
        if _same(answer, expected):
            continue
        if close(answer[0], expected[0], 1e-6) and close(answer[1], expected[1], 1e-6):
            return hint(f"for {description} the weights and bias are right but the mistakes should be "
                        f"{expected[2]}, you returned {answer[2]:g}; count the rows where t - y != 0")
        if _same(answer, _batch_epoch(w, b, x, t, lr)):
            return hint(f"for {description} you answered every row with the starting weights and added all "
                        "corrections at once; the rule goes one row at a time, and each update changes the "
                        "answer for the next row")
        if _same(answer, _variant_epoch(w, b, x, t, lr, fires=lambda z: z >= 0)):
            return hint(f"for {description} your unit fires at w.x + b = 0; it should fire only when the sum is "
                        "strictly greater than 0 (`> 0`, not `>= 0`)")
        if _same(answer, _variant_epoch(w, b, x, t, lr, sign=-1)):
            return hint(f"for {description} your corrections go the wrong way; the error is t - y (target minus "
                        "output), so a missed 1 *adds* the input")
        if _same(answer, _variant_epoch(w, b, x, t, lr, update_bias=False)):
            return hint(f"for {description} the bias never changes; update it too: b = b + lr * (t - y)")
        if close(answer[0], w) and close(answer[1], b):
            return hint(f"for {description} you returned the starting weights unchanged; apply the update "
                        "w = w + lr * (t - y) * x_i for every wrong row")
        if lr != 1 and _same(answer, _reference_epoch(w, b, x, t, 1.0)):
            return hint(f"for {description} your weights are right for lr = 1; multiply each correction by `lr`")
        return hint(f"for {description} the result should be w = {np.round(expected[0], 4).tolist()}, "
                    f"b = {expected[1]:.4g}, {expected[2]} mistakes; you returned w = "
                    f"{np.round(answer[0], 4).tolist()}, b = {answer[1]:.4g}, {answer[2]:g} mistakes")
    return passed("your epoch matches mlp.Perceptron on AND, NAND, OR from a non-zero start, and random "
                  "3-input data with lr = 0.1")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: which of the 16 gates can a perceptron learn?
# ----------------------------------------------------------------------------------------------------------


def _truth() -> tuple[int, set[tuple[int, ...]]]:
    failed = set()
    for table in product([0, 1], repeat=4):
        if not Perceptron(2).fit(_INPUTS, np.array(table), epochs=100).converged:
            failed.add(table)
    return 16 - len(failed), failed


def _as_tables(value: Any) -> set[tuple[int, ...]] | None:
    """``never_learned`` as a set of 4-tuples of 0/1, or None if it is not a collection of such tables."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        rows = [np.asarray(item).ravel() for item in value]
    except TypeError:
        return None
    tables = set()
    for row in rows:
        if row.size != 4 or not np.issubdtype(row.dtype, np.number) or not np.all(np.isin(row, (0, 1))):
            return None
        tables.add(tuple(int(v) for v in row))
    return tables


@exercise(hint="for table in product([0, 1], repeat=4): p = Perceptron(2).fit(INPUTS, np.array(table), "
               "epochs=100); count p.converged, collect the tables where it is False")
def learnable_gates(n_learnable: Any, never_learned: Any) -> Any:
    """Exercise "Which gates can a perceptron learn?": the count of learnable tables and the list of the others."""
    count, failed = _truth()
    got = expect_value(as_number(n_learnable),
                       f"`n_learnable` should be one number, a count of truth tables; got {n_learnable!r}")
    tables = expect_value(_as_tables(never_learned), "`never_learned` should be a list of truth tables, each four "
                                                     "0/1 outputs such as (0, 1, 1, 0)")
    names = ", ".join(f"{table} {_NAMES[table]}" for table in sorted(failed))
    expect(not close(got, 16), "16 means every table was learned; read `p.converged` after `fit` and count only "
                               "the runs where it is True")
    expect(not close(got, len(failed)), f"{got:g} is the number of tables that were *not* learned; "
                                        "`n_learnable` counts the others")
    if tables - failed:
        extra = sorted(tables - failed)
        return hint(f"{extra[0]} ({_NAMES[extra[0]]}) is learnable: with epochs=100 the perceptron converges on "
                    "it. Did you stop too early (few epochs) or train on the wrong targets?")
    if failed - tables:
        missing = sorted(failed - tables)
        return hint(f"{missing[0]} ({_NAMES[missing[0]]}) is also never learned; put it in `never_learned`")
    expect(close(got, count), f"you listed the right tables in `never_learned`, so `n_learnable` should be "
                              f"16 - {len(failed)} = {count}, not {got:g}")
    return passed(f"{count} of the 16 truth tables are learned; the two that are not, {names}, are exactly the "
                  "ones no single line can separate. The theorem guarantees the 14 (a separating line exists, so "
                  "the rule must stop); for the two others, 100 epochs alone prove nothing, but chapter 3 shows "
                  "that no line exists. XNOR's table, 1 0 0 1, is the deck's code 1001 once more.")
