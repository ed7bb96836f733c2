"""Checks for chapter 15, "Optimizers compared on MNIST": one function per exercise.

In the notebook::

    from mlp.checks import ch15 as check
    check.multiply_adds(multiply_adds)
    check.width_ratio(my_prediction, ratio_500_to_10)
    check.settled_at(settled_at)
    check.loss_at_budget(loss_at_budget)

Each check computes the right answer itself, compares the student's answer with the likely wrong ones (one
hidden-to-hidden layer instead of two, the batch forgotten, the backward pass counted, the first time a curve
comes close instead of the time it stays close, a relative instead of an absolute tolerance, a block that is
not finished yet, ...) and names the mistake it recognises.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["multiply_adds", "width_ratio", "settled_at", "loss_at_budget"]

INPUTS, OUTPUTS = 784, 10

#: Seed 000's Table 1, SGD's training time in seconds at h = 10 and h = 500.
PAPER_SGD_TIME_10, PAPER_SGD_TIME_500 = 2.9, 42.2


def _show(value: float | None) -> str:
    return "nothing usable" if value is None else f"{value:.6g}"


# ----------------------------------------------------------------------------------------------------------
# Reference answers
# ----------------------------------------------------------------------------------------------------------


def _multiply_adds(width: int, batch_size: int) -> int:
    """Multiply-adds of the forward matrix products of 784-h-h-h-10 on a batch."""
    per_example = INPUTS * width + width * width + width * width + width * OUTPUTS
    return batch_size * per_example


def _settled_at(curve: np.ndarray, block: int, tolerance: float) -> int:
    """(i + 1) * block for the first block i from which every block stays within tolerance of the last."""
    inside = np.abs(curve - curve[-1]) <= tolerance
    i = len(curve) - 1
    while i > 0 and inside[i - 1]:
        i -= 1
    return (i + 1) * block


def _loss_at_budget(curve: np.ndarray, block: int, seconds: float, budget: float) -> float:
    """The block mean of the last block finished within ``budget`` seconds (clipped to the curve)."""
    iterations = math.floor(budget / seconds)
    index = min(max(iterations // block - 1, 0), len(curve) - 1)
    return float(curve[index])


# ----------------------------------------------------------------------------------------------------------
# The exercises
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="per example: 784*h (input layer) + h*h + h*h (the two hidden-to-hidden layers) + h*10 (output), "
               "times the batch size")
def multiply_adds(multiply_adds_fn: Any) -> Any:
    """Exercise "Count the arithmetic": ``multiply_adds(width, batch_size)`` -> int."""
    for width, batch in ((10, 1), (100, 128), (500, 128), (37, 3)):
        want = _multiply_adds(width, batch)
        got = expect_value(as_number(call(multiply_adds_fn, width, batch)),
                           f"`multiply_adds({width}, {batch})` should return one number, a count")
        if close(got, want, 1e-9):
            continue
        h = width
        one_hidden = batch * (INPUTS * h + h * h + h * OUTPUTS)
        three_hidden = batch * (INPUTS * h + 3 * h * h + h * OUTPUTS)
        expect(not close(got, want / batch, 1e-9),
               f"{got:g} is the count for one example; multiply by the batch size ({batch} rows)")
        expect(not close(got, one_hidden, 1e-9),
               f"{got:g} has one h-by-h product; 784-h-h-h-10 has two (hidden 1 -> 2 and hidden 2 -> 3)")
        expect(not close(got, three_hidden, 1e-9),
               f"{got:g} has three h-by-h products; the first layer is 784-by-h, so there are only two")
        expect(not close(got, batch * (INPUTS * h + 2 * h * h), 1e-9),
               f"{got:g} leaves out the output layer, h-by-10")
        expect(not close(got, want + batch * (3 * h + OUTPUTS), 1e-9),
               f"{got:g} adds the biases; count only the matrix products (a bias is one addition, no multiply)")
        expect(not close(got, 2 * want, 1e-9),
               f"{got:g} counts a multiply and an add separately; a multiply-add is one of each, count it once")
        expect(not close(got, 3 * want, 1e-9),
               f"{got:g} includes the backward pass; count the forward pass only")
        return hint(f"multiply_adds({width}, {batch}) should be {want}, you returned {got:g}; per example it is "
                    "784*h + h*h + h*h + h*10")
    return passed(f"one forward pass at h = 500 and batch 128 is {_multiply_adds(500, 128):,} multiply-adds, "
                  f"at h = 10 only {_multiply_adds(10, 128):,}")


@exercise(hint="ratio_500_to_10 = multiply_adds(500, 128) / multiply_adds(10, 128)")
def width_ratio(my_prediction: Any, ratio_500_to_10: Any) -> Any:
    """Exercise "Predict, then count": the predicted and the computed arithmetic ratio between h = 500 and 10."""
    not_a_guess = f"set `my_prediction` to one positive number (your guess of the ratio), got {my_prediction!r}"
    guess = expect_value(as_number(my_prediction), not_a_guess)
    expect(guess > 0, not_a_guess)
    truth = _multiply_adds(500, 128) / _multiply_adds(10, 128)
    got = expect_value(as_number(ratio_500_to_10),
                       "`ratio_500_to_10` should be one number: multiply_adds at h = 500 divided by h = 10")
    if not close(got, truth, 1e-6):
        expect(not close(got, 1 / truth, 1e-6), f"{got:.4g} is upside down: divide h = 500's count by h = 10's")
        expect(not close(got, 50.0), "50 is just 500 / 10; compute the ratio from multiply_adds(500, 128) and "
                                     "multiply_adds(10, 128)")
        expect(not close(got, 2500.0), "2500 is (500 / 10)^2; compute the ratio from multiply_adds itself")
        return hint(f"the ratio should be about {truth:.1f}, you computed {got:.4g}; is your multiply_adds "
                    "passing its check?")
    paper = PAPER_SGD_TIME_500 / PAPER_SGD_TIME_10
    story = (f"The arithmetic grows {truth:.0f}-fold from h = 10 to h = 500 (the first layer 784h grows 50-fold, "
             f"the two h*h layers 2500-fold), but the paper's SGD time grows only {paper:.1f}-fold "
             f"({PAPER_SGD_TIME_10} s to {PAPER_SGD_TIME_500} s): at h = 10 the arithmetic is so small that the "
             "fixed cost of every step (Python, copying the batch, the softmax, the update loop) dominates.")
    if 0.67 * truth <= guess <= 1.5 * truth:
        return passed(f"you predicted {guess:.4g}, close. {story}")
    if guess < truth:
        return passed(f"you predicted {guess:.4g}, too low: {story} Growing h by 50 multiplies the h*h terms by "
                      "2500, and from h = 392 on they outweigh the 784h of the first layer.")
    return passed(f"you predicted {guess:.4g}, too high: {story} The first layer, 784h, only grows 50-fold and "
                  "is most of the work until h = 392.")


@exercise(hint="mark which blocks are within `tolerance` of curve[-1], then walk back from the end while they "
               "still are; return (i + 1) * block")
def settled_at(settled_at_fn: Any) -> Any:
    """Exercise "When does a curve settle?": ``settled_at(curve, block, tolerance)`` -> iterations."""
    cases = [
        (np.array([2.0, 1.0, 0.5, 0.3, 0.32, 0.29, 0.31, 0.3]), 10, 0.05),
        (np.array([2.0, 0.3, 0.9, 0.31, 0.3]), 10, 0.05),       # comes close at block 1, leaves, comes back
        (np.array([1.0, 0.2, 0.12, 0.1, 0.1]), 100, 0.05),      # absolute and relative tolerances disagree
        (np.array([0.5, 0.49, 0.5]), 25, 0.02),                  # settled from the start
    ]
    for curve, block, tolerance in cases:
        want = _settled_at(curve, block, tolerance)
        got = expect_value(as_number(call(settled_at_fn, curve.tolist(), block, tolerance)),
                           "`settled_at` should return one number, a count of iterations")
        if close(got, want):
            continue
        shown = f"settled_at({[float(v) for v in curve]}, block={block}, tolerance={tolerance})"
        first_close = (int(np.argmax(np.abs(curve - curve[-1]) <= tolerance)) + 1) * block
        relative = _settled_at(curve, block, tolerance * abs(float(curve[-1])))
        expect(not (first_close != want and close(got, first_close)),
               f"{shown} returned {got:g}, where the curve first comes within the tolerance; it must *stay* "
               "within it from there to the end")
        expect(not (relative != want and close(got, relative)),
               f"{shown} returned {got:g}: the tolerance is absolute, in loss units "
               "(|curve[j] - curve[-1]| <= tolerance), not a fraction of the final loss")
        expect(not close(got, want - block), f"{shown} returned {got:g}, one block early: return (i + 1) * block, "
                                             "the iteration at which block i ends")
        expect(not close(got, want / block - 1) and not close(got, want / block),
               f"{shown} returned {got:g}, a block index; multiply by `block` to get iterations")
        return hint(f"{shown} should be {want}, you returned {got:g}")
    return passed("your function finds the iteration after which a curve stays within the tolerance of its end")


@exercise(hint="iterations = floor(budget / seconds_per_iteration); the last finished block is "
               "iterations // block - 1, clipped to 0 .. len(curve) - 1")
def loss_at_budget(loss_at_budget_fn: Any, best_width_adam: Any = None, adam_runs: Any = None,
                   block: Any = None, budget: Any = None) -> Any:
    """Exercise "Equal time, not equal steps": ``loss_at_budget(curve, block, seconds, budget)`` -> loss, then
    the width that gives Adam the lowest loss within ``budget`` CPU seconds.

    ``adam_runs`` maps each width to ``(curve, seconds_per_iteration)`` from the chapter's committed results.
    """
    curve = np.array([2.0, 1.5, 1.0, 0.8, 0.6, 0.5, 0.45, 0.4])
    cases = [(10, 0.25, 10.0), (10, 0.25, 13.0), (10, 0.5, 100.0), (10, 0.25, 1.0), (5, 0.125, 2.0)]
    for case_block, seconds, case_budget in cases:
        want = _loss_at_budget(curve, case_block, seconds, case_budget)
        got = as_number(call(loss_at_budget_fn, curve.tolist(), case_block, seconds, case_budget))
        shown = (f"loss_at_budget(curve, block={case_block}, seconds_per_iteration={seconds}, "
                 f"budget={case_budget})")
        got = expect_value(got, f"{shown} should return one number, a loss from `curve`")
        if close(got, want):
            continue
        iterations = math.floor(case_budget / seconds)
        expect(not close(got, iterations), f"{shown} returned {got:g}, the number of iterations; return the loss "
                                           "of the last block finished by then")
        index = iterations // case_block
        if index < len(curve):
            expect(not close(got, curve[index]),
                   f"{shown} returned {got:g}: {iterations} iterations finish {index} blocks, so the last "
                   f"finished one is curve[{index - 1}], not curve[{index}]")
        return hint(f"{shown} should be {want:g}, you returned {got:g}")
    if adam_runs is None:
        return passed("your function reads each curve at the same time budget instead of the same step count")

    reached = {int(h): _loss_at_budget(np.asarray(c, dtype=float), int(block), float(s), float(budget))
               for h, (c, s) in adam_runs.items()}
    best = min(reached, key=lambda h: reached[h])
    finals = {int(h): float(np.asarray(c, dtype=float)[-1]) for h, (c, _) in adam_runs.items()}
    got = expect_value(as_number(best_width_adam), "`best_width_adam` should be one width, e.g. 100")
    if not close(got, best):
        expect(not close(got, min(finals, key=lambda h: finals[h])),
               f"h = {got:g} has the lowest loss after the full 2000 iterations; with {budget:g} CPU seconds the "
               "wide network does not get that far. Read every curve at the budget with loss_at_budget")
        expect(got in reached, f"{got:g} is not one of the widths {sorted(reached)}")
        return hint(f"with {budget:g} CPU seconds h = {got:g} reaches {reached[int(got)]:.3f}, but another width "
                    "gets lower; compute loss_at_budget for every width and take the smallest")
    shown = ", ".join(f"h = {h}: {v:.3f}" for h, v in reached.items())
    return passed(f"within {budget:g} CPU seconds Adam reaches {shown}; h = {best} wins. With a time limit the "
                  "middle widths win, as the paper's '50 to 100 counting time' says, because a wide network's "
                  "iterations cost more.")
