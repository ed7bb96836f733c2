"""Checks for chapter 14, "Adam": one function per exercise.

In the notebook::

    from mlp.checks import ch14 as check
    check.adam_memory(adam_state_bytes)
    check.step_1000(my_prediction, step_1000)
    check.adam_step(adam_step)
    check.spike_step(spike_step)

Every reference answer is computed with ``mlp.optim.Adam`` itself (or the paper's equations where a variant
is needed to recognise a mistake). Each check compares the student's answer with the likely wrong answers
(no bias correction, epsilon inside the root, the efficient form's epsilon, bytes of float64, one array instead
of two, the total distance instead of the last step, ...) and names the mistake it recognises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["adam_memory", "step_1000", "adam_step", "spike_step"]


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _show(value: float | None) -> str:
    return "nothing usable" if value is None else f"{value:.6g}"


def _layer_sizes(sizes: list[int]) -> tuple[int, int]:
    """(weights of the matrices, biases) of ``mlp.MLP(sizes)``."""
    matrices = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return matrices, sum(sizes[1:])


def _measured_adam_bytes(sizes: list[int]) -> int:
    """``memory_bytes()`` of Adam after one step on the float32 ``mlp.MLP(sizes)``."""
    from ..network import MLP
    from ..optim import Adam

    model = MLP(sizes, seed=0)
    params = model.parameters()
    adam = Adam(lr=1e-3)
    adam.step(params, [np.zeros_like(p) for p in params])
    return adam.memory_bytes()


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: memory
# ----------------------------------------------------------------------------------------------------------


_MEMORY_CASES = ([784, 100, 10], [2, 3, 1], [10, 5, 5, 2], [784, 500, 300, 10])


@exercise(hint="count fan_in * fan_out + fan_out numbers per layer, then 2 arrays x 4 bytes per number")
def adam_memory(adam_state_bytes_fn: Any) -> Any:
    """Exercise "How much memory does Adam need?": ``adam_state_bytes(sizes)`` -> bytes."""
    for sizes in _MEMORY_CASES:
        expected = _measured_adam_bytes(list(sizes))
        got = expect_value(as_number(call(adam_state_bytes_fn, list(sizes))),
                           "`adam_state_bytes` should return one number, the count of bytes")
        if close(got, expected):
            continue
        matrices, biases = _layer_sizes(list(sizes))
        numbers = matrices + biases
        where = f"for sizes {list(sizes)}"
        expect(not close(got, 4 * numbers), f"{where} you returned {got:,.0f}, the bytes of the weights themselves; "
                                            "Adam keeps *two* arrays of that size, m and v")
        expect(not close(got, 8 * matrices), f"{where} you returned {got:,.0f}: the biases are missing; every "
                                             "Dense layer also has fan_out bias numbers, and Adam keeps m and v "
                                             "for them too")
        expect(not close(got, 16 * numbers), f"{where} you returned {got:,.0f}, which counts 8 bytes per number "
                                             "(float64); the network is float32, 4 bytes per number")
        expect(not close(got, 2 * numbers), f"{where} you returned {got:,.0f}: that counts numbers, not bytes; "
                                            "multiply by 4 bytes per float32")
        expect(not close(got, 12 * numbers), f"{where} you returned {got:,.0f}, three arrays: that is Adam with "
                                             "amsgrad=True (or the weights plus m and v); count only the "
                                             "optimizer's two arrays")
        expect(not close(got, numbers), f"{where} you returned {got:,.0f}, the number of weights; convert to "
                                        "bytes of Adam's two arrays")
        expect(not close(got, 8 * sum(sizes)), f"{where} you returned {got:,.0f}: that counts neurons, not the "
                                               "weights between them (fan_in * fan_out per layer)")
        return hint(f"{where} Adam keeps {expected:,} bytes, you returned {got:,.0f}; "
                    "count fan_in * fan_out + fan_out numbers per layer, two arrays, 4 bytes each")
    big = _measured_adam_bytes([784, 500, 300, 10])
    return passed(f"two float32 arrays per weight: {big:,} bytes for 784-500-300-10 (seed 002's network), "
                  "with no training needed to know it")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: the 1000th step (predict first)
# ----------------------------------------------------------------------------------------------------------


_STEP_LR, _STEP_GRADIENT, _STEP_COUNT = 0.01, 0.5, 1000


def _constant_gradient_steps() -> tuple[float, float]:
    """(size of the last step, total displacement) of Adam(lr=0.01) after 1000 steps of gradient 0.5."""
    from ..optim import Adam

    adam = Adam(lr=_STEP_LR)
    w = np.zeros(1)
    before = w.copy()
    for _ in range(_STEP_COUNT):
        before = w.copy()
        adam.step([w], [np.array([_STEP_GRADIENT])])
    return float(abs(w[0] - before[0])), float(abs(w[0]))


@exercise(hint="keep a copy of w before each step (before = w.copy()); after the loop, abs(w[0] - before[0])")
def step_1000(my_prediction: Any, step_1000_value: Any) -> Any:
    """Exercise "Predict, then measure": a predicted and a measured size of Adam's 1000th step."""
    predicted = expect_value(as_number(my_prediction), f"set `my_prediction` to one number, your guess for |Δw| at "
                                                       f"step 1000 (got {my_prediction!r})")
    truth, total = _constant_gradient_steps()
    got = expect_value(as_number(step_1000_value),
                       "`step_1000` should be one number, the size of the weight's change in the last step")
    if not close(got, truth, 1e-3):
        expect(not close(got, -truth, 1e-3), f"{got:g} is the change with its sign; the *size* is its absolute "
                                             "value")
        expect(not close(abs(got), total, 1e-3), f"{got:g} is where the weight ended, the sum of all "
                                                 f"{_STEP_COUNT} steps; keep only the change made by the last one")
        expect(not close(got, _STEP_GRADIENT), f"{got:g} is the gradient itself; measure how much w changed")
        expect(not close(got, _STEP_LR * _STEP_GRADIENT, 1e-3),
               f"{got:g} is lr * g, the step plain SGD would take; run mlp.optim.Adam and measure its step")
        expect(not close(got, 0.0), "a step of 0: did you compare w with itself? `before = w` does not copy "
                                    "(it is the same array, changed in place); use `before = w.copy()`")
        return hint(f"Adam's 1000th step is not {got:g}; run exactly {_STEP_COUNT} steps of "
                    f"optim.Adam(lr={_STEP_LR}) with gradient {_STEP_GRADIENT} and measure the last change")
    story = (f"the 1000th step is {truth:.6f}, the learning rate itself: with a constant gradient the bias "
             f"correction makes m_hat = g and v_hat = g² exactly, so every step is lr * g / |g| = lr, forever")
    if abs(predicted - truth) <= 0.1 * truth:
        return passed(f"{story}. You predicted {predicted:g}: right, nothing decays.")
    if predicted < truth:
        return passed(f"{story}. You predicted {predicted:g}, smaller: the decay seed 003 describes "
                      "(\"halving the learning rate exponentially\") does not happen. Adam's steps shrink only "
                      "when the gradients disagree with each other.")
    return passed(f"{story}. You predicted {predicted:g}, larger: Adam's step does not grow with the number of "
                  "steps either; |m_hat / sqrt(v_hat)| is about 1 at most.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: one Adam step
# ----------------------------------------------------------------------------------------------------------


_B1, _B2, _EPS, _LR = 0.9, 0.999, 1e-8, 0.01


def _gradients() -> list[np.ndarray]:
    """Five steps of gradients for three weights: ordinary, tiny (1e-5, where epsilon matters), mixed signs."""
    rng = np.random.default_rng(14)
    base = rng.normal(0.3, 1.0, size=(5, 3))
    base[:, 1] *= 1e-5
    return [row for row in base]


def _variant_path(kind: str) -> np.ndarray | None:
    """The weights after each of the five steps, for the correct rule or a likely mistake."""
    w, m, v = np.array([0.5, -1.0, 2.0]), np.zeros(3), np.zeros(3)
    path = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for t, g in enumerate(_gradients(), start=1):
            b1, b2 = (_B2, _B1) if kind == "swapped betas" else (_B1, _B2)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * (np.abs(g) if kind == "g not squared" else g * g)
            tt = t - 1 if kind == "t - 1" else t
            c1 = 1.0 if kind in ("no correction", "only v corrected") else 1 - b1**tt
            c2 = 1.0 if kind in ("no correction", "only m corrected") else 1 - b2**tt
            m_hat, v_hat = m / c1, v / c2
            if kind == "eps inside the root":
                step = m_hat / np.sqrt(v_hat + _EPS)
            elif kind == "efficient form":
                step = (np.sqrt(1 - b2**t) / (1 - b1**t)) * m / (np.sqrt(v) + _EPS)
            elif kind == "no root":
                step = m_hat / (v_hat + _EPS)
            else:
                step = m_hat / (np.sqrt(v_hat) + _EPS)
            w = w - _LR * step
            path.append(w.copy())
    result = np.array(path)
    return result if np.all(np.isfinite(result)) else None


_MISTAKES = {
    "no correction": "the steps match Adam *without* bias correction: divide m by 1 - b1**t and v by 1 - b2**t",
    "only m corrected": "only m is corrected; v needs its own correction, v_hat = v / (1 - b2**t)",
    "only v corrected": "only v is corrected; m needs its own correction, m_hat = m / (1 - b1**t)",
    "eps inside the root": "that is seed 003's sqrt(v_hat + eps); Algorithm 1 (and mlp, PyTorch) add eps *after* "
                           "the root: sqrt(v_hat) + eps. It matters for the tiny gradients of the second weight",
    "efficient form": "that is the paper's efficient form, with eps added to sqrt(v) before correcting; here add "
                      "eps to sqrt(v_hat), the root of the corrected average",
    "swapped betas": "b1 and b2 are swapped: b1 = 0.9 belongs to m (the gradients), b2 = 0.999 to v (their "
                     "squares)",
    "g not squared": "v must average the *squared* gradients, g**2",
    "no root": "the step divides by sqrt(v_hat), the root of the average squared gradient, not by v_hat itself",
    "t - 1": "the correction uses the current step number t (the first step is t = 1), not t - 1",
}


@exercise(hint="m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g**2; m_hat = m/(1-b1**t); v_hat = v/(1-b2**t); "
               "w = w - lr*m_hat/(np.sqrt(v_hat)+eps); return w, m, v")
def adam_step(adam_step_fn: Any) -> Any:
    """Exercise "Adam in five lines": ``adam_step(w, g, m, v, t, lr, b1, b2, eps)`` -> (w, m, v)."""
    from ..optim import Adam

    # The reference: mlp.optim.Adam on the same gradients, float64.
    reference = Adam(lr=_LR)
    w_ref = np.array([0.5, -1.0, 2.0])
    reference_points = []
    for g in _gradients():
        reference.step([w_ref], [g])
        reference_points.append(w_ref.copy())
    expected = np.array(reference_points)

    w, m, v = np.array([0.5, -1.0, 2.0]), np.zeros(3), np.zeros(3)
    got_points = []
    for t, g in enumerate(_gradients(), start=1):
        result = call(adam_step_fn, w, g, m, v, t, lr=_LR, b1=_B1, b2=_B2, eps=_EPS)
        expect(isinstance(result, (tuple, list)) and len(result) == 3,
               "`adam_step` should return three arrays, (w, m, v), the new values after the step")
        try:
            w, m, v = (np.asarray(part, dtype=np.float64) for part in result)
        except (TypeError, ValueError):
            return hint("`adam_step` should return three arrays of numbers, (w, m, v)")
        expect(w.shape == (3,) and m.shape == (3,) and v.shape == (3,),
               f"the returned arrays should have the shape of w, (3,); got {w.shape}, {m.shape}, {v.shape}")
        got_points.append(w.copy())
        if t == 1 and not np.all(np.isfinite(w)):
            return hint("the first step gave NaN or inf: the correction at step t = 1 divides by 1 - b**1, "
                        "not by 1 - b**0 = 0")
    got_path = np.array(got_points)
    if close(got_path, expected, 1e-6):
        return passed("your five steps match mlp.optim.Adam, tiny gradients included: bias correction and the "
                      "placement of eps are right")
    for kind, message in _MISTAKES.items():
        variant = _variant_path(kind)
        if variant is not None and close(got_path, variant, 1e-6):
            return hint(message)
    first_ok = close(got_path[0], expected[0], 1e-6)
    if first_ok:
        return hint("your first step is right but later ones are not: do you return the *updated* m and v "
                    "(in the order w, m, v), so the next call continues from them?")
    return hint("the first step should move every weight by about lr against its gradient's sign "
                "(m_hat = g and v_hat = g**2 at t = 1); compare your formula with Algorithm 1")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: the worst case of the ratio
# ----------------------------------------------------------------------------------------------------------


def _spike(b1: float, b2: float, t: int, correct_m: bool = True, correct_v: bool = True, shift: int = 0) -> float:
    """|step| / lr at step t for gradients 0, ..., 0, 1 (eps ignored), with optional mistakes."""
    tt = t - shift
    m_hat = (1 - b1) / ((1 - b1**tt) if correct_m else 1.0)
    v_hat = (1 - b2) / ((1 - b2**tt) if correct_v else 1.0)
    return float(m_hat / np.sqrt(v_hat))


_SPIKE_CASES = ((0.9, 0.999, 1), (0.9, 0.999, 10), (0.9, 0.999, 1000), (0.5, 0.9, 20), (0.9, 0.99, 3))


@exercise(hint="zeros leave m = v = 0; the spike gives m = 1 - b1 and v = 1 - b2; then correct both with step t")
def spike_step(spike_step_fn: Any) -> Any:
    """Exercise "When the ratio exceeds 1": ``spike_step(b1, b2, t)`` -> |step| / lr."""
    for b1, b2, t in _SPIKE_CASES:
        expected = _spike(b1, b2, t)
        got = expect_value(as_number(call(spike_step_fn, b1, b2, t)),
                           "`spike_step` should return one number, the step size in units of lr")
        if close(abs(got), expected, 1e-4):
            continue
        where = f"for b1={b1}, b2={b2}, t={t}"
        expect(not close(got, _spike(b1, b2, t, False, False), 1e-4),
               f"{where} you returned {got:.4g}, the ratio without bias correction; divide m by 1 - b1**t "
               "and v by 1 - b2**t")
        expect(not close(got, _spike(b1, b2, t, True, False), 1e-4),
               f"{where} you returned {got:.4g}: only m is corrected; correct v too")
        expect(not close(got, _spike(b1, b2, t, False, True), 1e-4),
               f"{where} you returned {got:.4g}: only v is corrected; correct m too")
        if t > 1:
            expect(not close(got, _spike(b1, b2, t, shift=1), 1e-4),
                   f"{where} you returned {got:.4g}: the corrections use the step number of the spike, t, "
                   "not t - 1")
        expect(not close(got, 1 - b1, 1e-4) and not close(got, 1 - b2, 1e-4),
               f"{where} you returned {got:.4g}, one of the raw averages; the step is m_hat / sqrt(v_hat)")
        expect(not close(got, (1 - b1) / (1 - b2), 1e-4),
               f"{where} you returned {got:.4g}: the denominator is the *root* of v_hat")
        return hint(f"{where} the step is {expected:.4g} lr, you returned {_show(got)}; after t - 1 zero "
                    "gradients m = v = 0, the spike gives m = 1 - b1 and v = 1 - b2, then correct with step t")
    limit = (1 - 0.9) / np.sqrt(1 - 0.999)
    return passed(f"at t = 1 the step is {_spike(0.9, 0.999, 1):.2f} lr, at t = 100000 "
                  f"{_spike(0.9, 0.999, 100000):.2f} lr, approaching (1 - b1) / sqrt(1 - b2) = {limit:.2f}. m, with "
                  "its short memory, gives the new gradient a weight of 1 - b1 = 0.1 at once; v, whose long memory is "
                  "still full of zeros, gives its square only 1 - b2 = 0.001, whose root is 0.032. So the average "
                  "gradient looks three times larger than its root mean square: the paper's worst case.")
