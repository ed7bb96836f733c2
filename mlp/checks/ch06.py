"""Checks for chapter 6, "Activation functions": one function per exercise.

In the notebook::

    from mlp.checks import ch06 as check
    check.choose_output(choices)
    check.softmax_shift_scale(predict_shift, predict_scale, top_shift, top_scale)
    check.collapse(collapse)
    check.stable_softmax(stable_softmax)

Each check recognises the likely mistakes (softmax on a single output, a forgotten bias term, one maximum for
the whole batch, normalising along the wrong axis, ...) and names them in its hint.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..layers import Dense, Softmax
from ._core import as_number, call, close, exercise, expect, expect_shape, expect_value, hint, passed

__all__ = ["choose_output", "softmax_shift_scale", "collapse", "stable_softmax"]


def _softmax(z: np.ndarray) -> np.ndarray:
    return Softmax().forward(np.asarray(z, dtype=np.float64))


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: the output activation for each task.
# ----------------------------------------------------------------------------------------------------------

_TASKS = {
    "temperature": "identity",
    "digit": "softmax",
    "photo_tags": "sigmoid",
    "ripe": "sigmoid",
    "weight": "identity",
}
_SYNONYMS = {"identity": "identity", "none": "identity", "linear": "identity", "no activation": "identity",
             "sigmoid": "sigmoid", "softmax": "softmax", "relu": "relu", "tanh": "tanh", "step": "step"}
_HIDDEN_ONLY = {
    "relu": "ReLU cuts every negative output to 0",
    "tanh": "tanh squeezes every output into (-1, 1)",
    "step": "the step function answers only 0 or 1, and nothing can learn through it",
}
_WHY_NOT = {
    ("temperature", "sigmoid"): "a sigmoid squeezes every output into (0, 1): it could never say 23.5 °C",
    ("temperature", "softmax"): "a softmax turns outputs into shares that sum to 1: a temperature is a value, "
                                "not a probability",
    ("weight", "sigmoid"): "a sigmoid squeezes every output into (0, 1): a tangerine's weight in grams is a value "
                           "such as 110, not a probability",
    ("weight", "softmax"): "a softmax turns outputs into shares that sum to 1: a weight in grams is a value, "
                           "not a probability",
    ("digit", "sigmoid"): "ten sigmoids answer ten separate yes/no questions and need not sum to 1; an image shows "
                          "exactly one digit, so the ten probabilities should compete: one answer out of many",
    ("digit", "identity"): "raw scores are not probabilities; for one answer out of ten, turn them into "
                           "probabilities that sum to 1",
    ("photo_tags", "softmax"): "a softmax makes the tags compete for one unit of probability, so a photo with a "
                               "tangerine *and* a leaf must split it between them; the tags are independent "
                               "yes/no questions",
    ("photo_tags", "identity"): "raw scores are not probabilities; each tag is its own yes/no question, "
                                "answered by a probability in (0, 1)",
    ("ripe", "softmax"): "a softmax over a single output is always exactly 1.0, whatever the score (e^z / e^z); "
                         "one yes/no output needs a sigmoid (a two-output softmax would also do)",
    ("ripe", "identity"): "a raw score is not a probability; one yes/no question with one output is answered by "
                          "a probability in (0, 1)",
}


@exercise(hint='choices should be a dict such as {"temperature": "identity", ...}')
def choose_output(choices: Any) -> Any:
    """Exercise "Pick the output activation": a dict task -> "identity" | "sigmoid" | "softmax"."""
    expect(isinstance(choices, dict), f"`choices` should be a dict from task name to activation name, "
                                      f"got {type(choices).__name__}")
    missing = [task for task in _TASKS if task not in choices]
    expect(not missing, f"`choices` has no answer for {', '.join(repr(t) for t in missing)}")
    for task, right in _TASKS.items():
        answer = choices[task]
        said = expect_value(_SYNONYMS.get(answer.strip().lower()) if isinstance(answer, str) else None,
                            f'choices["{task}"] should be "identity", "sigmoid" or "softmax", got {answer!r}')
        if said in _HIDDEN_ONLY:
            need = ("a value that may be any real number" if right == "identity" else
                    "a probability in (0, 1)" if right == "sigmoid" else "probabilities that sum to 1")
            return hint(f'"{task}": {_HIDDEN_ONLY[said]}, but this task needs {need}; the output layer\'s '
                        'standard choices are "identity", "sigmoid" and "softmax"')
        expect(said == right, f'"{task}": not {said}. {_WHY_NOT.get((task, said), "think about the kind of answer")}')
    return passed("values get no activation; independent yes/no questions a sigmoid each; one answer out of "
                  "many a softmax")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: predict, then compute, what shifting and scaling the scores does to the softmax.
# ----------------------------------------------------------------------------------------------------------

_SCORES = np.array([[2.0, 1.0, 0.1]])
_WORDS = {"sharper": "sharper", "flatter": "flatter", "the same": "the same", "same": "the same",
          "unchanged": "the same"}


def _word(prediction: Any, name: str) -> str:
    return expect_value(_WORDS.get(prediction.strip().lower()) if isinstance(prediction, str) else None,
                        f'set `{name}` to "sharper", "flatter" or "the same", got {prediction!r}')


def _trend(top: float, base: float) -> str:
    if abs(top - base) <= 1e-9:
        return "the same"
    return "sharper" if top > base else "flatter"


@exercise(hint="top_shift = Softmax()(three_scores + 100).max(); top_scale = Softmax()(3 * three_scores).max()")
def softmax_shift_scale(predict_shift: Any, predict_scale: Any, top_shift: Any, top_scale: Any) -> Any:
    """Exercise "Predict, then compute": two predictions and the two largest probabilities."""
    said_shift, said_scale = _word(predict_shift, "predict_shift"), _word(predict_scale, "predict_scale")
    base = float(_softmax(_SCORES).max())
    want_shift, want_scale = float(_softmax(_SCORES + 100).max()), float(_softmax(3 * _SCORES).max())
    for name, value in (("top_shift", top_shift), ("top_scale", top_scale)):
        got = as_number(value)
        if got is None and not isinstance(value, (str, bytes)) and np.size(value) > 1:
            return hint(f"`{name}` should be one number, the *largest* probability; take `.max()` of the softmax")
        if got is None and isinstance(value, (float, np.floating)) and np.isnan(value):
            return hint(f"`{name}` is NaN: a hand-written softmax overflowed; use `Softmax()` from mlp, which "
                        "subtracts the largest score first")
        got = expect_value(got, f"`{name}` should be one number, got {value!r}")
        expect(not close(got, float(np.min(_softmax(_SCORES if name == 'top_shift' else 3 * _SCORES)))),
               f"`{name}` = {got:.4g} is the *smallest* probability; take `.max()`")
    got_shift, got_scale = as_number(top_shift), as_number(top_scale)
    expect(not close(got_shift, 100 + 2.0), "`top_shift` is the largest *score*; pass the shifted scores "
                                              "through `Softmax()` first")
    expect(close(got_shift, want_shift, 1e-5), f"`top_shift` should be the largest probability of "
                                                f"softmax([102, 101, 100.1]), got {got_shift:.4g}")
    expect(not close(got_scale, float(_softmax(_SCORES / 3).max()), 1e-5),
           f"{got_scale:.4g} is for the scores *divided* by 3; multiply them by 3")
    expect(not close(got_scale, 3 * 2.0), "`top_scale` is the largest *score*; pass the scaled scores through "
                                          "`Softmax()` first")
    expect(close(got_scale, want_scale, 1e-5), f"`top_scale` should be the largest probability of "
                                                f"softmax([6, 3, 0.3]), got {got_scale:.4g}")
    truth_shift, truth_scale = _trend(want_shift, base), _trend(want_scale, base)
    notes = []
    if said_shift == truth_shift:
        notes.append(f"adding 100 changes nothing ({base:.4f} before and after), as you predicted")
    else:
        notes.append(f"you predicted {said_shift!r} for adding 100, but it is {truth_shift!r} ({base:.4f} before "
                     "and after): the softmax sees only differences between scores, and adding the same number "
                     "to all of them changes no difference, which is exactly why subtracting the maximum is safe")
    if said_scale == truth_scale:
        notes.append(f"multiplying by 3 sharpens it to {want_scale:.4f}, as you predicted")
    else:
        notes.append(f"you predicted {said_scale!r} for multiplying by 3, but it is {truth_scale!r} ({base:.4f} -> "
                     f"{want_scale:.4f}): tripling the scores triples every difference, and each unit of "
                     "difference multiplies the ratio of two outputs by e (a temperature of 1/3)")
    return passed("; ".join(notes) + ".")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: collapse a stack of Dense layers into one.
# ----------------------------------------------------------------------------------------------------------


def _stack(sizes: tuple[int, ...], seed: int) -> list[Dense]:
    """Dense layers of the given widths with random weights and random, non-zero biases (float64)."""
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layer = Dense(fan_in, fan_out, seed=rng, dtype=np.float64)
        layer.b[...] = rng.normal(size=fan_out)
        layers.append(layer)
    return layers


def _collapsed(layers: list[Dense]) -> tuple[np.ndarray, np.ndarray]:
    W, b = layers[0].W.copy(), layers[0].b.copy()
    for layer in layers[1:]:
        W, b = W @ layer.W, b @ layer.W + layer.b
    return W, b


def _pair(value: Any) -> tuple[Any, Any]:
    expect(isinstance(value, (tuple, list)) and len(value) == 2,
           "`collapse` should return two things, `(W, b)`: the weights and the bias of the single layer")
    return value[0], value[1]


@exercise(hint="W, b = first W and b; then for each next layer: W, b = W @ layer.W, b @ layer.W + layer.b")
def collapse(collapse_fn: Any) -> Any:
    """Exercise "Collapse a stack of linear layers": ``collapse(layers)`` -> ``(W, b)``."""
    for sizes, seed in (((3, 4, 2), 0), ((3, 5, 4, 2), 1), ((4, 3), 2)):
        layers = _stack(sizes, seed)
        want_W, want_b = _collapsed(layers)
        W, b = _pair(call(collapse_fn, _stack(sizes, seed)))   # a fresh copy: the function may change them
        where = f"for {len(layers)} layer{'s' if len(layers) > 1 else ''} of widths {'-'.join(map(str, sizes))}"
        if np.shape(W) == want_W.shape[::-1] and np.shape(W) != want_W.shape:
            return hint(f"{where}, W has shape {W.shape}, the transpose of {want_W.shape}: with y = x W, a "
                        "stack is W1 @ W2 @ ..., first layer on the left")
        W = expect_shape(W, want_W.shape, "W")
        expect(close(W, want_W, 1e-8), f"{where}, W is not the product of the layers' weights, first layer on "
                                       "the left: W1 @ W2 @ ...")
        b = expect_shape(b, want_b.shape, "b")
        if close(b, want_b, 1e-8):
            continue
        expect(not close(b, layers[-1].b, 1e-8), f"{where}, b is just the last layer's bias; the earlier biases "
                                                 "also pass through the later weights: b1 @ W2 + b2")
        expect(len(layers) < 2 or not close(b, want_b - layers[-1].b, 1e-8),
               f"{where}, b is missing the last layer's own bias: b1 @ W2 + b2, not just b1 @ W2")
        if len(layers) > 2:
            return hint(f"{where}, W is right but b is not (two layers worked): the bias so far must pass through "
                        "*every* later layer's weights, and each layer adds its own; update b at every step: "
                        "b = b @ layer.W + layer.b")
        return hint(f"{where}, W is right but b is not; absorbing one layer (W2, b2) turns b into b @ W2 + b2")
    layers = _stack((3, 6, 6, 6, 2), 3)
    x = np.random.default_rng(4).normal(size=(10, 3))
    deep = x
    for layer in layers:
        deep = layer.forward(deep)
    W, b = _collapsed(layers)
    gap = float(np.abs(x @ W + b - deep).max())
    return passed(f"your single layer reproduces a 4-layer linear stack (3-6-6-6-2) to {gap:.1e}: depth without "
                  "activations buys nothing")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: a softmax that never overflows.
# ----------------------------------------------------------------------------------------------------------


def _as_result(value: Any, shape: tuple[int, ...]) -> np.ndarray:
    array = expect_shape(value, shape, "the result")
    expect(np.issubdtype(np.asarray(array).dtype, np.number), "the result should be an array of numbers")
    return np.asarray(array, dtype=np.float64)


@exercise(hint="e = np.exp(z - z.max(axis=1, keepdims=True)); return e / e.sum(axis=1, keepdims=True)")
def stable_softmax(stable_softmax_fn: Any) -> Any:
    """Exercise "A softmax that never overflows": ``stable_softmax(z)`` for z of shape (n, k)."""
    small = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]])
    with np.errstate(all="ignore"):  # a naive attempt overflows: its NaN is judged below, not warned about
        got = _as_result(call(stable_softmax_fn, small), small.shape)
    want = _softmax(small)
    if not close(got, want, 1e-6):
        expect(not close(got, small / small.sum(axis=1, keepdims=True), 1e-6),
               "that divides the scores by their sum; the softmax divides the *exponentials*: e^z / sum of e^z")
        expect(not close(got.sum(axis=0), np.ones(3), 1e-6),
               "your columns sum to 1, not your rows: normalise along axis=1 (one row per sample)")
        expect(not close(got.sum(), 1.0, 1e-6),
               "the whole batch sums to 1, but each *row* should: sum with axis=1, keepdims=True")
        expect(not close(got, np.exp(small), 1e-6), "those are the exponentials; divide each row by its sum")
        return hint("on [[1, 2, 3], [0.5, -1, 0]] the rows should be "
                    f"{np.round(want[0], 4).tolist()} and {np.round(want[1], 4).tolist()}")
    cases = [
        (np.array([[1000.0, 1001.0, 1002.0]]),
         "is NaN or infinite for [[1000, 1001, 1002]]: e^1000 overflows. Subtract each row's largest score "
         "before np.exp; the softmax does not change"),
        (np.array([[-1000.0, -999.0, -998.0], [0.0, 1.0, 2.0]]),
         "is NaN for the batch [[-1000, -999, -998], [0, 1, 2]]. One maximum for the whole batch (2) leaves the "
         "first row with e^-1000 = 0 everywhere, and 0 / 0; subtract *each row's own* maximum: "
         "z.max(axis=1, keepdims=True)"),
        (np.array([[0.0, 1000.0], [-1000.0, 0.0]]),
         "is NaN or infinite for [[0, 1000], [-1000, 0]]. Subtracting the *minimum* leaves e^1000; subtract the "
         "row's *maximum*, so that the largest exponent is e^0 = 1"),
    ]
    for z, problem in cases:
        with np.errstate(all="ignore"):
            got = _as_result(call(stable_softmax_fn, z), z.shape)
        expect(np.all(np.isfinite(got)), f"the result {problem}")
        expect(close(got, _softmax(z), 1e-6), f"for {z.tolist()} the softmax is {np.round(_softmax(z), 4).tolist()}, "
                                              f"you returned {np.round(got, 4).tolist()}")
    z = np.random.default_rng(0).normal(scale=30, size=(50, 10))
    with np.errstate(all="ignore"):
        got = _as_result(call(stable_softmax_fn, z), z.shape)
    expect(close(got, _softmax(z), 1e-6), "your function fails on a random batch of 50 rows of 10 scores")
    return passed("finite and exact for huge scores and for rows on different scales. Each row's maximum is the "
                  "shift that makes the largest exponent 1 (no overflow) and the sum at least 1 (no 0 / 0)")
