"""Checks for chapter 5, "Data in, numbers through": one function per exercise.

In the notebook::

    from mlp.checks import ch05 as check
    check.decode_colour(decode_colour)
    check.colour_inputs(colour_inputs)
    check.forward_pass(forward, net, x_test)
    check.scrambled(my_prediction, scrambled_probs, net, x_test, perm)

Each check first runs the student's answer on small hand-made cases built so that the likely mistakes
(blue and red swapped, a missing ``& 0xFF``, forgetting the three numbers per pixel, a missing bias or
activation, softmax over the wrong axis, the inverse shuffle, ...) give different answers, and names the
mistake it recognises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import as_float_array
from ._core import call, close, exercise, expect, expect_shape, expect_value, hint, passed

__all__ = ["decode_colour", "colour_inputs", "forward_pass", "scrambled"]

# Colours whose three bytes all differ (so swapped channels and missing masks show), plus the extremes.
_COLOURS = (32832, 0xFF8800, 0x123456, 0xFFFFFF, 0x000000, 0x0000FF)


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _numbers(value: Any) -> np.ndarray | None:
    """``value`` as a float64 1-D array if it is a flat sequence of real numbers (not text), else None."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        array = np.asarray(value)
    except Exception:  # ragged lists and the like
        return None
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number) or np.iscomplexobj(array):
        return None
    return array.astype(np.float64).reshape(-1) if array.ndim <= 1 else None


def _show(values: np.ndarray) -> str:
    """Numbers as a student wrote them: whole numbers without decimals, others to 4 significant digits."""
    return "(" + ", ".join(f"{v:.0f}" if float(v).is_integer() else f"{v:.4g}" for v in values) + ")"


def _shape_of(value: Any) -> tuple[int, ...] | None:
    try:
        return np.shape(value)
    except Exception:  # ragged lists and the like
        return None


def _rgb(code: int) -> np.ndarray:
    """The reference answer: (red, green, blue) of a 0xRRGGBB colour."""
    return np.array([(code >> 16) & 0xFF, (code >> 8) & 0xFF, code & 0xFF], dtype=np.float64)


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, z)


def _softmax(z: np.ndarray, axis: int | None = 1) -> np.ndarray:
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def _reference_forward(x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> np.ndarray:
    """softmax(relu(x W1 + b1) W2 + b2), row by row."""
    return _softmax(_relu(x @ W1 + b1) @ W2 + b2)


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: decode a colour
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="red = (code >> 16) & 0xFF, green = (code >> 8) & 0xFF, blue = code & 0xFF")
def decode_colour(decode_colour_fn: Any) -> Any:
    """Exercise "Decode a colour": ``decode_colour(code) -> (red, green, blue)``."""
    for code in _COLOURS:
        value = call(decode_colour_fn, code)
        if isinstance(value, str) or (isinstance(value, (tuple, list)) and any(isinstance(v, str) for v in value)):
            return hint(f"decode_colour({code}) returned text ({value!r}); return three numbers from 0 to 255, "
                        "e.g. (0, 128, 64), not hexadecimal strings")
        not_three = f"decode_colour({code}) should return three numbers (red, green, blue), got {value!r}"[:200]
        got = expect_value(_numbers(value), not_three)
        expect(got.size == 3, not_three)
        expected = _rgb(code)
        if close(got, expected):
            continue
        name = f"decode_colour({code:#08x})"
        expect(not close(got, expected[::-1]), f"{name} returned {_show(got)}: blue and red are swapped; "
                                               "in 0xRRGGBB red is the *highest* byte, so red = code >> 16")
        expect(not close(got, expected / 255), f"{name} returned fractions; return whole numbers from 0 to 255")
        unmasked = np.array([code >> 16, code >> 8, code], dtype=np.float64)
        expect(not np.any(np.isclose(got, unmasked) & ~np.isclose(got, expected)),
               f"{name} returned {_show(got)}: a part is larger than 255 because the bytes above it "
               "are still attached; keep only the last byte with `& 0xFF` (or `% 256`)")
        expect(np.all(got == np.round(got)), f"{name} returned {_show(got)}: fractions appear when you divide with "
                                             "`/`; use integer division `//` or the shift `>>`")
        return hint(f"{name} should be {_show(expected)}, you returned {_show(got)}; each part is "
                    "two hexadecimal digits (8 bits): shift by 16 for red, 8 for green, 0 for blue")
    return passed("32832 -> (0, 128, 64), and the other test colours decode correctly too")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: where does a pixel go?
# ----------------------------------------------------------------------------------------------------------

_PIXELS = ((0, 1, 4), (1, 2, 4), (2, 0, 5), (3, 1, 7), (27, 27, 28))  # (row, col, width)


def _pixel_inputs(row: int, col: int, width: int) -> np.ndarray:
    """The truth, read off NumPy: flatten an image that holds its own input numbers, then look up the pixel."""
    height = row + 2
    numbered = np.arange(height * width * 3).reshape(height, width, 3)
    return numbered[row, col].astype(np.float64)


@exercise(hint="there are row * width pixels in the rows above and col to the left, and 3 numbers per pixel")
def colour_inputs(colour_inputs_fn: Any) -> Any:
    """Exercise "Where does a pixel go?": ``colour_inputs(row, col, width) -> [r, g, b] input numbers``."""
    for row, col, width in _PIXELS:
        value = call(colour_inputs_fn, row, col, width)
        name = f"colour_inputs({row}, {col}, {width})"
        not_three = f"{name} should return a list of three input numbers [red, green, blue], got {value!r}"[:200]
        got = expect_value(_numbers(value), not_three)
        expect(got.size == 3, not_three)
        expected = _pixel_inputs(row, col, width)
        if close(got, expected):
            continue
        pixel = row * width + col
        expect(not close(got, expected + 1), f"{name} returned {_show(got)}: one too many each; "
                                             "inputs are numbered from 0, like NumPy positions")
        expect(not close(got, [pixel, pixel + 1, pixel + 2]),
               f"{name} returned {_show(got)}: {pixel} is the pixel's number, but every pixel before "
               "it takes three inputs (red, green, blue), so its first input is 3 * pixel")
        swapped = 3 * (col * width + row)
        expect(not close(got, [swapped, swapped + 1, swapped + 2]),
               f"{name}: row and column are swapped; flattening goes row by row, so the pixel number is "
               "row * width + col")
        expect(close(np.diff(got), [1, 1]),
               f"{name} returned {_show(got)}: a pixel's red, green and blue are side by side in the "
               "flattened image (the last axis, of size 3, changes fastest), so its inputs are consecutive")
        return hint(f"{name} should be {_show(expected)}, you returned {_show(got)}")
    return passed("a pixel's three numbers start at input 3 * (row * width + col); "
                  "e.g. pixel (27, 27) of a 28 x 28 colour image is inputs 2349, 2350, 2351")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: the forward pass
# ----------------------------------------------------------------------------------------------------------


def _small_network(seed: int = 7) -> tuple[np.ndarray, ...]:
    """A batch of 4 inputs with 6 features, a 6-5-3 network with clearly non-zero biases (float64)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, size=(4, 6))
    W1 = rng.normal(0.0, 1.0, size=(6, 5))
    b1 = np.array([0.5, -0.8, 0.3, -0.2, 0.9])
    W2 = rng.normal(0.0, 1.0, size=(5, 3))
    b2 = np.array([0.7, -0.4, 0.1])
    return x, W1, b1, W2, b2


def _forward_mistake(got: np.ndarray, x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
                     b2: np.ndarray) -> str | None:
    """A specific hint if ``got`` is what a typical mistake computes, else None."""
    sigmoid = 1.0 / (1.0 + np.exp(-(x @ W1 + b1)))
    hidden = _relu(x @ W1 + b1)
    scores = hidden @ W2 + b2
    mistakes = [
        (scores, "your outputs are the scores before F2: apply softmax to each row"),
        (_softmax(scores, axis=0), "softmax went down the columns (over the batch); each *row* (one example) "
                                   "must sum to 1: use axis=1 with keepdims=True"),
        (_softmax(scores, axis=None), "softmax divided by the sum over the whole batch; each row must sum to 1 "
                                      "on its own: sum with axis=1, keepdims=True"),
        (_softmax((x @ W1 + b1) @ W2 + b2), "F1 is missing: apply ReLU, np.maximum(0, ...), to the hidden sums"),
        (_softmax(sigmoid @ W2 + b2), "F1 here is ReLU, np.maximum(0, ...), not the sigmoid"),
        (_softmax(_relu(x @ W1) @ W2 + b2), "the hidden layer's bias b1 is missing"),
        (_softmax(hidden @ W2), "the output layer's bias b2 is missing"),
        (_softmax(_relu(x @ W1) @ W2), "both biases are missing: add b1 to the hidden sums and b2 to the scores"),
        (_softmax(_relu(scores)), "ReLU belongs only to the hidden layer; the output layer uses softmax alone"),
        (np.exp(scores) / np.exp(scores).sum(), "normalise each row separately (axis=1, keepdims=True)"),
    ]
    for wrong, message in mistakes:
        if close(got, wrong, 1e-5):
            return message
    return None


@exercise(hint="hidden = np.maximum(0, x @ W1 + b1); scores = hidden @ W2 + b2; then softmax each row "
               "(subtract scores.max(axis=1, keepdims=True), np.exp, divide by the row sums with keepdims=True); "
               "use the function's arguments, not the chapter's W1")
def forward_pass(forward_fn: Any, net: Any, x_test: Any) -> Any:
    """Exercise "The forward pass in five lines": ``forward(x, W1, b1, W2, b2) -> probabilities (n, k)``."""
    x, W1, b1, W2, b2 = _small_network()
    got = call(forward_fn, x, W1, b1, W2, b2)
    expect(_shape_of(got) != (3, 4), "your output is transposed: it should have one row per example and one "
                                    "column per output, shape (n, outputs); check the order in your matrix products")
    got = expect_shape(got, (4, 3), "forward(x, W1, b1, W2, b2)")
    got = got.astype(np.float64) if np.issubdtype(got.dtype, np.number) else got
    expected = _reference_forward(x, W1, b1, W2, b2)
    if not close(got, expected, 1e-5):
        mistake = _forward_mistake(got, x, W1, b1, W2, b2)
        return hint(mistake or "on a small 6-5-3 network your probabilities differ from softmax(relu(x W1 + b1) "
                               "W2 + b2); check each of the five steps")

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # a naive softmax overflows here
        big = expect_shape(call(forward_fn, x, W1, b1, 400.0 * W2, b2), (4, 3), "forward(x, W1, b1, W2, b2)")
    expect(np.all(np.isfinite(big.astype(np.float64))),
           "with large scores (hundreds) np.exp overflows and you get nan: subtract each row's largest score "
           "before np.exp (scores - scores.max(axis=1, keepdims=True)); the probabilities stay the same")
    expect(close(big, _reference_forward(x, W1, b1, 400.0 * W2, b2), 1e-5),
           "your function is right for small scores but not for large ones; subtract each row's *own* largest "
           "score (axis=1, keepdims=True)")

    # The chapter's trained network, on the test digits.
    params = net.parameters()
    expect(len(params) == 4, "pass the chapter's `net` (an MLP with one hidden layer) as the second argument")
    digits = as_float_array(x_test, "x_test", ndim=2)[:100]
    mine = expect_shape(call(forward_fn, digits, *params), (len(digits), params[2].shape[1]),
                        "forward(x_test[:100], *net.parameters())")
    theirs = net.forward(digits)
    expect(close(mine, theirs, 1e-4), "your function passes the small tests but differs from net.forward on the "
                                      "test digits; did `net` change since you trained it?")
    agree = int(np.sum(mine.argmax(axis=1) == theirs.argmax(axis=1)))
    return passed(f"your forward pass matches softmax(relu(x W1 + b1) W2 + b2), survives large scores, and agrees "
                  f"with the trained net on {agree} of {len(digits)} test digits "
                  f"(largest difference {np.abs(mine - theirs).max():.1e})")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: scrambled digits (predict first)
# ----------------------------------------------------------------------------------------------------------


def _check_perm(perm: Any, n_inputs: int) -> np.ndarray:
    order = np.asarray(perm)
    if order.shape != (n_inputs,) or not np.array_equal(np.sort(order), np.arange(n_inputs)):
        raise ValueError(f"perm must be a shuffle of 0..{n_inputs - 1} (the chapter's np.random.permutation), "
                         f"got {order.shape}")
    return order


@exercise(hint="scrambled_probs = forward(x_test[:, perm], W1[perm], b1, W2, b2)")
def scrambled(my_prediction: Any, scrambled_probs: Any, net: Any, x_test: Any, perm: Any) -> Any:
    """Exercise "Scrambled digits": a prediction string and the probabilities for the scrambled test digits."""
    words = {"the same": "the same", "same": "the same", "different": "different"}
    said = expect_value(words.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        f'set `my_prediction` to "the same" or "different", got {my_prediction!r}')
    digits = as_float_array(x_test, "x_test", ndim=2)
    order = _check_perm(perm, digits.shape[1])
    params = net.parameters()
    n_outputs = params[-1].shape[0]
    got = expect_shape(scrambled_probs, (None, None), "scrambled_probs")
    expect(got.shape[0] == len(digits),
           f"`scrambled_probs` should have one row per test digit, {len(digits)} rows, got {got.shape[0]}; "
           "scramble all of x_test")
    expect(got.shape[1] != params[0].shape[1] or got.shape[1] == n_outputs,
           f"`scrambled_probs` has {got.shape[1]} columns, the hidden layer's width: finish the forward pass "
           "through W2, b2 and softmax")
    expect(got.shape[1] == n_outputs,
           f"`scrambled_probs` should have shape ({len(digits)}, {n_outputs}), got {got.shape}")

    expected = net.forward(digits)
    if not close(got, expected, 1e-4):
        W1, b1, W2, b2 = params
        expect(not close(got, net.forward(digits[:, order]), 1e-4),
               "you sent the scrambled digits through the network with W1 in its original order; reorder its "
               "rows with the same shuffle, W1[perm]")
        expect(not close(got, _reference_forward(digits[:, order], W1[np.argsort(order)], b1, W2, b2), 1e-4),
               "you reordered W1 with the inverse shuffle; input i of a scrambled digit is pixel perm[i], so "
               "row i of the new weights must be W1[perm[i]]: use W1[perm]")
        expect(close(got.sum(axis=1), np.ones(len(got)), 1e-4),
               "the rows of `scrambled_probs` do not sum to 1: apply softmax (F2) at the end")
        return hint("these are not the probabilities of the scrambled digits with weights W1[perm]; "
                    "compute forward(x_test[:, perm], W1[perm], b1, W2, b2)")

    largest = float(np.abs(got - expected).max())
    story = (f"all {len(digits)} scrambled digits get the original probabilities (largest difference "
             f"{largest:.1e}, float rounding)")
    why = ("each hidden sum adds the same 784 products, pixel value times that pixel's weight, only in a "
           "different order; a fully connected layer has no notion of which inputs are neighbours")
    if said == "the same":
        return passed(f"{story}, as you predicted: {why}")
    return passed(f"{story}. You predicted 'different', but {why}")
