"""Argument checks shared by the whole library.

Every public function checks its inputs here, so that a student's mistake surfaces as one clear sentence
naming the argument and what was expected, never as a NumPy traceback from deep inside.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

import numpy as np

__all__ = [
    "as_float_array",
    "as_label_array",
    "check_positive",
    "check_nonnegative",
    "check_in_range",
    "check_int",
    "check_choice",
    "check_same_length",
]


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def as_float_array(
    value: Any,
    name: str,
    *,
    ndim: int | Sequence[int] | None = None,
    dtype: Any = np.float32,
    allow_empty: bool = False,
    copy: bool = False,
) -> np.ndarray:
    """Return ``value`` as a finite floating array, or raise naming ``name``.

    ``ndim`` is the number of dimensions expected (an int or a collection of allowed ints).
    Integer and boolean input is accepted and converted; strings, objects and NaN/inf are rejected.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got {_describe(value)}")
    try:
        array = np.asarray(value)
    except Exception as error:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of numbers, got {_describe(value)}") from error
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must be an array of numbers, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got dtype {array.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            expected = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {expected}, got shape {array.shape}")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {array.shape}); expected at least one value")
    out = array.astype(dtype, copy=copy) if array.dtype != dtype else (array.copy() if copy else array)
    if out.size and not np.all(np.isfinite(out)):
        bad = int(np.size(out) - np.count_nonzero(np.isfinite(out)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); clean the data first")
    return out


def as_label_array(value: Any, name: str, *, n_classes: int | None = None) -> np.ndarray:
    """Return integer class labels as an int64 1-D array, checking the range ``0 <= y < n_classes``."""
    try:
        array = np.asarray(value)
    except Exception as error:
        raise TypeError(f"{name} must be a 1-D array of integer labels, got {_describe(value)}") from error
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of integer labels, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty; expected at least one label")
    if array.dtype == bool:
        array = array.astype(np.int64)
    if np.issubdtype(array.dtype, np.floating):
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise TypeError(f"{name} must hold whole-number class labels, got non-integer values")
    elif not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels, got dtype {array.dtype}")
    labels = array.astype(np.int64)
    if labels.min() < 0 or (n_classes is not None and labels.max() >= n_classes):
        upper = f"{n_classes - 1}" if n_classes is not None else "any"
        raise ValueError(
            f"{name} must be class labels in 0..{upper}, got values from {labels.min()} to {labels.max()}"
        )
    return labels


def check_positive(value: Any, name: str) -> float:
    """A finite number > 0 (learning rates, epsilons, scales)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise TypeError(f"{name} must be a positive number, got {_describe(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return float(value)


def check_nonnegative(value: Any, name: str) -> float:
    """A finite number >= 0 (weight decay, momentum)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise TypeError(f"{name} must be a non-negative number, got {_describe(value)}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return float(value)


def check_in_range(value: Any, name: str, low: float, high: float, *, inclusive: str = "left") -> float:
    """A number in an interval; ``inclusive`` is "both", "left", "right" or "neither"."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise TypeError(f"{name} must be a number, got {_describe(value)}")
    number = float(value)
    lo_ok = number >= low if inclusive in ("both", "left") else number > low
    hi_ok = number <= high if inclusive in ("both", "right") else number < high
    if not (lo_ok and hi_ok):
        left = "[" if inclusive in ("both", "left") else "("
        right = "]" if inclusive in ("both", "right") else ")"
        raise ValueError(f"{name} must be in {left}{low}, {high}{right}, got {value}")
    return number


def check_int(value: Any, name: str, *, minimum: int | None = None) -> int:
    """A whole number (not a bool), optionally at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_choice(value: Any, name: str, choices: Sequence[str]) -> str:
    """One of a fixed set of names (case-insensitive); the error lists the valid ones."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {sorted(choices)}, got {_describe(value)}")
    key = value.lower()
    if key not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(choices)}")
    return key


def check_same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    """Two arrays that pair up row by row (inputs and labels)."""
    if len(a) != len(b):
        raise ValueError(f"{a_name} has {len(a)} rows but {b_name} has {len(b)}; they must match")
