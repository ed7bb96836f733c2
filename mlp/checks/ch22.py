"""Checks for chapter 22, "Ensembles": one function per exercise.

In the notebook::

    from mlp.checks import ch22 as check
    check.majority(my_prediction, majority_accuracy)
    check.votes(hard_vote, soft_vote)
    check.adaboost_step(adaboost_step)

Each check tries the student's answer on small hand-made inputs built so that the likely mistakes (``>=`` for
``>`` in the majority, the wrong axis for the vote, a missing normalization, the sign of alpha swapped, an
unweighted error rate) give different answers, and names the mistake it recognises.
"""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np

from ._core import as_number, call, close, exercise, expect, expect_shape, expect_value, passed

__all__ = ["majority", "votes", "adaboost_step"]


def _majority(p: float, m: int) -> float:
    """P(more than half of m independent voters are right), each right with probability p."""
    return sum(comb(m, k) * p**k * (1 - p) ** (m - k) for k in range(m // 2 + 1, m + 1))


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: predict, then compute the majority's accuracy.
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="add comb(m, k) * p**k * (1 - p)**(m - k) over the k that are a majority: k = m // 2 + 1, ..., m")
def majority(my_prediction: Any, majority_accuracy: Any) -> Any:
    """Exercise "Predict first": a guess for 5 voters at 70%, and ``majority_accuracy(p, m)``."""
    not_a_probability = f"`my_prediction` should be one probability between 0 and 1, got {my_prediction!r}"[:200]
    guess = expect_value(as_number(my_prediction), not_a_probability)
    expect(0 <= guess <= 1, not_a_probability)
    got = expect_value(as_number(call(majority_accuracy, 0.7, 5)),
                       "`majority_accuracy(0.7, 5)` should return one number, a probability")
    truth = _majority(0.7, 5)
    expect(not close(got, 0.7**5, 1e-4), f"{got:.4f} is 0.7**5, the chance that *all five* are right; a majority "
                                         "needs only 3, 4 or 5 of them")
    expect(not close(got, sum(0.7**k * 0.3 ** (5 - k) for k in (3, 4, 5)), 1e-4),
           f"{got:.4f}: you forgot the binomial coefficient comb(m, k), the number of ways to pick which k are right")
    expect(not close(got, _majority_including_half(0.7, 5), 1e-4),
           f"{got:.4f}: your sum starts at k = m // 2 = 2, but 2 of 5 is not a majority; start at m // 2 + 1")
    expect(close(got, truth, 1e-6), f"five voters at 70% have a majority right with probability {truth:.4f}; "
                                    f"your function gave {got:.4f}")
    for p, m in ((0.6, 1), (0.55, 11), (0.4, 7), (0.9, 3)):
        value = as_number(call(majority_accuracy, p, m))
        expect(value is not None and close(value, _majority(p, m), 1e-6),
               f"majority_accuracy({p}, {m}) should be {_majority(p, m):.4f}, got {value}")
    gap = guess - truth
    if abs(gap) <= 0.03:
        return passed(f"your function is right, and so was your guess ({guess:.2f} vs {truth:.4f}): "
                      "five 70% voters make an 84% majority")
    if guess <= 0.72:
        surprise = ("most people guess about 0.7, as if the vote could not beat its voters; with independent "
                    "mistakes it can, because a wrong majority needs 3 of 5 to fail at once")
    elif guess > truth:
        surprise = "the gain is real but not that large yet: 2 wrong voters in 5 are still fairly common"
    else:
        surprise = "the vote gains more than you expected"
    return passed(f"your function is right: {truth:.4f}. Your guess was {guess:.2f}; {surprise}. "
                  "Real networks' mistakes are correlated, so their vote gains less")


def _majority_including_half(p: float, m: int) -> float:
    return sum(comb(m, k) * p**k * (1 - p) ** (m - k) for k in range(m // 2, m + 1))


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: hard and soft voting.
# ----------------------------------------------------------------------------------------------------------

# Three members, four samples, three classes.
# sample 0: two members lean weakly to class 0, one is very sure of class 1 -> hard 0, soft 1
# sample 1: all agree on class 2                                                 -> hard 2, soft 2
# sample 2: votes 0, 1, 2 (a three-way tie) -> hard 0 (smallest index); soft: class 2 by average
# sample 3: two say class 1 confidently, one says 0                              -> hard 1, soft 1
_PROBS = np.array(
    [
        [[0.40, 0.35, 0.25], [0.1, 0.1, 0.8], [0.5, 0.2, 0.3], [0.1, 0.8, 0.1]],
        [[0.45, 0.30, 0.25], [0.2, 0.1, 0.7], [0.2, 0.5, 0.3], [0.2, 0.7, 0.1]],
        [[0.02, 0.96, 0.02], [0.1, 0.2, 0.7], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]],
    ]
)
_HARD = np.array([0, 2, 0, 1])
_SOFT = np.array([1, 2, 2, 1])


def _labels(value: Any, name: str) -> np.ndarray:
    shape = np.shape(value)
    expect(shape != (3,), f"{name} returned one label per *member* (shape (3,)): you reduced over the samples; "
                          "reduce over the members (axis 0) instead, so there is one label per sample")
    expect(shape != (3, 4), f"{name} returned shape (3, 4), every member's choice; combine the members "
                            "(axis 0) into one label per sample")
    array = expect_shape(value, (4,), f"{name}(member_probs)")
    expect(np.all(np.isfinite(array)) and np.allclose(array, np.round(array)),
           f"{name} should return class labels (whole numbers), got {np.round(array, 3)}")
    return np.round(array).astype(int)


@exercise(hint="member_probs has shape (members, samples, classes): take argmax over axis 2 for the members' "
               "choices, and average over axis 0 (the members) for soft voting")
def votes(hard_vote: Any, soft_vote: Any) -> Any:
    """Exercise "Hard and soft voting by hand": ``hard_vote(member_probs)``, ``soft_vote(member_probs)``."""
    soft = _labels(call(soft_vote, _PROBS.copy()), "soft_vote")
    expect(not np.array_equal(soft, _HARD), "your soft_vote counts votes; it should average the probabilities "
                                            "over the members (axis 0) and then take the most probable class")
    expect(np.array_equal(soft, _SOFT), f"soft_vote gave {soft.tolist()}, expected {_SOFT.tolist()}: average over "
                                        "axis 0 (members), then argmax over the classes (axis 1 of the average)")
    hard = _labels(call(hard_vote, _PROBS.copy()), "hard_vote")
    expect(not np.array_equal(hard, _SOFT), "your hard_vote gives the soft-voting answer; in hard voting each "
                                            "member casts one vote for its argmax class, confidence does not count")
    expect(not np.array_equal(hard, np.array([0, 2, 2, 1])),
           "on sample 2 the three members vote 0, 1 and 2, a tie; break ties towards the smallest class index, "
           "as argmax does on the vote counts")
    expect(np.array_equal(hard, _HARD), f"hard_vote gave {hard.tolist()}, expected {_HARD.tolist()}: count, for "
                                        "each sample, how many members chose each class, then take the argmax")
    return passed("on sample 0 two hesitant members outvote a confident one in the hard vote, but the "
                  "confident one wins the soft vote: the two rules really differ")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: one round of AdaBoost.
# ----------------------------------------------------------------------------------------------------------

_W = np.array([0.1, 0.3, 0.2, 0.15, 0.25])
_MISSED = np.array([True, False, False, True, False])  # weighted error 0.25, unweighted 0.4


def _step(weights: np.ndarray, missed: np.ndarray) -> tuple[np.ndarray, float]:
    error = weights[missed].sum()
    alpha = 0.5 * np.log((1 - error) / error)
    new = weights * np.where(missed, np.exp(alpha), np.exp(-alpha))
    return new / new.sum(), float(alpha)


@exercise(hint="error = weights[missed].sum(); alpha = 0.5 * log((1 - error) / error); multiply missed weights by "
               "exp(alpha), the others by exp(-alpha), then divide by the sum")
def adaboost_step(adaboost_step_fn: Any) -> Any:
    """Exercise "One round of AdaBoost": ``adaboost_step(weights, missed)`` -> (new_weights, alpha)."""
    result = call(adaboost_step_fn, _W.copy(), _MISSED.copy())
    expect(isinstance(result, (tuple, list)) and len(result) == 2,
           "adaboost_step should return a pair (new_weights, alpha)")
    new_weights = expect_shape(result[0], (5,), "new_weights")
    alpha = expect_value(as_number(result[1]), "alpha should be one number")
    true_weights, true_alpha = _step(_W, _MISSED)
    unweighted = 0.4
    expect(not close(alpha, 0.5 * np.log((1 - unweighted) / unweighted), 1e-6),
           f"alpha = {alpha:.4f} uses the plain error rate 2/5; AdaBoost uses the *weighted* error, the sum of "
           "the weights of the missed examples (here 0.25)")
    expect(not close(alpha, -true_alpha, 1e-6), "your alpha has the wrong sign: it is ln((1 - error) / error) / 2, "
                                                "positive when the error is below 0.5")
    expect(not close(alpha, np.log(3.0), 1e-6), "alpha has a factor 1/2 in front: 0.5 * ln((1 - error) / error)")
    expect(close(alpha, true_alpha, 1e-6), f"with weighted error 0.25, alpha should be {true_alpha:.4f}, got {alpha:.4f}")
    expect(close(new_weights.sum(), 1.0, 1e-6), f"the new weights sum to {new_weights.sum():.4f}; normalize them: "
                                                "divide by their sum so they add up to 1")
    swapped = _W * np.where(_MISSED, np.exp(-true_alpha), np.exp(true_alpha))
    expect(not np.allclose(new_weights, swapped / swapped.sum(), atol=1e-6),
           "you shrank the missed examples and grew the others; boosting does the opposite, so the next learner "
           "focuses on the examples this one got wrong")
    expect(np.allclose(new_weights, true_weights, atol=1e-6),
           f"new weights {np.round(new_weights, 4).tolist()}, expected {np.round(true_weights, 4).tolist()}")
    rng = np.random.default_rng(22)
    w = rng.random(12)
    w /= w.sum()
    missed = rng.random(12) < 0.3
    got = call(adaboost_step_fn, w.copy(), missed.copy())
    expected = _step(w, missed)
    expect(np.allclose(np.asarray(got[0], dtype=float), expected[0], atol=1e-6) and close(got[1], expected[1], 1e-6),
           "right on the first example but not on a random one of 12 examples: is something hard-coded?")
    share = float(new_weights[_MISSED].sum())
    return passed(f"after the update the missed examples hold {share:.2f} of the weight. It is always exactly 0.5: "
                  "missed weight error · exp(α) equals the rest (1 - error) · exp(-α), so this learner is no "
                  "better than guessing on the new weights and the next one must differ")
