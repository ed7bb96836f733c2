"""The shared machinery behind every exercise check.

A chapter's check module (``mlp/checks/ch01.py``, ...) is a list of small functions, one per exercise, each
wrapped by :func:`exercise`. A check reads like the sentence a teacher would say::

    from mlp.checks._core import call, close, exercise, expect, passed

    @exercise(hint="count the tangerines the rule puts in the wrong box")
    def count_errors(count_errors_fn):
        got = call(count_errors_fn, SIZES, LABELS, 7.5)
        expect(close(got, 3), f"the 7.5 cm rule makes 3 mistakes on this sample, you counted {got!r}")
        return passed("the 7.5 cm rule makes 3 mistakes on this sample")

and the notebook's check cell is one line, ``check.count_errors(count_errors)``. The check then shows ONE line:

    ✅ Correct: <what the student got right>
    ❌ Not yet: <a specific hint>
    ❌ Your code raised TypeError: <message>. Hint: <the exercise's hint>
    ⏳ Not done yet: <where to write the code>

It never shows a traceback: a student's ``...`` or ``None``, a function that still raises
``NotImplementedError``, or any exception from the student's code becomes one of those lines. The check returns
a :class:`CheckResult`, which is truthy when the answer is correct and displays as a coloured box in Jupyter.

Strict mode, for instructors: when the environment variable ``MLP_CHECKS_STRICT=1`` is set (for example while
``nbgrader autograde`` runs, or in CI over the solution notebooks), a check that is not passed also raises
``AssertionError`` with the same message, so the cell fails and the grader (or the test) notices. A check
cell can then serve as an nbgrader autograded test cell as it is.
"""

from __future__ import annotations

import functools
import html
import os
import re
import sys
from typing import Any, Callable, Sequence, TypeVar

import math

import numpy as np

from .._validate import _describe, check_nonnegative

__all__ = [
    "CheckResult",
    "STRICT_ENV",
    "exercise",
    "passed",
    "hint",
    "not_done",
    "expect",
    "expect_value",
    "call",
    "close",
    "as_number",
    "as_array",
    "expect_shape",
    "is_strict",
]

STRICT_ENV = "MLP_CHECKS_STRICT"

PASSED, FAILED, NOT_DONE = "passed", "failed", "not done"

NOT_DONE_MESSAGE = (
    "replace the `...` with your answer (or write your code where it says # YOUR CODE HERE), "
    "then run that cell again"
)

# status -> (icon and words that open the line, border colour, background colour)
_STYLE = {
    PASSED: ("✅ Correct:", "#2e7d32", "#e8f5e9"),
    FAILED: ("❌ Not yet:", "#c62828", "#ffebee"),
    NOT_DONE: ("⏳ Not done yet:", "#ef6c00", "#fff3e0"),
}

Check = TypeVar("Check", bound=Callable[..., Any])
T = TypeVar("T")


class CheckResult:
    """The verdict of one check: ``status`` ("passed", "failed" or "not done") and a one-line ``message``.

    ``bool(result)`` is True only when passed. ``repr`` is the plain line ("✅ Correct: ..."), and
    ``_repr_html_`` the same line in a coloured box, so a result that is the last expression of a cell shows
    itself in Jupyter (and in the static book).
    """

    def __init__(self, status: str, message: str, *, opener: str | None = None, name: str = "") -> None:
        if status not in _STYLE:
            raise ValueError(f"status must be one of {sorted(_STYLE)}, got {status!r}")
        if not isinstance(message, str):
            raise TypeError(f"message must be a str, got {_describe(message)}")
        self.status = status
        self.message = message.strip()
        self.name = name  # the exercise's name, filled in by @exercise
        # "❌ Your code raised TypeError:" replaces the usual "❌ Not yet:" when the student's code crashed
        self.opener = opener or _STYLE[status][0]
        self.crashed = False  # True when an exception, not a wrong value, failed the answer
        self._shown_in_cell: int | None = None

    @property
    def passed(self) -> bool:
        """True when the answer is correct."""
        return self.status == PASSED

    def __bool__(self) -> bool:
        return self.passed

    @property
    def line(self) -> str:
        """The one line a student reads: opener, then the message."""
        return f"{self.opener} {self.message}".rstrip()

    def __repr__(self) -> str:
        return self.line

    __str__ = __repr__

    def _repr_html_(self) -> str:
        _, border, background = _STYLE[self.status]
        title = f' title="exercise {html.escape(self.name)}"' if self.name else ""
        # Explicit text colour: the box must stay readable under a dark notebook theme.
        return (
            f'<div class="mlp-check mlp-check-{self.status.replace(" ", "-")}"{title} '
            f'style="border-left: 6px solid {border}; background: {background}; color: #1b1b1b; '
            f'padding: 0.5em 0.8em; margin: 0.3em 0; border-radius: 4px; font-family: sans-serif;">'
            f"<strong>{html.escape(self.opener)}</strong> {_inline_html(self.message)}</div>"
        )

    def _ipython_display_(self) -> None:
        # The check already showed this result when it ran (see _report); when the check call is also the
        # cell's last expression, IPython would show it a second time. Skip that echo, and only that one:
        # the same result displayed from a later cell shows again.
        shell = _ipython_shell()
        if shell is not None and self._shown_in_cell == shell.execution_count:
            return
        self._display_rich()

    def _display_rich(self) -> None:
        from IPython.display import display

        display({"text/plain": self.line, "text/html": self._repr_html_()}, raw=True)


_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
# *word* or *a few words*, but not the stars of a product (2 * x) or a power (mu**k).
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def _inline_html(message: str) -> str:
    """A message's `code` and *emphasis* as HTML (escaped first); the plain-text line keeps the marks."""
    pieces = _CODE_SPAN.split(html.escape(message, quote=False))
    return "".join(f"<code>{piece[1:-1]}</code>" if index % 2 else _EMPHASIS.sub(r"<em>\1</em>", piece)
                   for index, piece in enumerate(pieces))


# ----------------------------------------------------------------------------------------------------------
# Verdicts. A check returns one of these, or stops early with expect()/expect_value()/call() (they raise _Verdict).
# ----------------------------------------------------------------------------------------------------------


class _Verdict(Exception):
    """Carries a result out of the middle of a check (raised by expect, expect_value, call, expect_shape)."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__(result.line)
        self.result = result


def passed(message: str = "well done!") -> CheckResult:
    """The answer is right; ``message`` says what the student got right (shown after "✅ Correct:")."""
    return CheckResult(PASSED, message)


def hint(message: str) -> CheckResult:
    """The answer is wrong; ``message`` is a specific hint (shown after "❌ Not yet:")."""
    return CheckResult(FAILED, message)


def not_done(message: str = NOT_DONE_MESSAGE) -> CheckResult:
    """The exercise has not been attempted yet (shown after "⏳ Not done yet:")."""
    return CheckResult(NOT_DONE, message)


def expect(condition: Any, message: str) -> None:
    """Stop the check with ``hint(message)`` unless ``condition`` is true.

    Lets a check be a straight list of requirements, each with its own hint, instead of nested ifs.
    """
    if not isinstance(message, str):
        raise TypeError(f"message must be a str, got {_describe(message)}")
    if not bool(condition):
        raise _Verdict(hint(message))


def expect_value(value: T | None, message: str) -> T:
    """Stop the check with ``hint(message)`` if ``value`` is None; otherwise return it (narrowed for type checkers).

    The companion of :func:`expect` for the helpers that answer None when a student's value will not do
    (:func:`as_number`, :func:`as_array`, ...)::

        got = expect_value(as_number(value), "`loss` should be one number")

    reads like ``expect(got is not None, ...)`` and lets ``got`` be used as a number afterwards. Only None
    stops the check: 0, False and empty arrays are values like any other.
    """
    if not isinstance(message, str):
        raise TypeError(f"message must be a str, got {_describe(message)}")
    if value is None:
        raise _Verdict(hint(message))
    return value


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    line = text[0] if text else ""
    return line if len(line) <= 200 else line[:197] + "..."


def _is_unanswered(value: Any) -> bool:
    return value is ... or value is None


def call(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Call the student's ``function(*args, **kwargs)`` safely and return its value.

    NumPy array arguments are passed as copies, so a function that modifies its input in place cannot spoil
    the check's data. The check stops (via an internal exception that :func:`exercise` turns into one line):

    - "not done yet" if ``function`` is ``...``/None, raises ``NotImplementedError``, or returns ``...``;
      a function that returns None is also not done, with a reminder to ``return`` the result;
    - "❌ Your code raised <Error>: <message>" if it raises anything else;
    - "❌ Not yet" if ``function`` is not callable at all.
    """
    if _is_unanswered(function):
        raise _Verdict(not_done())
    name = getattr(function, "__name__", "your function")
    if not callable(function):
        raise _Verdict(hint(f"expected a function here, got {_describe(function)}"))
    args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    kwargs = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
    try:
        value = function(*args, **kwargs)
    except NotImplementedError:
        raise _Verdict(not_done(f"write your code in `{name}` where it says # YOUR CODE HERE, "
                                "then run that cell again")) from None
    except Exception as error:  # anything the student's code raised becomes one line, never a traceback
        result = CheckResult(FAILED, _first_line(error), opener=f"❌ Your code raised {type(error).__name__}:")
        result.crashed = True
        raise _Verdict(result) from None
    if value is ...:
        raise _Verdict(not_done(f"`{name}` returned `...`; replace the `...` with your code"))
    if value is None:
        raise _Verdict(not_done(f"`{name}` returned None; finish it and `return` the result"))
    return value


# ----------------------------------------------------------------------------------------------------------
# Comparisons that never raise on a student's odd value: they answer False instead.
# ----------------------------------------------------------------------------------------------------------


def as_array(value: Any) -> np.ndarray | None:
    """``value`` as a float64 array if it holds real numbers (booleans count as 0 and 1), else None.

    None, text ("3"), ragged lists, lists holding None and complex numbers are not arrays of numbers here.
    """
    if value is None or isinstance(value, (str, bytes)):
        return None
    try:
        array = np.asarray(value)
        if array.dtype == object:            # e.g. [1.0, np.float32(2)]; NumPy would make None a NaN
            if any(item is None or isinstance(item, (str, bytes)) for item in array.flat):
                return None
            array = array.astype(np.float64)
    except (TypeError, ValueError):          # ragged lists and the like
        return None
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        return None
    if np.issubdtype(array.dtype, np.complexfloating):
        return None
    return array.astype(np.float64)


def as_number(value: Any, *, nan: bool = False, inf: bool = False) -> float | None:
    """``value`` as a float if it is one real number (a 1-element array counts), else None.

    Text ("3"), booleans and None are not numbers here, whatever NumPy would make of them. NaN and infinity
    count only when ``nan`` / ``inf`` say so (a diverged loss may legitimately be infinite).
    """
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if array.size != 1:
        return None
    number = float(array.reshape(()))
    if (math.isnan(number) and not nan) or (math.isinf(number) and not inf):
        return None
    return number


def close(actual: Any, expected: Any, tol: float = 1e-6) -> bool:
    """True when ``actual`` matches ``expected`` elementwise within a tolerance.

    The test is ``|actual - expected| <= tol * max(1, |expected|)``: absolute for small values, relative for
    large ones. Works for numbers and arrays (same shape required, a 1-element array matches a number).
    Returns False, never raises, when ``actual`` is not numeric, has the wrong shape, or holds NaN.
    """
    tol = check_nonnegative(tol, "tol")
    a, e = as_array(actual), as_array(expected)
    if a is None or e is None:
        return False
    if a.shape != e.shape:
        if a.size == 1 and e.size == 1:
            a, e = a.reshape(()), e.reshape(())
        else:
            return False
    if not np.all(np.isfinite(a)):
        return bool(np.array_equal(a, e, equal_nan=True))  # inf == inf is fine, NaN never is
    return bool(np.all(np.abs(a - e) <= tol * np.maximum(1.0, np.abs(e))))


def expect_shape(value: Any, shape: Sequence[int | None], name: str) -> np.ndarray:
    """Stop the check with a hint unless ``value`` is an array of ``shape``; return it as an array.

    ``None`` in ``shape`` matches any length along that axis, e.g. ``(None, 10)`` for "n rows of 10".
    The hint names ``name`` and both shapes: "`probs` should have shape (4, 3), got (3, 4)".
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {_describe(name)}")
    wanted = tuple(shape)
    if any(s is not None and (isinstance(s, bool) or not isinstance(s, (int, np.integer))) for s in wanted):
        raise TypeError(f"shape must hold ints or None, got {wanted!r}")
    if _is_unanswered(value):
        raise _Verdict(not_done())
    try:
        array = np.asarray(value)
    except Exception:  # ragged lists and the like
        raise _Verdict(hint(f"`{name}` should be an array of shape {_shape_text(wanted)}, "
                            f"got {_describe(value)}")) from None
    fits = array.ndim == len(wanted) and all(w is None or w == s for w, s in zip(wanted, array.shape))
    if not fits:
        raise _Verdict(hint(f"`{name}` should have shape {_shape_text(wanted)}, got {array.shape}"))
    return array


def _shape_text(shape: tuple[int | None, ...]) -> str:
    inner = ", ".join("any" if s is None else str(int(s)) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


# ----------------------------------------------------------------------------------------------------------
# The decorator that turns a chapter's check function into a safe, one-line exercise check.
# ----------------------------------------------------------------------------------------------------------


def is_strict() -> bool:
    """True when ``MLP_CHECKS_STRICT`` is set to 1/true/yes: failed checks then raise AssertionError."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def exercise(check: Check | None = None, *, hint: str = "") -> Any:
    """Decorate a chapter's check function; use as ``@exercise`` or ``@exercise(hint="...")``.

    The check receives the student's answers as positional arguments and returns ``passed(...)``,
    ``hint(...)`` or ``not_done(...)`` (or stops early through :func:`expect`, :func:`expect_value`,
    :func:`call`, :func:`expect_shape`). The wrapper adds what every check needs:

    - an answer that is still ``...`` or None means "not done yet", before the check even runs;
    - a ``NotImplementedError`` anywhere means "not done yet";
    - an exception from the student's code (run through :func:`call`) becomes "❌ Your code raised
      <Error>: <message>", any other exception "❌ Not yet: your answer could not be checked (...)";
      both end with ``hint``;
    - the verdict is shown as one line (a coloured box in Jupyter) and returned as a :class:`CheckResult`;
    - in strict mode (``MLP_CHECKS_STRICT=1``) a verdict other than passed raises ``AssertionError``.

    ``hint`` is the exercise's general hint, appended when the student's code raised an exception.
    """
    if not isinstance(hint, str):
        raise TypeError(f"hint must be a str, got {_describe(hint)}")

    def decorate(function: Check) -> Check:
        if not callable(function):
            raise TypeError(f"@exercise decorates a function, got {_describe(function)}")

        @functools.wraps(function)
        def run_check(*answers: Any, **options: Any) -> CheckResult:
            result = _verdict(function, answers, options, hint)
            result.name = function.__name__
            _report(result)
            if is_strict() and not result.passed:
                raise AssertionError(result.line)
            return result

        return run_check  # type: ignore[return-value]

    return decorate(check) if check is not None else decorate


def _verdict(function: Callable[..., Any], answers: tuple, options: dict, general_hint: str) -> CheckResult:
    if any(_is_unanswered(answer) for answer in answers):
        return not_done()
    try:
        result = function(*answers, **options)
    except _Verdict as verdict:
        result = verdict.result
    except NotImplementedError:
        result = not_done()
    except Exception as error:  # the student's answer broke the check: say how, without a traceback
        result = hint(f"your answer could not be checked ({type(error).__name__}: {_first_line(error)})")
        result.crashed = True
    if not isinstance(result, CheckResult):  # a bug in the chapter's check, not the student's fault
        raise TypeError(f"the check {function.__name__} must return passed(...), hint(...) or not_done(...), "
                        f"got {_describe(result)}")
    if result.crashed and general_hint:  # an error message alone rarely says what to do next
        result.message = f"{result.message.rstrip('.')}. Hint: {general_hint}"
    return result


def _ipython_shell() -> Any:
    """The running IPython shell, or None (IPython is never imported here if the caller has not)."""
    if "IPython" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _report(result: CheckResult) -> None:
    """Show the verdict once: a rich display inside IPython/Jupyter, a printed line elsewhere."""
    shell = _ipython_shell()
    if shell is None:
        print(result.line, flush=True)
        return
    result._display_rich()
    result._shown_in_cell = shell.execution_count

