"""Checks for chapter 1, "Sorting tangerines": one function per exercise.

In the notebook::

    from mlp.checks import ch01 as check
    check.count_errors(count_errors)
    check.threshold_8(my_prediction, ripe_in_left_at_8, diameters, y)
    check.best_threshold(best_threshold, diameters, y)
    check.cheapest_threshold(cheapest_threshold, diameters, y)

Every exercise uses the rule "right box (ripe, label 1) if diameter > threshold, else left box (unripe, 0)".
Each check first tries the student's answer on small hand-made baskets built so that the likely mistakes
(``>=`` for ``>``, swapped boxes, a fraction instead of a count, the largest of tied thresholds, ...) give
different answers, and names the mistake it recognises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import as_float_array, as_label_array, check_same_length
from ._core import CheckResult, as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["count_errors", "threshold_8", "best_threshold", "cheapest_threshold"]

# A basket with two unripe tangerines exactly at 7.5 cm: ">" and ">=" disagree on them.
# At 7.5 cm: one ripe tangerine in the left box (7.2) and one unripe in the right box (8.1), so 2 errors.
_SIZES = np.array([6.8, 7.2, 7.5, 7.5, 7.9, 8.3, 6.9, 8.1], dtype=np.float32)
_LABELS = np.array([0, 1, 0, 0, 1, 1, 0, 0], dtype=np.int64)

# A shuffled basket with a repeated diameter (7.0) and two tied best midpoints, 7.1 and 8.25 (1 error each).
# Its order is chosen so that no midpoint of *unsorted* neighbours is a diameter or a true candidate.
_TIE_SIZES = np.array([6.0, 9.0, 7.2, 8.5, 7.0, 8.0, 7.0, 6.5], dtype=np.float32)
_TIE_LABELS = np.array([0, 1, 1, 1, 0, 0, 0, 0], dtype=np.int64)

# A sorted basket where the three answers differ: fewest errors 7.2 (tied with 7.75 and 8.4), cost 3 on ripe in
# the left box 6.2, cost 3 on unripe in the right box (the costs swapped) 8.4.
_COST_SIZES = np.array([6.0, 6.4, 6.8, 7.1, 7.3, 7.6, 7.9, 8.2, 8.6, 9.0], dtype=np.float32)
_COST_LABELS = np.array([0, 1, 0, 0, 1, 0, 1, 0, 1, 1], dtype=np.int64)


# ----------------------------------------------------------------------------------------------------------
# Reference answers (what the solutions compute), used to judge the student's answers.
# ----------------------------------------------------------------------------------------------------------


def _errors(diameters: np.ndarray, labels: np.ndarray, thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ripe in the left box, unripe in the right box) for each threshold: two int arrays of shape (t,)."""
    goes_right = diameters[np.newaxis, :] > np.asarray(thresholds)[:, np.newaxis]
    is_ripe = labels == 1
    return np.sum(~goes_right & is_ripe, axis=1), np.sum(goes_right & ~is_ripe, axis=1)


def _candidates(diameters: np.ndarray) -> np.ndarray:
    """Midpoints between neighbouring distinct diameters, in increasing order."""
    distinct = np.unique(diameters)
    return (distinct[:-1] + distinct[1:]) / 2


def _cheapest(diameters: np.ndarray, labels: np.ndarray, cost_left: float = 1.0, cost_right: float = 1.0) -> float:
    """The candidate minimizing cost_left * (ripe in left) + cost_right * (unripe in right); ties: smallest."""
    candidates = _candidates(diameters)
    left, right = _errors(diameters, labels, candidates)
    return float(candidates[np.argmin(cost_left * left + cost_right * right)])


def _count(diameters: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[int, int]:
    left, right = _errors(diameters, labels, np.array([threshold]))
    return int(left[0]), int(right[0])


def _chapter_data(diameters: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    """The notebook's tangerines, checked (a student may have overwritten ``diameters`` or ``y``)."""
    d = as_float_array(diameters, "diameters", ndim=1)
    y = as_label_array(labels, "labels", n_classes=2)
    check_same_length(d, "diameters", y, "labels")
    return d, y


def _show(value: float | None) -> str:
    return "nothing usable" if value is None else f"{value:.4g}"


# ----------------------------------------------------------------------------------------------------------
# The exercises.
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="compare `diameters > threshold` (1 = right box) with `labels` and count where they differ")
def count_errors(count_errors_fn: Any) -> Any:
    """Exercise "Count the errors": ``count_errors(diameters, labels, threshold)`` -> int."""
    got = expect_value(as_number(call(count_errors_fn, _SIZES, _LABELS, 7.5)),
                       "`count_errors` should return one number, the count of tangerines in the wrong box")
    n = len(_LABELS)
    expect(not close(got, 2 / n), f"you returned {got:g}, a fraction; return the *number* of errors instead")
    expect(not close(got, 4), "you counted the two unripe tangerines of exactly 7.5 cm as going right: "
                              "the rule is `diameter > threshold`, not `>=`")
    expect(not close(got, n - 2), f"you got {got:g} of {n}: that counts the correct decisions, or the boxes are "
                                  "swapped; bigger tangerines (label 1) go to the right box")
    expect(not close(got, 1), "that is only one kind of error; count ripe ones in the left box *and* unripe "
                              "ones in the right box")
    expect(close(got, 2), f"on a basket of {n} tangerines the 7.5 cm rule makes 2 errors; you counted {got:g}")
    from ..datasets.synthetic import tangerines  # a bigger basket, at several thresholds

    x, y = tangerines(n=100, seed=11)
    for threshold in (6.5, 7.5, 8.25):
        expected = sum(_count(x[:, 0], y, threshold))
        counted = as_number(call(count_errors_fn, x[:, 0], y, threshold))
        expect(counted is not None and close(counted, expected),
               f"on 100 tangerines at threshold {threshold} cm there are {expected} errors, you counted "
               f"{_show(counted)}; "
               "does your function use its `threshold` argument?")
    return passed("your function counts both kinds of error, for any threshold")


@exercise(hint="count where `(labels == 1) & (diameters <= 8.0)`")
def threshold_8(my_prediction: Any, ripe_in_left_at_8: Any, diameters: Any, labels: Any) -> Any:
    """Exercise "Predict, then count": a prediction string and the ripe-in-left count at 8.0 cm."""
    words = {"more": "more", "fewer": "fewer", "less": "fewer", "the same": "the same", "same": "the same"}
    said = expect_value(words.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        f'set `my_prediction` to "more", "fewer" or "the same", got {my_prediction!r}')
    d, y = _chapter_data(diameters, labels)
    left_75, right_75 = _count(d, y, 7.5)
    left_8, right_8 = _count(d, y, 8.0)
    got = expect_value(as_number(ripe_in_left_at_8), "`ripe_in_left_at_8` should be one number, a count of tangerines")
    expect(not (0 < got < 1), f"{got:g} is a fraction; count the tangerines instead")
    if not close(got, left_8):
        expect(not close(got, left_75), f"{got:g} is the count at 7.5 cm; move the threshold to 8.0 cm")
        expect(not close(got, right_8), f"{got:g} is the number of *unripe* tangerines in the right box; "
                                        "count the *ripe* ones (label 1) in the left box")
        expect(not close(got, left_8 + right_8), f"{got:g} counts both kinds of error; count only the ripe "
                                                 "tangerines in the left box")
        expect(not close(got, int(np.sum(y == 1)) - left_8),
               f"{got:g} is the number of ripe tangerines in the *right* box; the left box gets "
               "`diameters <= 8.0`")
        return hint(f"at 8.0 cm the left box holds a different number of ripe tangerines than {got:g}; "
                    "count where `(labels == 1) & (diameters <= 8.0)`")
    actual = "more" if left_8 > left_75 else "the same"
    story = f"{left_8} ripe tangerines land in the left box at 8.0 cm, against {left_75} at 7.5 cm"
    if said == actual:
        return passed(f"{story}: {actual}, as you predicted. Raising the threshold only moves tangerines "
                      "from the right box to the left, so this kind of error can only grow (or stay put).")
    return passed(f"{story}. You predicted {said!r}, but it is {actual!r}: raising the threshold only moves "
                  "tangerines from the right box to the left, never back, so this kind of error cannot shrink.")


def _check_threshold_function(
    fn: Any, name: str, costs: tuple[float, float], sizes: np.ndarray = _TIE_SIZES, labels: np.ndarray = _TIE_LABELS
) -> CheckResult | None:
    """The common tests of exercises 3 and 4 on a small basket: None if passed, else a specific hint."""
    cost_left, cost_right = costs
    expected = _cheapest(sizes, labels, cost_left, cost_right)
    got = expect_value(as_number(call(fn, sizes, labels)), f"`{name}` should return one number, a threshold in cm")
    if close(got, expected, 1e-5):
        return None
    candidates = _candidates(sizes)
    left, right = _errors(sizes, labels, candidates)
    cost = cost_left * left + cost_right * right
    tied = candidates[cost == cost.min()]
    expect(not (len(tied) > 1 and close(got, tied[-1], 1e-5)),
           f"{got:g} ties with {expected:g}; when several thresholds tie, return the smallest")
    position = int(got) if float(got).is_integer() and 0 <= got < len(candidates) else None
    expect(position is None or not close(candidates[position], expected, 1e-5),
           f"{got:g} looks like the position of the best candidate; return the candidate itself (in cm)")
    expect(not close(got, cost.min()), f"{got:g} is the lowest error count (or cost); return the threshold "
                                       "that achieves it")
    expect(not np.any(np.isclose(got, sizes)),
           f"{got:g} is one of the diameters; the candidates are the midpoints between neighbouring *distinct* "
           "diameters (np.unique sorts them and drops repeats)")
    unsorted = (sizes[:-1] + sizes[1:]) / 2
    expect(not np.any(np.isclose(got, unsorted)),
           f"{got:g} is a midpoint of neighbours in the *unsorted* data; sort the diameters first (np.unique)")
    return hint(f"on a small basket the answer is {expected:g} cm, you returned {got:g}; check the candidates "
                "(midpoints between neighbouring distinct diameters) and how you count the errors")


def _compare_on_chapter_data(
    got: float | None, d: np.ndarray, y: np.ndarray, costs: tuple[float, float]
) -> CheckResult | None:
    """None if ``got`` is the cheapest midpoint on the chapter's tangerines, else a hint."""
    candidates = _candidates(d)
    left, right = _errors(d, y, candidates)
    cost = costs[0] * left + costs[1] * right
    expected = float(candidates[np.argmin(cost)])
    if got is not None and close(got, expected, 1e-5):
        return None
    tied = candidates[cost == cost.min()]
    if got is not None and len(tied) > 1 and np.any(np.isclose(got, tied, rtol=0, atol=1e-5)):
        return hint(f"{got:.4f} cm ties with {expected:.4f} cm on the chapter's tangerines; when several "
                    "thresholds tie, return the smallest")
    return hint(f"your function passes the small tests but returns {_show(got)} on the chapter's tangerines, "
                f"where the answer is {expected:.4f} cm; do you use exactly the midpoints of np.unique(diameters)?")


@exercise(hint="candidates = midpoints of np.unique(diameters); count errors for each; np.argmin picks the first")
def best_threshold(best_threshold_fn: Any, diameters: Any, labels: Any) -> Any:
    """Exercise "Only the thresholds that matter": ``best_threshold(diameters, labels)`` -> float."""
    mistake = _check_threshold_function(best_threshold_fn, "best_threshold", (1.0, 1.0))
    if mistake is not None:
        return mistake
    d, y = _chapter_data(diameters, labels)
    got = as_number(call(best_threshold_fn, d, y))
    mistake = _compare_on_chapter_data(got, d, y, (1.0, 1.0))
    if mistake is not None:
        return mistake
    assert got is not None, "_compare_on_chapter_data returns a hint for None"
    left, right = _count(d, y, got)
    return passed(f"on the chapter's tangerines your function finds {got:.2f} cm with {left + right} errors "
                  f"({left} ripe in the left box, {right} unripe in the right box)")


@exercise(hint="cost = cost_ripe_in_left * (ripe in left) + cost_unripe_in_right * (unripe in right), "
               "then np.argmin over the midpoint candidates")
def cheapest_threshold(cheapest_threshold_fn: Any, diameters: Any, labels: Any) -> Any:
    """Exercise "When one mistake costs more": ``cheapest_threshold(diameters, labels, 3.0, 1.0)`` -> float."""
    got = expect_value(as_number(call(cheapest_threshold_fn, _COST_SIZES, _COST_LABELS)),
                       "`cheapest_threshold` should return one number, a threshold in cm")
    expect(not close(got, _cheapest(_COST_SIZES, _COST_LABELS), 1e-5),
           f"{got:g} cm is the threshold with the fewest errors; weight each ripe tangerine in the left box by "
           "`cost_ripe_in_left` (3) and each unripe one in the right box by `cost_unripe_in_right` (1)")
    expect(not close(got, _cheapest(_COST_SIZES, _COST_LABELS, 1.0, 3.0), 1e-5),
           f"{got:g} cm puts the cost of 3 on the wrong mistake: it is a *ripe* tangerine in the *left* box "
           "that costs 3")
    for sizes, labels_ in ((_COST_SIZES, _COST_LABELS), (_TIE_SIZES, _TIE_LABELS)):
        mistake = _check_threshold_function(cheapest_threshold_fn, "cheapest_threshold", (3.0, 1.0), sizes, labels_)
        if mistake is not None:
            return mistake
    d, y = _chapter_data(diameters, labels)
    for costs in ((1.0, 1.0), (1.0, 5.0)):  # the cost arguments must be used, not fixed numbers
        wanted = _cheapest(d, y, *costs)
        answer = as_number(call(cheapest_threshold_fn, d, y, cost_ripe_in_left=costs[0],
                              cost_unripe_in_right=costs[1]))
        expect(answer is not None and close(answer, wanted, 1e-5),
               f"with cost_ripe_in_left={costs[0]:g} and cost_unripe_in_right={costs[1]:g} the answer is "
               f"{wanted:.4f} cm, you returned {_show(answer)}; use the cost arguments instead of fixed numbers")
    chosen = as_number(call(cheapest_threshold_fn, d, y))
    mistake = _compare_on_chapter_data(chosen, d, y, (3.0, 1.0))
    if mistake is not None:
        return mistake
    assert chosen is not None, "_compare_on_chapter_data returns a hint for None"
    fewest = _cheapest(d, y)
    (l1, r1), (l3, r3) = _count(d, y, fewest), _count(d, y, chosen)
    moved = "down" if chosen < fewest else "up" if chosen > fewest else "nowhere"
    # 2 decimals as the chapter prints them, 4 if 2 would make two different thresholds look equal
    digits = 2 if f"{fewest:.2f}" != f"{chosen:.2f}" or fewest == chosen else 4
    return passed(f"fewest errors at {fewest:.{digits}f} cm ({l1} ripe in left, {r1} unripe in right, "
                  f"cost {3 * l1 + r1}); lowest cost at {chosen:.{digits}f} cm ({l3} ripe in left, "
                  f"{r3} unripe in right, cost {3 * l3 + r3}). "
                  f"The threshold moved {moved}: it accepts more cheap mistakes to avoid expensive ones.")
