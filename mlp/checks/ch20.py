"""Checks for chapter 20, "Regularization": one function per exercise.

In the notebook::

    from mlp.checks import ch20 as check
    check.l2_penalty(l2_penalty)
    check.adam_decay(my_prediction, adam_drop)
    check.standardize(standardize)
    check.adamw_step(adamw_step)

Every reference answer is computed here, with ``mlp`` where the exercise is about ``mlp`` (``mlp.optim.Adam``
for the decay and for AdamW, ``mlp.numerical_gradient`` for the penalty's gradient). Each check also computes
the likely wrong answers (the penalty without its 1/2 or on the first array only, SGD's decay instead of
Adam's, the other data set's statistics, L2 inside Adam instead of decoupled decay, ...) and names the mistake
it recognises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import as_array, as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["l2_penalty", "adam_decay", "standardize", "adamw_step"]


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _show(value: float | None) -> str:
    return "nothing usable" if value is None else f"{value:.6g}"


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: the penalty
# ----------------------------------------------------------------------------------------------------------

# Two arrays, like [W, b]: squares 1 + 4 + 9 + 0.25 (W) and 0.25 + 1 (b), 15.5 in all.
_PARAMS = [np.array([[1.0, -2.0], [3.0, 0.5]], dtype=np.float32), np.array([0.5, -1.0], dtype=np.float32)]
_LAM = 0.2


def _penalty_variants(params: list[np.ndarray], lam: float) -> dict[str, tuple[float, str]]:
    """Likely wrong penalties -> (value, hint)."""
    squares = [float(np.sum(p.astype(np.float64) ** 2)) for p in params]
    total = sum(squares)
    n = sum(p.size for p in params)
    return {
        "no half": (lam * total, "that is lam * sum(w**2); the penalty has a 1/2 in front, (lam / 2) * sum(w**2), "
                                 "so that its gradient is exactly lam * w"),
        "first only": (lam / 2 * squares[0], "you counted only the first array; sum the squares over *every* array "
                                             "in `params` (the biases too)"),
        "last only": (lam / 2 * squares[-1], "you counted only the last array; sum the squares over every array "
                                             "in `params`"),
        "norm": (lam / 2 * np.sqrt(total), "that is (lam / 2) * |w|, the length; the penalty uses the *squared* "
                                           "length, the sum of w**2"),
        "norms per array": (lam / 2 * sum(np.sqrt(s) for s in squares),
                            "you added the lengths of the arrays; add their *squared* entries instead"),
        "abs": (lam / 2 * sum(float(np.sum(np.abs(p))) for p in params),
                "that is the L1 penalty, sum |w|; L2 squares each weight: sum(w**2)"),
        "mean": (lam / 2 * total / n, "you took the mean of the squares; the penalty is their *sum*"),
        "means per array": (lam / 2 * sum(float(np.mean(p.astype(np.float64) ** 2)) for p in params),
                            "you added the *means* of each array's squares; the penalty adds the squares themselves "
                            "(np.sum, not np.mean)"),
        "no lam": (total / 2, "the penalty is multiplied by lam"),
    }


@exercise(hint="lam / 2 * sum(np.sum(p**2) for p in params)")
def l2_penalty(l2_penalty_fn: Any) -> Any:
    """Exercise "The penalty": ``l2_penalty(params, lam)`` -> (lam / 2) * sum of all squared entries."""
    expected = _LAM / 2 * sum(float(np.sum(p.astype(np.float64) ** 2)) for p in _PARAMS)
    got = expect_value(as_number(call(l2_penalty_fn, [p.copy() for p in _PARAMS], _LAM)),
                       "`l2_penalty` should return one number, the penalty (a float)")
    if not close(got, expected, 1e-5):
        for value, message in _penalty_variants(_PARAMS, _LAM).values():
            expect(not close(got, value, 1e-5), f"you returned {got:.6g}: {message}")
        return hint(f"for W = [[1, -2], [3, 0.5]], b = [0.5, -1] and lam = {_LAM} the penalty is "
                    f"{_LAM} / 2 * 15.5 = {expected:g}; you returned {got:.6g}")
    zero = as_number(call(l2_penalty_fn, [p.copy() for p in _PARAMS], 0.0))
    expect(zero is not None and close(zero, 0.0), f"with lam = 0 the penalty is 0, you returned {_show(zero)}; "
                                                  "does your function use its `lam` argument?")
    from ..gradcheck import numerical_gradient

    rng = np.random.default_rng(20)
    w, lam = rng.normal(size=(3, 4)), 0.3
    measured = numerical_gradient(lambda a: float(l2_penalty_fn([a], lam)), w)
    error = float(np.max(np.abs(measured - lam * w)))
    expect(error < 1e-6, f"your penalty's finite-difference gradient differs from `lam * w` by {error:.2g}; "
                         "does it work for arrays of any shape?")
    return passed(f"your penalty is {got:g} on the test arrays, and its gradient, measured by finite differences, "
                  f"is `lam * w` (largest difference {error:.1e}): exactly what `weight_decay` adds")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: predict, a ten times stronger decay in Adam
# ----------------------------------------------------------------------------------------------------------

_ADAM_LR, _STEPS, _SMALL, _LARGE = 0.01, 10, 0.01, 0.1


def _adam_drop(lam: float, steps: int = _STEPS) -> float:
    """1 - w after ``steps`` steps of mlp.optim.Adam(lr=0.01, weight_decay=lam) from w = 1 with zero gradient."""
    from ..optim import Adam

    w = np.array([1.0])
    optimizer = Adam(lr=_ADAM_LR, weight_decay=lam)
    for _ in range(steps):
        optimizer.step([w], [np.zeros(1)])
    return float(1.0 - w[0])


def _sgd_drop(lam: float, steps: int = _STEPS) -> float:
    return float(1.0 - (1.0 - _ADAM_LR * lam) ** steps)


_PREDICTIONS = {
    "10 times larger": "10 times larger", "ten times larger": "10 times larger", "larger": "10 times larger",
    "about the same": "about the same", "the same": "about the same", "same": "about the same",
    "10 times smaller": "10 times smaller", "ten times smaller": "10 times smaller", "smaller": "10 times smaller",
}


@exercise(hint="w = np.array([1.0]); opt = mlp.optim.Adam(lr=0.01, weight_decay=lam); "
               "10 times opt.step([w], [np.zeros(1)]); return 1 - w[0]")
def adam_decay(my_prediction: Any, adam_drop_fn: Any) -> Any:
    """Exercise "Predict: a ten times stronger decay in Adam": a prediction and ``adam_drop(lam)`` -> 1 - w."""
    said = expect_value(_PREDICTIONS.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        'set `my_prediction` to "10 times larger", "about the same" or "10 times smaller", '
                        f"got {my_prediction!r}")
    small, large = _adam_drop(_SMALL), _adam_drop(_LARGE)
    got_small, got_large = as_number(call(adam_drop_fn, _SMALL)), as_number(call(adam_drop_fn, _LARGE))
    not_numbers = "`adam_drop(lam)` should return one number, 1 - w after the 10 steps"
    got_small, got_large = expect_value(got_small, not_numbers), expect_value(got_large, not_numbers)
    pairs = (got_small, got_large)
    expect(not close(pairs, (_sgd_drop(_SMALL), _sgd_drop(_LARGE)), 1e-4),
           "those are SGD's drops, 1 - (1 - lr * lam)**10; use mlp.optim.Adam(lr=0.01, weight_decay=lam)")
    expect(not close(pairs, (1 - small, 1 - large), 1e-6),
           "those are the weights after 10 steps; the drop is 1 - w")
    expect(not close(pairs, (_adam_drop(_SMALL, 1), _adam_drop(_LARGE, 1)), 1e-6),
           "those are the drops after one step; take 10 steps with the same optimizer")
    for got, want, lam in ((got_small, small, _SMALL), (got_large, large, _LARGE)):
        expect(close(got, want, 1e-6), f"adam_drop({lam}) should be {want:.6f}, you returned {got:.6g}; "
                                       "start from w = np.array([1.0]), use weight_decay=lam and pass a zero "
                                       "gradient to `step`")
    ratio = large / small
    story = (f"the drops are {small:.5f} (lam = 0.01) and {large:.5f} (lam = 0.1), a ratio of {ratio:.3f}; "
             f"SGD with the same settings would drop {_sgd_drop(_SMALL):.5f} and {_sgd_drop(_LARGE):.5f}")
    why = ("Adam divides the gradient λ·w by the root of its own average square, so λ cancels and each "
           "step moves w by about the learning rate. That is why L2 in Adam is not weight decay, and why AdamW "
           "shrinks the weights outside Adam's division")
    if said == "about the same":
        return passed(f"{story}. About the same, as you predicted. {why}.")
    return passed(f"{story}. You predicted {said!r}, but it is about the same: {why}.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: standardize with the training statistics
# ----------------------------------------------------------------------------------------------------------

# Column 0 ordinary, column 1 on a large scale, column 2 constant in training (std 0) but not in x_other.
_X_TRAIN = np.array([[1.0, 10.0, 5.0], [2.0, 20.0, 5.0], [3.0, 60.0, 5.0], [6.0, 30.0, 5.0]])
_X_OTHER = np.array([[4.0, 0.0, 7.0], [0.0, 100.0, 5.0], [9.0, 45.0, 4.0]])


def _standardized(x: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return (x - mean) / std


def _safe(std: np.ndarray) -> np.ndarray:
    return np.where(std == 0, 1.0, std)


@exercise(hint="mean = x_train.mean(axis=0); std = x_train.std(axis=0); std = np.where(std == 0, 1.0, std); "
               "return (x_train - mean) / std, (x_other - mean) / std")
def standardize(standardize_fn: Any) -> Any:
    """Exercise "Standardize with the training statistics": ``standardize(x_train, x_other)`` -> (z_train, z_other)."""
    x_train, x_other = _X_TRAIN.copy(), _X_OTHER.copy()
    def run() -> Any:  # call() copies array arguments; here we pass none, to see whether the inputs change
        return standardize_fn(x_train, x_other)

    run.__name__ = getattr(standardize_fn, "__name__", "standardize")
    result = call(run)
    expect(np.array_equal(x_train, _X_TRAIN) and np.array_equal(x_other, _X_OTHER),
           "your function changed its input arrays in place (e.g. `x -= mean`); compute new arrays instead")
    expect(isinstance(result, (tuple, list)) and len(result) == 2,
           "`standardize` should return two arrays, (z_train, z_other)")
    z_train, z_other = as_array(result[0]), as_array(result[1])
    not_arrays = "`standardize` should return two arrays of numbers"
    z_train, z_other = expect_value(z_train, not_arrays), expect_value(z_other, not_arrays)
    expect(z_train.shape == _X_TRAIN.shape and z_other.shape == _X_OTHER.shape,
           f"z_train should have the shape of x_train {_X_TRAIN.shape} and z_other that of x_other "
           f"{_X_OTHER.shape}; got {z_train.shape} and {z_other.shape}")
    got = np.concatenate([z_train, z_other])
    mean, std = _X_TRAIN.mean(axis=0), _X_TRAIN.std(axis=0)

    def both(m: np.ndarray, s: np.ndarray, other_m: np.ndarray | None = None,
             other_s: np.ndarray | None = None) -> np.ndarray:
        other_m = m if other_m is None else other_m
        other_s = s if other_s is None else other_s
        return np.concatenate([_standardized(_X_TRAIN, m, s), _standardized(_X_OTHER, other_m, other_s)])

    expected = both(mean, _safe(std))
    if close(got, expected, 1e-6):
        return passed("both arrays are standardized with the training mean and standard deviation, and the "
                      "constant column is shifted without dividing by 0")
    ddof1 = _X_TRAIN.std(axis=0, ddof=1)
    if close(got, both(mean, _safe(ddof1)), 1e-6):
        return passed("standardized with the training statistics, constant column handled. You used the sample "
                      "standard deviation (ddof=1); the chapter uses np.std's default (ddof=0). Either standardizes; "
                      "just use the same one everywhere")
    expect(np.all(np.isfinite(got)),
           "your result has NaN or inf: the third column is constant in x_train, so its std is 0; "
           "divide by 1 there instead (np.where(std == 0, 1.0, std))")
    own = _X_OTHER.std(axis=0)
    expect(not close(z_other, _standardized(_X_OTHER, _X_OTHER.mean(axis=0), _safe(own)), 1e-6),
           "z_other is standardized with x_other's *own* mean and std; use the training statistics for both, "
           "exactly as the chapter's basket of big tangerines shows")
    pooled = np.concatenate([_X_TRAIN, _X_OTHER])
    expect(not close(got, both(pooled.mean(axis=0), _safe(pooled.std(axis=0))), 1e-6),
           "you computed the statistics on both arrays together; that leaks x_other into the model. Use x_train's "
           "statistics only")
    expect(not close(got, both(np.zeros(3), _safe(std)), 1e-6), "you divided by the std but did not subtract the mean")
    expect(not close(got, both(mean, np.ones(3)), 1e-6), "you subtracted the mean but did not divide by the std")
    expect(not close(got, both(mean, _safe(std**2)), 1e-6),
           "you divided by the variance; divide by the standard deviation, its square root")
    expect(not close(got, both(np.full(3, _X_TRAIN.mean()), np.full(3, _X_TRAIN.std())), 1e-6),
           "you used one mean and one std for the whole array; standardize each column (feature) separately: "
           "axis=0")
    expect(close(z_train, expected[: len(_X_TRAIN)], 1e-6),
           "z_train is not right: subtract x_train.mean(axis=0) and divide by x_train.std(axis=0) (1 where it is 0)")
    return hint("z_train is right but z_other is not; standardize x_other with the same training mean and std")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: AdamW by hand
# ----------------------------------------------------------------------------------------------------------

_W_LR, _W_DECAY, _B1, _B2, _EPS = 0.1, 0.5, 0.9, 0.999, 1e-8


def _adamw_gradients() -> list[np.ndarray]:
    """Five steps of loss gradients for three weights: ordinary, tiny, and of the opposite sign to the weight."""
    rng = np.random.default_rng(2020)
    grads = rng.normal(0.2, 1.0, size=(5, 3))
    grads[:, 1] *= 1e-3
    return list(grads)


_W0 = np.array([1.5, -2.0, 0.7])


def _reference_path() -> np.ndarray:
    """The weights after each step of AdamW, computed as PyTorch does: shrink, then mlp.optim.Adam's step."""
    from ..optim import Adam

    optimizer = Adam(lr=_W_LR, betas=(_B1, _B2), eps=_EPS)
    w, path = _W0.copy(), []
    for g in _adamw_gradients():
        w *= 1 - _W_LR * _W_DECAY
        optimizer.step([w], [g])
        path.append(w.copy())
    return np.array(path)


def _variant_path(kind: str) -> np.ndarray:
    """The weights after each step for a likely mistake (written out in NumPy)."""
    w, m, v, path = _W0.copy(), np.zeros(3), np.zeros(3), []
    for t, g in enumerate(_adamw_gradients(), start=1):
        if kind == "L2 in the gradient":
            g = g + _W_DECAY * w
        if kind == "decay before, without lr":
            w = w * (1 - _W_DECAY)
        elif kind not in ("decay after", "no decay", "L2 in the gradient"):
            w = w * (1 - _W_LR * _W_DECAY)
        m = _B1 * m + (1 - _B1) * g
        v = _B2 * v + (1 - _B2) * g * g
        tt = 1 if kind == "t = 1 always" else t
        c1, c2 = (1.0, 1.0) if kind == "no bias correction" else (1 - _B1**tt, 1 - _B2**tt)
        if kind == "eps inside the root":
            step = (m / c1) / np.sqrt(v / c2 + _EPS)
        else:
            step = (m / c1) / (np.sqrt(v / c2) + _EPS)
        w = w - _W_LR * step
        if kind == "decay after":
            w = w * (1 - _W_LR * _W_DECAY)
        path.append(w.copy())
    return np.array(path)


_ADAMW_MISTAKES = {
    "L2 in the gradient": "you added weight_decay * w to the gradient: that is L2 inside Adam (mlp's and PyTorch's "
                          "Adam), the very thing AdamW avoids. Shrink w directly, w * (1 - lr * weight_decay), and "
                          "give m and v the loss gradient g only",
    "no decay": "your steps are plain Adam: the weights are never shrunk. Start with w = w * (1 - lr * weight_decay)",
    "decay before, without lr": "you shrank by (1 - weight_decay); PyTorch's AdamW shrinks by (1 - lr * weight_decay)",
    "decay after": "you shrank the weight *after* the Adam step; PyTorch shrinks first, w * (1 - lr * weight_decay), "
                   "then subtracts the Adam step (the two orders differ by lr * weight_decay * step)",
    "no bias correction": "the steps match AdamW without bias correction: divide m by 1 - b1**t and v by 1 - b2**t",
    "t = 1 always": "the bias correction should use this step's number t (1, 2, 3, ...), not always 1",
    "eps inside the root": "eps goes after the root, sqrt(v_hat) + eps, as in mlp and PyTorch, not inside it; it "
                           "matters for the tiny gradients of the second weight",
}


@exercise(hint="w = w * (1 - lr * weight_decay); m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g**2; "
               "w = w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps); return w, m, v")
def adamw_step(adamw_step_fn: Any) -> Any:
    """Exercise "Decoupled weight decay by hand": ``adamw_step(w, g, m, v, t, lr, weight_decay)`` -> (w, m, v)."""
    expected = _reference_path()
    w, m, v = _W0.copy(), np.zeros(3), np.zeros(3)
    got_points = []
    for t, g in enumerate(_adamw_gradients(), start=1):
        result = call(adamw_step_fn, w, g, m, v, t, _W_LR, _W_DECAY)
        expect(isinstance(result, (tuple, list)) and len(result) == 3,
               "`adamw_step` should return three arrays, (w, m, v), the new values after the step")
        parts = [as_array(part) for part in result]
        not_arrays = "`adamw_step` should return three arrays of numbers"
        w, m, v = (expect_value(part, not_arrays) for part in parts)
        expect(w.shape == (3,) and m.shape == (3,) and v.shape == (3,),
               f"the returned arrays should have the shape of w, (3,); got {w.shape}, {m.shape}, {v.shape}")
        expect(np.all(np.isfinite(w)), f"step {t} gave NaN or inf; at t = 1 divide by 1 - b**1, not 1 - b**0 = 0")
        got_points.append(w.copy())
    got_path = np.array(got_points)
    if close(got_path, expected, 1e-6):
        difference = float(np.max(np.abs(got_path - expected)))
        return passed(f"your five AdamW steps match mlp.optim.Adam with the decoupled shrink in front (largest "
                      f"difference {difference:.1e}); the decay never touches m and v")
    for kind, message in _ADAMW_MISTAKES.items():
        if close(got_path, _variant_path(kind), 1e-6):
            return hint(message)
    if close(got_path[0], expected[0], 1e-6):
        return hint("your first step is right but later ones are not: return the *updated* m and v (in the order "
                    "w, m, v) so that the next call continues from them")
    return hint("compare your step with the three lines of the exercise: shrink w by (1 - lr * weight_decay), update "
                "m and v with g, then subtract lr * m_hat / (sqrt(v_hat) + eps)")
