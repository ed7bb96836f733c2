"""Small generated data sets for the early chapters and the overfitting experiments.

Every generator takes ``seed=`` (same seed, same numbers), returns float32 features shaped ``(n, features)``
and int64 labels shaped ``(n,)``, and shuffles the samples so the classes are not in blocks.

- :func:`tangerines`: ripe vs. unripe tangerines by diameter (and colour), chapter 1's sorting problem.
- :func:`logic_gate`: the four rows of AND, OR, NAND, NOR or XOR.
- :func:`moons`, :func:`spirals`, :func:`blobs`: 2-D classification sets for decision-boundary pictures.
- :func:`label_noise` and :func:`train_test_split`: the tools the overfitting chapters need.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .._validate import (
    as_float_array,
    as_label_array,
    check_choice,
    check_in_range,
    check_int,
    check_nonnegative,
    check_positive,
    check_same_length,
)

__all__ = [
    "TANGERINE_RULE_CM",
    "GATES",
    "tangerines",
    "logic_gate",
    "moons",
    "spirals",
    "blobs",
    "label_noise",
    "train_test_split",
]

#: The hand-written rule of chapter 1: a tangerine bigger than this (in cm) goes in the "ripe" box.
TANGERINE_RULE_CM = 7.5

# Diameter in cm ~ N(mean, std): the classes overlap around 7.5 cm, so any single threshold makes mistakes.
_DIAMETER = {"ripe": (8.0, 0.5), "unripe": (7.0, 0.5)}
# Orange-ness in [0, 1] ~ Beta(a, b): ripe fruit is usually more orange (mean 0.75 vs. 0.43), with overlap.
_COLOUR = {"ripe": (6.0, 2.0), "unripe": (3.0, 4.0)}
_TANGERINE_FEATURES = ("diameter", "colour")

#: Truth tables: the output for the inputs (0,0), (0,1), (1,0), (1,1), in that order.
GATES: dict[str, tuple[int, int, int, int]] = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
}


def _rng(seed: Any) -> np.random.Generator:
    return np.random.default_rng(check_int(seed, "seed", minimum=0))


def _balanced_labels(n: int, n_classes: int) -> np.ndarray:
    """``n`` labels, as evenly spread over the classes as possible, in blocks: 0 0 0 1 1 1 2 2."""
    counts = np.full(n_classes, n // n_classes)
    counts[: n % n_classes] += 1
    return np.repeat(np.arange(n_classes, dtype=np.int64), counts)


def _shuffled(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(y))
    return np.ascontiguousarray(x[order], dtype=np.float32), y[order].astype(np.int64)


def _rank_within_class(labels: np.ndarray) -> np.ndarray:
    """For each sample, how many samples of its class come before it: ``[1, 0, 1, 1] -> [0, 0, 1, 2]``.

    Shuffle first and this numbers every class in random order; ``rank < k`` then picks k random samples of
    every class at once, which is how stratified subsets and splits are drawn without a Python loop.
    """
    by_class = np.argsort(labels, kind="stable")
    sorted_labels = labels[by_class]
    first_of_class = np.searchsorted(sorted_labels, sorted_labels, side="left")
    rank = np.empty(len(labels), dtype=np.int64)
    rank[by_class] = np.arange(len(labels)) - first_of_class
    return rank


def tangerines(
    n: int = 200,
    seed: int = 0,
    features: Sequence[str] | str = ("diameter",),
) -> tuple[np.ndarray, np.ndarray]:
    """Ripe (label 1) and unripe (label 0) tangerines, half of each, for chapter 1's sorting problem.

    diameter (cm):     ripe ~ N(8.0, 0.5^2),  unripe ~ N(7.0, 0.5^2)
    colour (0..1):     ripe ~ Beta(6, 2),     unripe ~ Beta(3, 4)      (orange-ness, 1 = fully orange)

    The two diameter distributions cross at 7.5 cm, so the hand-written rule ``diameter > 7.5`` is about as
    good as a threshold gets and still puts roughly one tangerine in six in the wrong box, both ways.
    Colour carries extra, independent evidence: with both features a line separates the classes better.
    The diameter column does not depend on ``features``: asking for colour too only adds a column.

    Args:
        n: number of tangerines (at least 2); ``n - n // 2`` ripe and ``n // 2`` unripe.
        seed: random seed.
        features: ``"diameter"``, ``"colour"`` (or ``"color"``), or a sequence of them, in column order.

    Returns:
        ``(x, y)``: x float32 ``(n, len(features))``, y int64 ``(n,)`` with 1 = ripe, 0 = unripe.
    """
    n = check_int(n, "n", minimum=2)
    names = [features] if isinstance(features, str) else features
    if not isinstance(names, (list, tuple)) or not names:
        raise ValueError(f"features must be a non-empty sequence of names from {_TANGERINE_FEATURES}")
    spelled = ["colour" if isinstance(name, str) and name.lower() == "color" else name for name in names]
    names = [check_choice(name, "feature", _TANGERINE_FEATURES) for name in spelled]
    if len(set(names)) != len(names):
        raise ValueError(f"features must not repeat a name, got {list(features)}")
    rng = _rng(seed)

    ripe = 1 - _balanced_labels(n, 2)  # n - n//2 ones (ripe), then n//2 zeros
    is_ripe = ripe == 1
    # Draw every feature, always in the same order, so the diameters do not change when colour is added.
    mean = np.where(is_ripe, _DIAMETER["ripe"][0], _DIAMETER["unripe"][0])
    std = np.where(is_ripe, _DIAMETER["ripe"][1], _DIAMETER["unripe"][1])
    diameter = mean + std * rng.standard_normal(n)
    a = np.where(is_ripe, _COLOUR["ripe"][0], _COLOUR["unripe"][0])
    b = np.where(is_ripe, _COLOUR["ripe"][1], _COLOUR["unripe"][1])
    colour = rng.beta(a, b)

    columns = {"diameter": diameter, "colour": colour}
    x = np.stack([columns[name] for name in names], axis=1)
    return _shuffled(x, ripe, rng)


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a two-input logic gate: every input pair and its output.

    Args:
        name: ``"and"``, ``"or"``, ``"nand"``, ``"nor"`` or ``"xor"`` (any case).

    Returns:
        ``(x, y)``: x float32 ``(4, 2)`` = [[0, 0], [0, 1], [1, 0], [1, 1]], y int64 ``(4,)`` the outputs.
        XOR's outputs (0, 1, 1, 0) are the pattern no single line can separate.
    """
    key = check_choice(name, "gate", tuple(GATES))
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    return x, np.array(GATES[key], dtype=np.int64)


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, the classic set a straight line cannot split.

    class 0:  (cos t, sin t)               t ~ U(0, pi)    the upper arch
    class 1:  (1 - cos t, 0.5 - sin t)     t ~ U(0, pi)    the lower arch, shifted into the first one's gap
    plus Gaussian noise of standard deviation ``noise`` on both coordinates.

    Returns:
        ``(x, y)``: x float32 ``(n, 2)``, y int64 ``(n,)`` in {0, 1}; ``n - n//2`` of class 0, ``n//2`` of 1.
    """
    n = check_int(n, "n", minimum=2)
    noise = check_nonnegative(noise, "noise")
    rng = _rng(seed)
    y = _balanced_labels(n, 2)
    t = rng.uniform(0.0, np.pi, n)
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    x = np.where((y == 0)[:, None], upper, lower) + noise * rng.standard_normal((n, 2))
    return _shuffled(x, y, rng)


def spirals(
    n: int = 300,
    n_classes: int = 2,
    noise: float = 0.05,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class: hard for a linear model, easy for a small MLP.

    For a point of class k at distance r ~ U(0, 1) from the centre:
        angle = 2 pi k / n_classes + 2 pi r          (every arm makes one full turn)
        x     = r (cos angle, sin angle) + noise * N(0, I)

    Args:
        n: number of points (at least ``n_classes``), split as evenly as possible between the arms.
        n_classes: number of arms (2 or more; 2 and 3 are the usual pictures).
        noise: standard deviation of the Gaussian jitter, in the same units as the radius (arms lie
            about ``1 / n_classes`` apart, so noise above ~0.1 starts to blur them together).
        seed: random seed.

    Returns:
        ``(x, y)``: x float32 ``(n, 2)``, y int64 ``(n,)`` in ``0..n_classes-1``.
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    n = check_int(n, "n", minimum=n_classes)
    noise = check_nonnegative(noise, "noise")
    rng = _rng(seed)
    y = _balanced_labels(n, n_classes)
    r = rng.uniform(0.0, 1.0, n)
    angle = 2 * np.pi * y / n_classes + 2 * np.pi * r
    x = r[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1) + noise * rng.standard_normal((n, 2))
    return _shuffled(x, y, rng)


def blobs(
    n: int = 200,
    centers: int | Sequence[Sequence[float]] | np.ndarray = 3,
    std: float = 1.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clouds, one per class: ``x = center[y] + std * N(0, I)``.

    Args:
        n: number of points (at least one per center), split as evenly as possible between the classes.
        centers: an int k puts k centers evenly on a circle of radius 4 around the origin (2-D, well apart
            at the default ``std=1``); an array of shape ``(k, d)`` gives the centers (and the dimension d).
        std: standard deviation of every cloud (larger means more overlap).
        seed: random seed.

    Returns:
        ``(x, y)``: x float32 ``(n, d)``, y int64 ``(n,)`` in ``0..k-1``.
    """
    if isinstance(centers, bool) or (np.ndim(centers) == 0 and not isinstance(centers, (int, np.integer))):
        raise TypeError(f"centers must be an int (how many) or a (k, d) array of centers, got {centers!r}")
    if isinstance(centers, (int, np.integer)):
        k = check_int(centers, "centers", minimum=1)
        angles = 2 * np.pi * np.arange(k) / k
        means = 4.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    else:
        means = as_float_array(centers, "centers", ndim=2, dtype=np.float64)
        k = len(means)
    n = check_int(n, "n", minimum=k)
    std = check_positive(std, "std")
    rng = _rng(seed)
    y = _balanced_labels(n, k)
    x = means[y] + std * rng.standard_normal((n, means.shape[1]))
    return _shuffled(x, y, rng)


def label_noise(
    y: Any,
    fraction: float,
    seed: int = 0,
    n_classes: int | None = None,
) -> np.ndarray:
    """A copy of ``y`` with ``round(fraction * n)`` labels, chosen at random, changed to a different class.

    Each chosen label moves to one of the other ``n_classes - 1`` classes with equal probability, so exactly
    that many labels end up wrong: the "noise that creeps into the decision rule" of the overfitting chapter.

    Args:
        y: integer class labels, shape ``(n,)``.
        fraction: share of labels to corrupt, in [0, 1].
        seed: random seed.
        n_classes: number of classes; default ``max(y) + 1`` (and at least 2).

    Returns:
        int64 ``(n,)``; ``y`` itself is not modified. ``np.flatnonzero(noisy != y)`` lists the flipped ones.
    """
    labels = as_label_array(y, "y", n_classes=n_classes)
    fraction = check_in_range(fraction, "fraction", 0.0, 1.0, inclusive="both")
    if n_classes is None:
        n_classes = max(int(labels.max()) + 1, 2)
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    rng = _rng(seed)
    n_flip = int(round(fraction * len(labels)))
    flip = rng.choice(len(labels), size=n_flip, replace=False)
    noisy = labels.copy()
    # Adding 1..n_classes-1 modulo n_classes always lands on a different class, each equally likely.
    noisy[flip] = (labels[flip] + rng.integers(1, n_classes, size=n_flip)) % n_classes
    return noisy


def train_test_split(
    x: Any,
    y: Any,
    test_fraction: float = 0.2,
    seed: int = 0,
    stratify: bool = False,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Shuffle and split paired data into ``((x_train, y_train), (x_test, y_test))``, like ``load_mnist``.

    Without stratification the test set is the first ``round(test_fraction * n)`` samples of a random
    permutation. With ``stratify=True`` every class contributes ``round(test_fraction * count)`` of its own
    samples, so class proportions match in both parts (the total can then differ from the unstratified one
    by a sample or two).

    Args:
        x: features, ``(n, ...)``; returned as float32.
        y: targets, ``(n, ...)``; integer class labels when ``stratify=True``. Their dtype is kept.
        test_fraction: share of samples held out, strictly between 0 and 1.
        seed: random seed.
        stratify: keep class proportions in both parts.

    Returns:
        ``((x_train, y_train), (x_test, y_test))``, new arrays, both parts in random order.
    """
    x = as_float_array(x, "x")
    if x.ndim == 0:
        raise ValueError("x must have one row per sample, got a scalar")
    y = np.asarray(y)
    if y.ndim == 0:
        raise ValueError("y must have one entry per sample, got a scalar")
    check_same_length(x, "x", y, "y")
    test_fraction = check_in_range(test_fraction, "test_fraction", 0.0, 1.0, inclusive="neither")
    if not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"stratify must be True or False, got {stratify!r}")
    rng = _rng(seed)
    n = len(y)
    order = rng.permutation(n)

    if stratify:
        labels = as_label_array(y, "y")[order]
        counts = np.bincount(labels)
        quota = np.round(test_fraction * counts).astype(np.int64)
        is_test = _rank_within_class(labels) < quota[labels]
    else:
        is_test = np.arange(n) < int(round(test_fraction * n))
    n_test = int(is_test.sum())
    if n_test == 0 or n_test == n:
        raise ValueError(
            f"test_fraction={test_fraction} of {n} samples leaves the "
            f"{'test' if n_test == 0 else 'training'} set empty; use more data or another fraction"
        )
    train, test = order[~is_test], order[is_test]
    return (x[train], y[train].copy()), (x[test], y[test].copy())
