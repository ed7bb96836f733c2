"""mlp.datasets.synthetic: shapes, dtypes, determinism, the properties the chapters rely on, every error."""

from __future__ import annotations

import numpy as np
import pytest

from mlp.datasets import (
    GATES,
    TANGERINE_RULE_CM,
    blobs,
    label_noise,
    logic_gate,
    moons,
    spirals,
    tangerines,
    train_test_split,
)


def assert_dataset(x, y, n, n_features, n_classes):
    assert x.shape == (n, n_features) and x.dtype == np.float32
    assert y.shape == (n,) and y.dtype == np.int64
    assert np.all(np.isfinite(x))
    counts = np.bincount(y, minlength=n_classes)
    assert len(counts) == n_classes and counts.max() - counts.min() <= 1


# --- tangerines -----------------------------------------------------------------------------------------


def test_tangerines_default_shapes_and_balance():
    x, y = tangerines()
    assert_dataset(x, y, 200, 1, 2)
    assert 5.0 < x.min() and x.max() < 10.5  # plausible diameters in cm


def test_tangerines_the_hand_written_rule_errs_both_ways():
    x, y = tangerines()
    diameter = x[:, 0]
    ripe_in_small_box = np.sum((y == 1) & (diameter <= TANGERINE_RULE_CM))
    unripe_in_big_box = np.sum((y == 0) & (diameter > TANGERINE_RULE_CM))
    assert ripe_in_small_box > 0 and unripe_in_big_box > 0


def test_tangerines_best_threshold_is_near_the_rule():
    x, y = tangerines()
    diameter = x[:, 0]
    thresholds = np.sort(diameter)
    errors = ((diameter[None, :] > thresholds[:, None]) != (y[None, :] == 1)).sum(axis=1)
    best = thresholds[np.argmin(errors)]
    rule_errors = np.sum((diameter > TANGERINE_RULE_CM) != (y == 1))
    assert 7.2 < best < 7.8
    assert errors.min() <= rule_errors
    assert errors.min() > 0  # the classes overlap: no threshold is perfect


def test_tangerines_colour_feature():
    x1, y1 = tangerines()
    x2, y2 = tangerines(features=("diameter", "colour"))
    assert_dataset(x2, y2, 200, 2, 2)
    np.testing.assert_array_equal(x2[:, 0], x1[:, 0])  # adding colour does not change the diameters
    np.testing.assert_array_equal(y2, y1)
    colour = x2[:, 1]
    assert 0.0 <= colour.min() and colour.max() <= 1.0
    assert colour[y2 == 1].mean() > colour[y2 == 0].mean() + 0.2
    x3, _ = tangerines(features=["Color", "diameter"])
    np.testing.assert_array_equal(x3, x2[:, ::-1])
    x4, _ = tangerines(features="colour")
    np.testing.assert_array_equal(x4[:, 0], colour)


def test_tangerines_are_deterministic():
    a = tangerines(n=51, seed=5)
    b = tangerines(n=51, seed=5)
    c = tangerines(n=51, seed=6)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    assert a[1].sum() == 26  # n - n // 2 ripe ones


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n": 1}, ValueError, "n must be >= 2"),
        ({"n": 20.0}, TypeError, "n must be an integer"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": "0"}, TypeError, "seed"),
        ({"features": ("weight",)}, ValueError, "unknown feature 'weight'"),
        ({"features": ()}, ValueError, "features"),
        ({"features": ("diameter", "diameter")}, ValueError, "repeat"),
        ({"features": 5}, ValueError, "features"),
        ({"features": (5,)}, TypeError, "feature"),
    ],
)
def test_tangerines_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        tangerines(**kwargs)


# --- logic gates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, outputs",
    [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("nand", [1, 1, 1, 0]), ("nor", [1, 0, 0, 0]), ("XOR", [0, 1, 1, 0])],
)
def test_logic_gate_truth_tables(name, outputs):
    x, y = logic_gate(name)
    assert x.dtype == np.float32 and x.shape == (4, 2)
    assert y.dtype == np.int64 and y.tolist() == outputs
    np.testing.assert_array_equal(x, [[0, 0], [0, 1], [1, 0], [1, 1]])
    # The table agrees with the Boolean operation it names.
    a, b = x[:, 0].astype(bool), x[:, 1].astype(bool)
    ops = {"and": a & b, "or": a | b, "nand": ~(a & b), "nor": ~(a | b), "xor": a ^ b}
    np.testing.assert_array_equal(y, ops[name.lower()].astype(np.int64))


def test_logic_gate_returns_fresh_arrays():
    x, y = logic_gate("and")
    x[:] = 7
    y[:] = 7
    assert logic_gate("and")[1].tolist() == list(GATES["and"])


@pytest.mark.parametrize("name, error", [("xnor", ValueError), (3, TypeError), (None, TypeError)])
def test_logic_gate_bad_names(name, error):
    with pytest.raises(error, match="gate"):
        logic_gate(name)


# --- 2-D sets -------------------------------------------------------------------------------------------


def test_moons():
    x, y = moons(n=101, noise=0.1, seed=1)
    assert_dataset(x, y, 101, 2, 2)
    clean, labels = moons(n=400, noise=0.0, seed=1)
    upper, lower = clean[labels == 0], clean[labels == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0, atol=1e-6)
    np.testing.assert_array_equal(moons(seed=3)[0], moons(seed=3)[0])
    assert not np.array_equal(moons(seed=3)[0], moons(seed=4)[0])


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_spirals(n_classes):
    x, y = spirals(n=301, n_classes=n_classes, noise=0.05, seed=2)
    assert_dataset(x, y, 301, 2, n_classes)
    clean, _ = spirals(n=300, n_classes=n_classes, noise=0.0, seed=2)
    assert np.hypot(clean[:, 0], clean[:, 1]).max() <= 1.0 + 1e-6
    np.testing.assert_array_equal(spirals(seed=9)[0], spirals(seed=9)[0])


def test_blobs():
    x, y = blobs(n=300, centers=3, std=0.5, seed=0)
    assert_dataset(x, y, 300, 2, 3)
    means = np.stack([x[y == k].mean(axis=0) for k in range(3)])
    np.testing.assert_allclose(np.hypot(means[:, 0], means[:, 1]), 4.0, atol=0.2)
    centers = [[0, 0, 0], [10, 10, 10]]
    x3, y3 = blobs(n=200, centers=centers, std=1.0, seed=1)
    assert_dataset(x3, y3, 200, 3, 2)
    np.testing.assert_allclose(x3[y3 == 1].mean(axis=0), [10, 10, 10], atol=0.4)
    wide, labels = blobs(n=2000, centers=1, std=2.0, seed=0)
    assert labels.max() == 0 and abs(wide.std(axis=0).mean() - 2.0) < 0.1
    np.testing.assert_array_equal(blobs(seed=4)[0], blobs(seed=4)[0])


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: moons(n=1), ValueError, "n must be >= 2"),
        (lambda: moons(noise=-0.1), ValueError, "noise"),
        (lambda: moons(noise=float("nan")), TypeError, "noise"),
        (lambda: moons(seed=-3), ValueError, "seed"),
        (lambda: spirals(n_classes=1), ValueError, "n_classes must be >= 2"),
        (lambda: spirals(n=2, n_classes=3), ValueError, "n must be >= 3"),
        (lambda: spirals(noise="lots"), TypeError, "noise"),
        (lambda: blobs(centers=0), ValueError, "centers"),
        (lambda: blobs(centers=True), TypeError, "centers"),
        (lambda: blobs(centers=2.5), TypeError, "centers must be an int"),
        (lambda: blobs(centers=[1.0, 2.0]), ValueError, "centers must be 2-D"),
        (lambda: blobs(centers=[[0.0, np.nan]]), ValueError, "centers contains"),
        (lambda: blobs(n=2, centers=3), ValueError, "n must be >= 3"),
        (lambda: blobs(std=0), ValueError, "std must be positive"),
    ],
)
def test_2d_sets_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- label noise ------------------------------------------------------------------------------------------


def test_label_noise_flips_exactly_the_fraction():
    _, y = blobs(n=200, centers=4, seed=0)
    original = y.copy()
    noisy = label_noise(y, 0.1, seed=0)
    np.testing.assert_array_equal(y, original)  # the input is untouched
    assert noisy.dtype == np.int64 and noisy.shape == y.shape
    assert np.sum(noisy != y) == 20
    assert noisy.min() >= 0 and noisy.max() <= 3
    np.testing.assert_array_equal(label_noise(y, 0.1, seed=0), noisy)
    assert not np.array_equal(label_noise(y, 0.1, seed=1), noisy)


def test_label_noise_edges_and_classes():
    y = np.array([0, 1, 0, 1, 0, 1], dtype=np.int64)
    np.testing.assert_array_equal(label_noise(y, 0.0), y)
    np.testing.assert_array_equal(label_noise(y, 1.0), 1 - y)  # two classes: every label flips
    wider = label_noise(np.zeros(1000, dtype=np.int64), 1.0, n_classes=5)
    assert set(np.unique(wider)) == {1, 2, 3, 4}
    assert label_noise([0, 0, 0, 0], 0.5).tolist().count(1) == 2  # a single class still flips to class 1


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"fraction": 1.5}, ValueError, "fraction"),
        ({"fraction": -0.1}, ValueError, "fraction"),
        ({"fraction": "half"}, TypeError, "fraction"),
        ({"y": [[0, 1]]}, ValueError, "y must be a 1-D"),
        ({"y": [0.5, 1.0]}, TypeError, "whole-number"),
        ({"y": [0, 3], "n_classes": 2}, ValueError, "0..1"),
        ({"y": []}, ValueError, "empty"),
        ({"n_classes": 1, "y": [0, 0]}, ValueError, "n_classes"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_label_noise_bad_arguments(kwargs, error, match):
    args = {"y": [0, 1, 2, 1], "fraction": 0.5}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        label_noise(**args)


# --- train/test split -----------------------------------------------------------------------------------


def test_train_test_split_partitions_and_keeps_pairs():
    x = np.arange(100, dtype=np.float64).reshape(50, 2)
    y = np.arange(50)
    (x_train, y_train), (x_test, y_test) = train_test_split(x, y, test_fraction=0.2, seed=0)
    assert x_train.shape == (40, 2) and x_test.shape == (10, 2) and x_train.dtype == np.float32
    assert y_train.dtype == y.dtype
    assert sorted(np.concatenate([y_train, y_test]).tolist()) == list(range(50))
    np.testing.assert_array_equal(x_train[:, 0], 2 * y_train)  # rows still paired with their labels
    np.testing.assert_array_equal(x_test[:, 0], 2 * y_test)
    again = train_test_split(x, y, test_fraction=0.2, seed=0)
    np.testing.assert_array_equal(again[1][1], y_test)
    other = train_test_split(x, y, test_fraction=0.2, seed=1)
    assert not np.array_equal(other[1][1], y_test)


def test_train_test_split_stratified_keeps_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    x = np.zeros((100, 3))
    (_, y_train), (_, y_test) = train_test_split(x, y, test_fraction=0.3, seed=0, stratify=True)
    assert np.bincount(y_test).tolist() == [18, 9, 3]
    assert np.bincount(y_train).tolist() == [42, 21, 7]


def test_train_test_split_accepts_images():
    x = np.zeros((10, 1, 28, 28), dtype=np.float32)
    (x_train, _), (x_test, _) = train_test_split(x, np.arange(10) % 2, test_fraction=0.5)
    assert x_train.shape == (5, 1, 28, 28) and x_test.shape == (5, 1, 28, 28)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"y": np.arange(9)}, ValueError, "x has 10 rows but y has 9"),
        ({"test_fraction": 0.0}, ValueError, "test_fraction"),
        ({"test_fraction": 1.0}, ValueError, "test_fraction"),
        ({"test_fraction": 0.01}, ValueError, "test set empty"),
        ({"test_fraction": 0.99}, ValueError, "training set empty"),
        ({"x": np.full((10, 2), np.nan)}, ValueError, "NaN"),
        ({"x": "abc"}, TypeError, "x must be an array"),
        ({"x": 3.0}, ValueError, "scalar"),
        ({"y": 3}, ValueError, "scalar"),
        ({"y": np.linspace(0, 1, 10), "stratify": True}, TypeError, "whole-number"),
        ({"stratify": "yes"}, TypeError, "stratify"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_train_test_split_bad_arguments(kwargs, error, match):
    args = {"x": np.zeros((10, 2)), "y": np.arange(10) % 2, "test_fraction": 0.2}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        train_test_split(**args)
