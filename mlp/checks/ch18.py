"""Checks for chapter 18, "Overfitting": one function per exercise.

In the notebook::

    from mlp.checks import ch18 as check
    check.three_way_split(three_way_split)
    check.lucky_guessers(my_prediction, best_accuracy, fresh_accuracy, guesses, y_heldout, fresh_guesses, y_fresh)
    check.memorized_fraction(memorized_fraction, large_net, tiny_net, x_m, y_m, flipped)
    check.pick_width(pick_width, chosen_width, test_accuracy, WIDTHS, train_acc[:, -1], val_acc[:, -1],
                     grid_nets, x_moons_test, y_moons_test)

Each check computes the reference answer itself (from the arrays and networks the notebook passes in, or from
small hand-made cases) and compares the student's answer with the likely mistakes: piles in the wrong order,
overlapping or unshuffled piles, a percentage for a fraction, the average model for the best one, the best
model re-picked on the fresh data, all points instead of the mislabelled ones, the correct labels instead of
the wrong ones, choosing by training accuracy, a position instead of a width, the validation score reported
as the test score.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import as_float_array, as_label_array, check_same_length
from ._core import as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["three_way_split", "lucky_guessers", "memorized_fraction", "pick_width"]


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _show(value: float | None) -> str:
    return "nothing usable" if value is None else f"{value:.4g}"


def _index_array(value: Any, name: str) -> np.ndarray | None:
    """``value`` as a 1-D int64 array of indices, or None if it is not one."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        array = np.asarray(value)
    except Exception:  # ragged lists and the like
        return None
    if array.ndim != 1 or not (np.issubdtype(array.dtype, np.integer) or array.size == 0):
        return None
    return array.astype(np.int64)


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: three piles
# ----------------------------------------------------------------------------------------------------------


def _piles(fn: Any, n: int, n_val: int, n_test: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Call the student's split and return its three piles as index arrays (or stop the check with a hint)."""
    result = call(fn, n, n_val, n_test, seed=seed)
    expect(isinstance(result, (tuple, list)) and len(result) == 3,
           "`three_way_split` should return three arrays, `return train, val, test`; got "
           f"{type(result).__name__}{'' if not isinstance(result, (tuple, list)) else f' of {len(result)} items'}")
    piles = []
    for name, pile in zip(("train", "val", "test"), result):
        array = expect_value(_index_array(pile, name),
                             f"the `{name}` pile should be a 1-D array of integer indices, got "
                             f"{np.asarray(pile).dtype} with shape {np.shape(pile)}; did you return the "
                             "data instead of the indices, or a boolean mask?")
        piles.append(array)
    return piles[0], piles[1], piles[2]


@exercise(hint="order = np.random.default_rng(seed).permutation(n); val = order[:n_val], test = the next n_test, "
               "train = the rest")
def three_way_split(three_way_split_fn: Any) -> Any:
    """Exercise "Three piles": ``three_way_split(n, n_val, n_test, seed=0)`` -> (train, val, test) indices."""
    n, n_val, n_test = 100, 20, 30
    train, val, test = _piles(three_way_split_fn, n, n_val, n_test, seed=0)
    sizes = (len(train), len(val), len(test))
    wanted = (n - n_val - n_test, n_val, n_test)
    if sizes != wanted:
        expect(sizes != (n - n_val - n_test, n_test, n_val),
               f"with n_val={n_val} and n_test={n_test} your `val` pile has {sizes[1]} indices and `test` has "
               f"{sizes[2]}: the two are swapped")
        expect(sorted(sizes) != sorted(wanted),
               f"the piles have the right sizes but in the wrong order; return them as `train, val, test` "
               f"(sizes {wanted}), you returned sizes {sizes}")
        return hint(f"for n={n}, n_val={n_val}, n_test={n_test} the piles should hold {wanted} indices "
                    f"(train, val, test); yours hold {sizes}")
    everything = np.concatenate([train, val, test])
    expect(np.all((everything >= 0) & (everything < n)),
           f"every index must lie between 0 and n-1 = {n - 1}; yours run from {everything.min()} to {everything.max()}")
    shared = [f"{a} and {b}" for (a, x), (b, y) in
              [(("train", train), ("val", val)), (("train", train), ("test", test)), (("val", val), ("test", test))]
              if np.intersect1d(x, y).size]
    expect(not shared, f"some examples are in two piles ({', '.join(shared)}): an example the network trained on "
                       "would then also judge it. Take the piles from disjoint parts of one shuffled order")
    expect(np.unique(everything).size == n,
           f"the three piles together should hold every index 0..{n - 1} exactly once; "
           f"{n - np.unique(everything).size} are missing or repeated")
    expect(not (np.array_equal(np.sort(everything), everything) or np.array_equal(val, np.arange(n_val))
                or np.array_equal(train, np.arange(n - n_val - n_test))),
           "your piles are consecutive runs of indices: shuffle first (np.random.default_rng(seed).permutation(n)), "
           "because data files are often sorted, e.g. by class, and then the test pile would hold only the last "
           "classes")
    again = _piles(three_way_split_fn, n, n_val, n_test, seed=0)
    expect(all(np.array_equal(a, b) for a, b in zip((train, val, test), again)),
           "calling your function twice with the same seed gave different piles; draw the permutation from "
           "np.random.default_rng(seed), not from an unseeded generator")
    other = _piles(three_way_split_fn, n, n_val, n_test, seed=1)
    expect(not all(np.array_equal(a, b) for a, b in zip((train, val, test), other)),
           "seed=0 and seed=1 gave the same piles; use the `seed` argument for the random generator")
    big = _piles(three_way_split_fn, 1300, 1000, 0, seed=3)
    expect(tuple(len(p) for p in big) == (300, 1000, 0),
           "with n=1300, n_val=1000, n_test=0 the piles should hold 300, 1000 and 0 indices, yours hold "
           f"{tuple(len(p) for p in big)}; does your function use its arguments rather than fixed numbers?")
    return passed("three disjoint, shuffled piles that cover every example, the same for the same seed")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: the luckiest coin (predict first)
# ----------------------------------------------------------------------------------------------------------


def _as_fraction(value: float) -> float:
    """A prediction given in percent (e.g. 60) is read as a fraction (0.6)."""
    return value / 100 if 1 < value <= 100 else value


@exercise(hint="accuracies = np.mean(guesses == y_heldout, axis=1); best = np.argmax(accuracies); then the same "
               "row of fresh_guesses against y_fresh")
def lucky_guessers(my_prediction: Any, best_accuracy: Any, fresh_accuracy: Any, guesses: Any, y_heldout: Any,
                   fresh_guesses: Any, y_fresh: Any) -> Any:
    """Exercise "The luckiest coin": a prediction, then the best held-out accuracy and the same model's fresh one."""
    predicted = expect_value(as_number(my_prediction), "set `my_prediction` to one number, your guess of the best "
                                                       f"model's accuracy as a fraction such as 0.5 (got "
                                                       f"{my_prediction!r})")
    expect(0 <= predicted <= 100, f"`my_prediction` should be an accuracy between 0 and 1, got {predicted:g}")
    predicted = _as_fraction(predicted)
    g, f = np.asarray(guesses), np.asarray(fresh_guesses)
    y = as_label_array(y_heldout, "y_heldout", n_classes=2)
    y_new = as_label_array(y_fresh, "y_fresh", n_classes=2)
    expect(g.ndim == 2 and g.shape[1] == len(y) and f.shape == g.shape and len(y_new) == f.shape[1],
           "`guesses`, `y_heldout`, `fresh_guesses` or `y_fresh` has been changed; run the cell that builds "
           "them again")
    g, f = (as_label_array(a.ravel(), name, n_classes=2).reshape(a.shape)
            for a, name in ((g, "guesses"), (f, "fresh_guesses")))
    accuracies = np.mean(g == y, axis=1)
    best = int(np.argmax(accuracies))
    truth_best = float(accuracies[best])
    fresh_all = np.mean(f == y_new, axis=1)
    truth_fresh = float(fresh_all[best])

    got = expect_value(as_number(best_accuracy),
                       "`best_accuracy` should be one number, the best model's accuracy on the held-out set")
    if not close(got, truth_best):
        expect(not close(got, 100 * truth_best), f"{got:g} is a percentage; give the accuracy as a fraction")
        expect(not close(got, accuracies.mean()), f"{got:.3f} is the *average* accuracy of the 100 models; take "
                                                  "the best one (np.max, or the row np.argmax picks)")
        expect(not close(got, best), f"{got:g} is the *position* of the best model; give its accuracy")
        expect(not close(got, float(np.max(np.mean(g == y, axis=0)))),
               "you averaged over the wrong axis: axis=1 gives one accuracy per model (row)")
        expect(not close(got, 1 - float(np.min(accuracies))),
               f"{got:.3f} is one minus the worst model's accuracy; count where guesses *equal* the labels")
        return hint(f"the best held-out accuracy is not {got:.4g}; compute np.mean(guesses == y_heldout, axis=1) "
                    "and take its maximum")
    got_fresh = expect_value(as_number(fresh_accuracy), "`fresh_accuracy` should be one number, the chosen model's "
                                                        "accuracy on the fresh examples")
    if not close(got_fresh, truth_fresh):
        expect(not close(got_fresh, 100 * truth_fresh), f"{got_fresh:g} is a percentage; give a fraction")
        expect(not close(got_fresh, float(fresh_all.max())),
               f"{got_fresh:.2f} is the best score on the fresh examples, picked again among all 100 models: "
               "that is the same lucky selection a second time. Measure the model you chose on the held-out set")
        expect(not close(got_fresh, truth_best),
               "that is the held-out score again; score the same model's *fresh* guesses against y_fresh")
        expect(not close(got_fresh, float(fresh_all.mean())),
               f"{got_fresh:.3f} is the average of all models on the fresh examples; take the row of the model "
               "chosen on the held-out set")
        return hint(f"the chosen model (row {best}) scores differently than {got_fresh:.4g} on the fresh examples; "
                    "compute np.mean(fresh_guesses[best] == y_fresh)")
    n = len(y)
    spread = np.sqrt(0.25 / n)
    story = (f"the best of {len(g)} coin-flippers scored {truth_best:.0%} on {n} held-out examples and "
             f"{truth_fresh:.0%} on fresh ones")
    why = (f"One coin's score on {n} examples scatters by about {spread:.0%} around 50%, and the best of "
           f"{len(g)} scatters is a few of those above the middle. Picking the best of many on a held-out set "
           "makes its score on that set optimistic, which is why the final number must come from a pile that "
           "played no part in the choice.")
    if abs(predicted - truth_best) <= 0.03:
        return passed(f"{story}. You predicted {predicted:.0%}: well judged. {why}")
    if predicted < truth_best:
        return passed(f"{story}. You predicted {predicted:.0%}, lower than it came out: luck alone lifts the "
                      f"best model well above 50%. {why}")
    return passed(f"{story}. You predicted {predicted:.0%}, higher than it came out. {why}")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: how much of the noise was learned?
# ----------------------------------------------------------------------------------------------------------


class _FixedPredictions:
    """A stand-in network whose ``predict`` returns the stored label for each row of x (x[:, 0] is the row id)."""

    def __init__(self, labels: np.ndarray) -> None:
        self.labels = labels

    def predict(self, x: Any) -> np.ndarray:
        rows = np.asarray(x)[:, 0].astype(np.int64)
        return self.labels[rows].copy()


# Ten points; the mislabelled ones are 1, 4, 7 and 8. The stand-in network copies the wrong label at 1, 4 and 8
# (3 of 4 = 0.75; the inverse 0.25, the count 3, the percentage 75) and agrees with 7 of the 10 training labels
# (0.7), so every likely mistake gives a different number.
_X = np.column_stack([np.arange(10), np.zeros(10)]).astype(np.float32)
_LABELS = np.array([0, 1, 1, 0, 0, 1, 0, 1, 1, 0])
_WRONG = np.array([1, 4, 7, 8])
_PREDICTED = np.array([0, 1, 1, 0, 0, 1, 1, 0, 1, 1])


def _reference_memorized(network: Any, x: np.ndarray, labels: np.ndarray, wrong: np.ndarray) -> float:
    return float(np.mean(np.asarray(network.predict(x[wrong])) == labels[wrong]))


@exercise(hint="predicted = network.predict(x[wrong]); return np.mean(predicted == labels[wrong])")
def memorized_fraction(memorized_fraction_fn: Any, large_net: Any, tiny_net: Any, x: Any, labels: Any,
                       wrong: Any) -> Any:
    """Exercise "How much of the noise was learned?": ``memorized_fraction(network, x, labels, wrong)``."""
    stand_in = _FixedPredictions(_PREDICTED)
    got = expect_value(as_number(call(memorized_fraction_fn, stand_in, _X, _LABELS, _WRONG)),
                       "`memorized_fraction` should return one number, a fraction between 0 and 1")
    expected = _reference_memorized(stand_in, _X, _LABELS, _WRONG)
    if not close(got, expected):
        on_wrong = _PREDICTED[_WRONG] == _LABELS[_WRONG]
        expect(not close(got, on_wrong.sum()), f"{got:g} is a count; divide by the number of mislabelled points")
        expect(not close(got, np.mean(_PREDICTED == _LABELS)),
               f"{got:g} is the accuracy on *all* points; keep only the mislabelled ones, x[wrong] and labels[wrong]")
        expect(not close(got, 1 - expected),
               f"{got:g} is the share of mislabelled points the network gets *right* (against their true class); "
               "count where the prediction equals the (wrong) label it was trained on")
        expect(not close(got, 100 * expected), f"{got:g} is a percentage; return a fraction")
        expect(not close(got, float(np.mean(_PREDICTED[_WRONG] == _LABELS[:len(_WRONG)]))),
               "compare the predictions for the points in `wrong` with *their* labels, labels[wrong]")
        return hint(f"on a small test with 4 mislabelled points, 3 of which the network copies, the answer is "
                    f"{expected:g}; you returned {got:g}")
    points = as_float_array(x, "x", ndim=2)
    y = as_label_array(labels, "labels", n_classes=2)
    check_same_length(points, "x", y, "labels")
    index = as_label_array(wrong, "wrong")
    results = {}
    for name, network in (("large", large_net), ("tiny", tiny_net)):
        value = as_number(call(memorized_fraction_fn, network, points, y, index))
        truth = _reference_memorized(network, points, y, index)
        expect(value is not None and close(value, truth),
               f"on the {name} network your function gives {_show(value)}, but {truth:.3f} of the mislabelled "
               "points carry their wrong label there; does it use its `network` argument?")
        results[name] = truth
    large, tiny = results["large"], results["tiny"]
    k = len(index)
    story = (f"the large network copies {large:.0%} of the {k} labelling mistakes ({round(large * k)} of {k}), "
             f"the tiny one {tiny:.0%} ({round(tiny * k)} of {k})")
    if tiny < large:
        return passed(f"{story}. The tiny network leaves most mislabelled points on the side of their true class: "
                      "it has no room for an island around each one; the large network has made room for them")
    return passed(f"{story}: here the tiny network copied as much of the noise as the large one, which is "
                  "unusual; look at its boundary in the pictures above")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: choose on validation, report on test
# ----------------------------------------------------------------------------------------------------------

# Cases for pick_width: (widths, train accuracy, validation accuracy, answer). In each, choosing by training
# accuracy, returning the position, or breaking a tie toward the larger width gives a different answer.
_PICK_CASES = (
    ([2, 8, 32, 128], [0.80, 0.86, 0.95, 1.00], [0.78, 0.84, 0.81, 0.77], 8),
    ([4, 16, 64, 256], [0.9, 0.95, 0.97, 1.0], [0.83, 0.85, 0.85, 0.8], 16),
    ([3, 5, 9], [0.7, 0.9, 0.95], [0.7, 0.65, 0.6], 3),
)


@exercise(hint="return widths[int(np.argmax(val_accuracy))]: np.argmax picks the first, smallest, of tied widths")
def pick_width(pick_width_fn: Any, chosen_width: Any, test_accuracy: Any, widths: Any, train_accuracy: Any,
               val_accuracy: Any, grid_nets: Any, x_test: Any, y_test: Any) -> Any:
    """Exercise "Choose on validation, report on test": ``pick_width(widths, train, val)`` and a test accuracy."""
    for case_widths, case_train, case_val, answer in _PICK_CASES:
        got = expect_value(as_number(call(pick_width_fn, list(case_widths), np.array(case_train), np.array(case_val))),
                           "`pick_width` should return one width, a number from `widths`")
        if close(got, answer):
            continue
        where = f"for widths {case_widths}, training accuracy {case_train} and validation accuracy {case_val}"
        by_train = case_widths[int(np.argmax(case_train))]
        expect(not close(got, by_train), f"{where} you chose {got:g}, the best on the *training* data; the "
                                         "largest network usually wins there. Choose by validation accuracy")
        position = int(np.argmax(case_val))
        expect(not close(got, position), f"{where} you returned {got:g}, the position of the best width; return "
                                         f"the width itself, widths[{position}]")
        tied = [w for w, v in zip(case_widths, case_val) if v == max(case_val)]
        expect(not (len(tied) > 1 and close(got, tied[-1])),
               f"{where} widths {tied} tie; return the smallest of them (the simpler network)")
        return hint(f"{where} the answer is {answer}, you returned {got:g}")
    w = [int(v) for v in widths]
    as_float_array(train_accuracy, "train_accuracy", ndim=1, dtype=np.float64)
    val = as_float_array(val_accuracy, "val_accuracy", ndim=1, dtype=np.float64)
    x = as_float_array(x_test, "x_test", ndim=2)
    y = as_label_array(y_test, "y_test", n_classes=2)
    right = w[int(np.argmax(val))]
    n = max(n for (_, n) in grid_nets)
    chosen = expect_value(as_number(chosen_width), "`chosen_width` should be one width, what `pick_width` returns "
                                                   "on the grid's last column")
    expect(close(chosen, right), f"on the grid's column n = {n} the validation accuracy is best for width {right}, "
                                 f"but `chosen_width` is {chosen:g}; call pick_width(WIDTHS, train_acc[:, -1], "
                                 "val_acc[:, -1])")
    network = grid_nets[right, n]
    truth = float(np.mean(np.asarray(network.predict(x)) == y))
    got = expect_value(as_number(test_accuracy),
                       "`test_accuracy` should be one number, the chosen network's accuracy on the test data")
    if not close(got, truth):
        chosen_val = float(val[w.index(right)])
        expect(not close(got, chosen_val), f"{got:.3f} is the chosen network's *validation* accuracy; measure it on "
                                           "x_moons_test and y_moons_test")
        expect(not close(got, 100 * truth), f"{got:g} is a percentage; give a fraction")
        others = {width: float(np.mean(np.asarray(grid_nets[width, n].predict(x)) == y)) for width in w}
        expect(not close(got, max(others.values())),
               f"{got:.3f} is the best test accuracy of all {len(w)} networks: choosing by the test data is exactly "
               "what the test pile must never be used for. Report the test accuracy of the network chosen on "
               "validation")
        return hint(f"the width-{right} network trained on {n} points scores {truth:.3f} on the test data, not "
                    f"{got:.4g}; use grid_nets[chosen_width, {n}].predict(x_moons_test)")
    chosen_val = float(val[w.index(right)])
    difference = chosen_val - truth
    if difference > 0.005:
        comparison = (f"{100 * difference:.1f} percentage points below its validation accuracy ({chosen_val:.1%}): "
                      "part of that validation score was the luck that made this width win, as with the coins")
    elif difference < -0.005:
        comparison = (f"{-100 * difference:.1f} percentage points above its validation accuracy ({chosen_val:.1%}): "
                      "here chance went the other way, but on average a score used for choosing is the optimistic one")
    else:
        comparison = (f"close to its validation accuracy ({chosen_val:.1%}); still, a score used for choosing is "
                      "optimistic on average, the test score is not")
    return passed(f"width {right} wins on validation; its test accuracy, {truth:.1%}, is the number to report. "
                  f"It is {comparison}")
