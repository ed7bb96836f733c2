"""Checks for chapter 23, "So what is deep learning?": one function per exercise.

In the notebook::

    from mlp.checks import ch23 as check
    check.count_parameters(count_parameters)
    check.accuracy_noise(accuracy_noise)
    check.biggest_gain(my_prediction, gains, biggest_piece, ladder_names, ladder_accuracies)
    check.capstone(train_best)

The capstone check loads the chapter's MNIST split itself (20,000 training and 2000 validation images from
``load_mnist(n_train=22000, seed=0)``, and a 2000-image test subset the student's code never receives),
measures the CPU time of ``train_best`` and passes at ``CAPSTONE_ACCURACY`` within ``CAPSTONE_CPU_SECONDS``.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from ._core import as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["count_parameters", "accuracy_noise", "biggest_gain", "capstone",
           "CAPSTONE_ACCURACY", "CAPSTONE_CPU_SECONDS"]

CAPSTONE_ACCURACY = 0.95
CAPSTONE_CPU_SECONDS = 30.0

# rung name in the notebook -> the word a student may predict
_PIECES = {"+ Adam": "adam", "+ dropout 0.3": "dropout", "+ weight decay 1e-4": "weight decay",
           "+ early stopping": "early stopping"}
_WORDS = {"adam": "adam", "dropout": "dropout", "weight decay": "weight decay", "weight_decay": "weight decay",
          "l2": "weight decay", "early stopping": "early stopping", "early_stopping": "early stopping"}


def _parameters(sizes: list[int]) -> int:
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


@exercise(hint="every Dense(fan_in, fan_out) has fan_in * fan_out weights plus fan_out biases; sum over layers")
def count_parameters(count_parameters_fn: Any) -> Any:
    """Exercise "How many numbers does the optimizer move?": ``count_parameters(sizes)`` -> int."""
    for sizes in ([784, 128, 10], [2, 2, 1], [784, 500, 300, 10], [3, 1]):
        expected = _parameters(sizes)
        got = expect_value(as_number(call(count_parameters_fn, list(sizes))),
                           f"`count_parameters({sizes})` should return one integer")
        if close(got, expected):
            continue
        weights_only = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
        expect(not close(got, weights_only), f"for {sizes} you returned {got:g}, the weights only; add the "
                                             "biases (one per unit of every layer after the input)")
        expect(not close(got, weights_only + sum(sizes)), f"for {sizes} you returned {got:g}: that gives the "
                                                          "input layer biases too; the inputs have none")
        expect(not close(got, sum(sizes)), f"for {sizes} you returned {got:g}, the number of units; count the "
                                           "connections between layers (fan_in * fan_out) and the biases")
        expect(not close(got, int(np.prod(sizes))), f"for {sizes} you returned {got:g}, the product of all "
                                                    "widths; multiply only *neighbouring* widths, then add")
        return hint(f"for {sizes} the network has {expected} weights and biases, you returned {got:g}")
    return passed(f"MLP([784, 128, 10]) has {_parameters([784, 128, 10]):,} numbers to optimize; the 784-500-300-10 "
                  f"network of seed 002 has {_parameters([784, 500, 300, 10]):,}")


@exercise(hint="return np.sqrt(p * (1 - p) / n), a fraction")
def accuracy_noise(accuracy_noise_fn: Any) -> Any:
    """Exercise "How much can a test set tell apart?": ``accuracy_noise(p, n)`` -> float."""
    for p, n in ((0.9, 100), (0.95, 2000), (0.5, 10000)):
        expected = float(np.sqrt(p * (1 - p) / n))
        got = expect_value(as_number(call(accuracy_noise_fn, p, n)),
                           f"`accuracy_noise({p}, {n})` should return one number")
        if close(got, expected, 1e-6):
            continue
        expect(not close(got, 100 * expected, 1e-4), f"accuracy_noise({p}, {n}) = {got:g} is in percent; "
                                                     "return a fraction")
        expect(not close(got, expected ** 2, 1e-9), f"accuracy_noise({p}, {n}) = {got:g} is the variance; "
                                                    "take its square root")
        expect(not close(got, float(np.sqrt(p * (1 - p))), 1e-6),
               f"accuracy_noise({p}, {n}) = {got:g}: divide by n inside the root")
        expect(not close(got, float(np.sqrt(p * (1 - p)) / n), 1e-9),
               f"accuracy_noise({p}, {n}) = {got:g}: divide by n *inside* the square root, not after it")
        return hint(f"accuracy_noise({p}, {n}) should be sqrt({p} * {1 - p:g} / {n}) = {expected:.5f}, "
                    f"you returned {got:g}")
    needed = 0.95 * 0.05 / 0.001 ** 2
    return passed(f"on 2000 images at 95% the standard error is {100 * np.sqrt(0.95 * 0.05 / 2000):.2f} points; "
                  f"to resolve 0.2 points at two standard errors you would need {needed:,.0f} test images")


@exercise(hint="gains = np.diff(ladder_accuracies); biggest_piece = ladder_names[1 + np.argmax(gains)]")
def biggest_gain(my_prediction: Any, gains: Any, biggest_piece: Any, ladder_names: Any,
                 ladder_accuracies: Any) -> Any:
    """Exercise "Predict: which piece helped most?": a prediction, the gains, and the best rung's name."""
    said = expect_value(_WORDS.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        'set `my_prediction` to "adam", "dropout", "weight decay" or "early stopping", '
                        f"got {my_prediction!r}")
    names = list(ladder_names)
    accuracies = np.asarray(ladder_accuracies, dtype=np.float64)
    expect(accuracies.ndim == 1 and len(accuracies) == len(names) >= 2,
           "`ladder_names` and `ladder_accuracies` should be the chapter's ladder; run the ladder cell again")
    expected = np.diff(accuracies)
    try:
        got = np.asarray(gains, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        got = None
    not_gains = (f"`gains` should hold {expected.size} numbers, one per rung after the first"
                 + ("" if got is None else f"; you have {got.size}"))
    got = expect_value(got, not_gains)
    expect(got.size == expected.size, not_gains)
    if not np.allclose(got, expected, atol=1e-9):
        expect(not np.allclose(got, 100 * expected, atol=1e-6), "your gains are in percentage points; "
                                                                 "keep them as fractions")
        expect(not np.allclose(got, -expected, atol=1e-9), "your gains have the wrong sign: each is "
                                                           "this rung's accuracy minus the one before")
        expect(not np.allclose(got, accuracies[1:] - accuracies[0], atol=1e-9),
               "you measured every rung against the first (SGD); measure each against the rung just before it")
        return hint("each gain is ladder_accuracies[i] - ladder_accuracies[i - 1], for i = 1, 2, 3, 4 "
                    "(np.diff does exactly that)")
    best = names[1 + int(np.argmax(expected))]
    expect(isinstance(biggest_piece, str), f"`biggest_piece` should be a name from `ladder_names`, such as "
                                           f"{names[1]!r}, got {biggest_piece!r}")
    expect(biggest_piece != names[int(np.argmax(expected))],
           f"{biggest_piece!r} is one rung too early: gains[0] belongs to {names[1]!r}, the rung that made it")
    expect(biggest_piece == best, f"{biggest_piece!r} is not the rung with the largest gain; look at "
                                  "np.argmax(gains), and remember gains[i] belongs to ladder_names[i + 1]")
    actual = _PIECES.get(best, best)
    size = f"{100 * expected.max():+.2f} points"
    if said == actual:
        return passed(f"{best!r} helped most ({size}), as you predicted. At this budget the optimizer decides "
                      "how far training gets; the remedies for over-fitting have little over-fitting to cure.")
    return passed(f"{best!r} helped most ({size}); you predicted {said!r}. The surprise: remedies for over-fitting "
                  "only pay when there is over-fitting, and in 20 epochs on 2000 images the optimizer, which "
                  "decides how far training gets, matters more. Their gains are within the test set's noise.")


def _chapter_split() -> tuple[np.ndarray, ...]:
    from ..datasets import load_mnist

    (x_all, y_all), (x_test, y_test) = load_mnist(n_train=22000, n_test=2000, seed=0)
    return x_all[:20000], y_all[:20000], x_all[20000:], y_all[20000:], x_test, y_test


@exercise(hint="build an MLP, fit it with an optimizer (Adam is a good start) and return the trained network")
def capstone(train_best_fn: Any) -> Any:
    """Exercise "Capstone": ``train_best(x_train, y_train, x_val, y_val)`` -> a trained network."""
    from ..training import accuracy, forward_batched

    x_train, y_train, x_val, y_val, x_test, y_test = _chapter_split()
    start = time.process_time()
    network = call(train_best_fn, x_train, y_train, x_val, y_val)
    cpu = time.process_time() - start
    expect(callable(getattr(network, "forward", None)) or callable(network),
           f"`train_best` should return the trained network (something with .forward), got {type(network).__name__}")
    if hasattr(network, "eval"):
        network.eval()  # dropout off, whatever mode the student's code left it in
    try:
        outputs = forward_batched(network, x_test) if hasattr(network, "forward") else np.asarray(network(x_test))
    except Exception as error:  # noqa: BLE001 - any failure of the student's network becomes a hint
        return hint(f"the returned network could not process the test images ({type(error).__name__}: {error}); "
                    "it should take (n, 784) inputs and give (n, 10) outputs")
    outputs = np.asarray(outputs)
    expect(outputs.ndim == 2 and outputs.shape == (len(y_test), 10),
           f"the network's outputs on {len(y_test)} test images have shape {outputs.shape}; expected "
           f"({len(y_test)}, 10), one score per digit")
    test_accuracy = accuracy(outputs, y_test)
    val_accuracy = accuracy(forward_batched(network, x_val), y_val) if hasattr(network, "forward") else None
    report = f"test accuracy {100 * test_accuracy:.2f}% on 2000 unseen images, {cpu:.1f} s of CPU time"
    expect(cpu <= CAPSTONE_CPU_SECONDS,
           f"{report}: over the budget of {CAPSTONE_CPU_SECONDS:.0f} s. Fewer epochs, a narrower network or "
           "bigger batches (128 or 256) make each pass cheaper; early stopping ends the run when it stops paying")
    if test_accuracy < CAPSTONE_ACCURACY:
        if test_accuracy < 0.2:
            return hint(f"{report}: about chance. Did training run at all (fit returns a History, not the "
                        "network), and does your network end with 10 outputs?")
        if val_accuracy is not None and val_accuracy - test_accuracy > 0.03:
            return hint(f"{report}, but {100 * val_accuracy:.1f}% on validation: the choices were tuned to the "
                        "validation images; prefer settings that do well without it")
        return hint(f"{report}; the bar is {100 * CAPSTONE_ACCURACY:.0f}%. Try Adam (lr 1e-3), 100-300 hidden "
                    "units, several epochs over all 20,000 images, and batch size 64-256")
    return passed(f"{report} (bar: {100 * CAPSTONE_ACCURACY:.0f}% within {CAPSTONE_CPU_SECONDS:.0f} s). Now explain "
                  "your choices in a comment, and try to beat it")
