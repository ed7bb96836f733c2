"""Tests of mlp.checks._core: one clear line per check, never a traceback, strict mode, helpers."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import mlp.checks
from mlp.checks import _core
from mlp.checks._core import (
    CheckResult,
    call,
    close,
    exercise,
    expect,
    expect_shape,
    expect_value,
    hint,
    not_done,
    passed,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def not_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLP_CHECKS_STRICT", raising=False)


@exercise(hint="add the two numbers")
def check_add(add_fn):
    """Exercise: add(a, b) returns a + b."""
    got = call(add_fn, 2, 3)
    expect(close(got, 5), f"add(2, 3) should be 5, got {got!r}")
    return passed("add works")


@exercise
def check_value(value):
    expect(value.shape == (2,), "value should have two entries")  # .shape breaks on a plain number
    return passed("right shape")


# --------------------------------------------------------------------------------------------------------
# The one line
# --------------------------------------------------------------------------------------------------------


def test_verdicts_read_as_one_line() -> None:
    assert repr(passed("well done")) == "✅ Correct: well done"
    assert str(hint("try again")) == "❌ Not yet: try again"
    assert repr(not_done()).startswith("⏳ Not done yet: replace the `...`")
    assert "# YOUR CODE HERE" in repr(not_done())
    assert bool(passed("x")) and not hint("x") and not not_done()


def test_result_html_is_a_coloured_escaped_box() -> None:
    result = hint("use <b> & not >=")
    result.name = "count_errors"
    html = result._repr_html_()
    assert "#c62828" in html and "&lt;b&gt; &amp; not &gt;=" in html and 'title="exercise count_errors"' in html
    assert "#2e7d32" in passed("ok")._repr_html_() and "#ef6c00" in not_done()._repr_html_()


def test_result_html_shows_code_and_emphasis_but_not_arithmetic_stars() -> None:
    message = "`fn` used the *old* v; 2 * (1 + mu) and mu**k stay as they are, `a*b` too, <i> is text"
    html = hint(message)._repr_html_()
    assert "<code>fn</code> used the <em>old</em> v" in html
    assert "2 * (1 + mu) and mu**k stay" in html and "<code>a*b</code>" in html and "&lt;i&gt; is text" in html
    assert hint(message).line.endswith(message)  # the plain-text line keeps the marks


def test_result_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="status must be one of"):
        CheckResult("maybe", "x")
    with pytest.raises(TypeError, match="message must be a str"):
        CheckResult("passed", 42)  # type: ignore[arg-type]


def test_a_check_prints_exactly_one_line(capsys: pytest.CaptureFixture) -> None:
    result = check_add(lambda a, b: a + b)
    assert capsys.readouterr().out == "✅ Correct: add works\n"
    assert result and result.name == "check_add" and check_add.__doc__.startswith("Exercise")


@pytest.mark.parametrize(
    "answer, line",
    [
        (..., "⏳ Not done yet: replace the `...`"),
        (None, "⏳ Not done yet: replace the `...`"),
        (lambda a, b: a - b, "❌ Not yet: add(2, 3) should be 5, got -1"),
        (42, "❌ Not yet: expected a function here, got int 42"),
    ],
)
def test_unfinished_and_wrong_answers(answer, line: str, capsys) -> None:
    result = check_add(answer)
    assert not result and repr(result).startswith(line)
    assert capsys.readouterr().out.count("\n") == 1


def test_not_implemented_means_not_done_and_names_the_function(capsys) -> None:
    def add(a, b):
        # YOUR CODE HERE
        raise NotImplementedError()

    result = check_add(add)
    assert result.status == "not done"
    assert repr(result) == (
        "⏳ Not done yet: write your code in `add` where it says # YOUR CODE HERE, then run that cell again")


def test_a_function_returning_nothing_is_not_done(capsys) -> None:
    def add(a, b):
        a + b  # forgot return

    assert repr(check_add(add)) == "⏳ Not done yet: `add` returned None; finish it and `return` the result"

    def add_stub(a, b):
        return ...

    assert "returned `...`" in repr(check_add(add_stub))


def test_an_exception_in_student_code_is_one_line_with_the_hint(capsys) -> None:
    def add(a, b):
        return a + "b"

    result = check_add(add)
    assert repr(result) == ("❌ Your code raised TypeError: unsupported operand type(s) for +: 'int' and 'str'. "
                            "Hint: add the two numbers")
    assert "Traceback" not in capsys.readouterr().out


def test_an_answer_that_breaks_the_check_is_reported_not_raised(capsys) -> None:
    result = check_value(3.0)
    assert repr(result) == ("❌ Not yet: your answer could not be checked "
                            "(AttributeError: 'float' object has no attribute 'shape')")
    assert check_value(np.zeros(2))


def test_a_check_that_returns_no_verdict_is_a_bug_in_the_check() -> None:
    @exercise
    def broken(value):
        return True

    with pytest.raises(TypeError, match="must return passed"):
        broken(1)


def test_exercise_decorator_rejects_bad_arguments() -> None:
    with pytest.raises(TypeError, match="hint must be a str"):
        exercise(hint=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="decorates a function"):
        exercise(hint="x")(42)
    with pytest.raises(TypeError, match="message must be a str"):
        expect(True, 42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------------
# Strict mode
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [..., lambda a, b: a * b, lambda a, b: a / "x"])
def test_strict_mode_raises_with_the_same_message(answer, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MLP_CHECKS_STRICT", "1")
    with pytest.raises(AssertionError) as raised:
        check_add(answer)
    assert str(raised.value) == capsys.readouterr().out.strip()  # the line is shown, then raised


@pytest.mark.parametrize("value, strict", [("1", True), ("true", True), ("0", False), ("", False)])
def test_strict_mode_reads_the_environment(value: str, strict: bool, monkeypatch) -> None:
    monkeypatch.setenv("MLP_CHECKS_STRICT", value)
    assert _core.is_strict() is strict


def test_strict_mode_lets_a_correct_answer_through(monkeypatch, capsys) -> None:
    monkeypatch.setenv("MLP_CHECKS_STRICT", "1")
    assert check_add(lambda a, b: a + b)


# --------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------


def test_close_compares_numbers_and_arrays_with_tolerance() -> None:
    assert close(0.1 + 0.2, 0.3)
    assert close(1e6 + 0.5, 1e6)  # relative for large values: |diff| <= tol * |expected|
    assert not close(1.0 + 1e-3, 1.0)
    assert close(1.0 + 1e-3, 1.0, tol=1e-2)
    assert close(np.array([1, 2]), [1.0, 2.0])
    assert close(np.array([3]), 3) and close(np.float32(2.5), 2.5)
    assert close(np.inf, np.inf)


@pytest.mark.parametrize("actual", ["3", [1, 2], np.array([[3]] * 2), float("nan"), object(), [1, [2, 3]]])
def test_close_answers_false_instead_of_raising(actual) -> None:
    assert close(actual, 3) is False


def test_close_checks_its_tolerance() -> None:
    with pytest.raises(ValueError, match="tol must be >= 0"):
        close(1, 1, tol=-1)
    with pytest.raises(TypeError, match="tol must be a non-negative number"):
        close(1, 1, tol="small")


def test_expect_shape(capsys) -> None:
    @exercise
    def check_probs(probs):
        array = expect_shape(probs, (None, 3), "probs")
        return passed(f"{array.shape[0]} rows")

    assert repr(check_probs(np.zeros((5, 3)))) == "✅ Correct: 5 rows"
    assert repr(check_probs(np.zeros((3, 5)))) == "❌ Not yet: `probs` should have shape (any, 3), got (3, 5)"
    assert repr(check_probs(np.zeros(3))) == "❌ Not yet: `probs` should have shape (any, 3), got (3,)"
    assert "should be an array of shape" in repr(check_probs([[1, 2], [3]]))
    with pytest.raises(TypeError, match="shape must hold ints or None"):
        expect_shape(np.zeros(2), ("2",), "x")  # type: ignore[arg-type]


def test_expect_value_passes_the_value_through(capsys) -> None:
    @exercise
    def check_number(value):
        got = expect_value(_core.as_number(value), "`value` should be one number")
        return passed(f"got {got + 1:g} after adding 1")  # got is a float here, for mypy too

    assert repr(check_number(2.5)) == "✅ Correct: got 3.5 after adding 1"
    assert repr(check_number("3")) == "❌ Not yet: `value` should be one number"
    assert repr(check_number([1.0, 2.0])) == "❌ Not yet: `value` should be one number"
    marker = object()
    assert expect_value(marker, "unused") is marker


@pytest.mark.parametrize("value", [0, 0.0, False, "", [], np.zeros(0), np.zeros(3)])
def test_expect_value_stops_only_on_none(value) -> None:
    assert expect_value(value, "unused") is value  # falsy values and empty arrays are values, not missing


def test_expect_value_stops_the_check_with_the_hint_on_none(capsys) -> None:
    @exercise(hint="return the count")
    def check_count(value):
        expect_value(None if value < 0 else value, "the count cannot be negative")
        return passed("a count")

    result = check_count(-1)
    assert result.status == "failed" and not result.crashed
    assert repr(result) == "❌ Not yet: the count cannot be negative"
    assert check_count(0)
    with pytest.raises(_core._Verdict) as raised:
        expect_value(None, "missing")
    assert repr(raised.value.result) == "❌ Not yet: missing"


def test_expect_value_rejects_a_message_that_is_not_text() -> None:
    with pytest.raises(TypeError, match="message must be a str"):
        expect_value(1.0, 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="message must be a str"):
        expect_value(None, None)  # type: ignore[arg-type]


def test_call_passes_copies_so_the_check_data_survives() -> None:
    data = np.arange(3.0)

    def mutating(x):
        x[:] = 0
        return x.sum()

    assert call(mutating, data) == 0
    np.testing.assert_array_equal(data, [0.0, 1.0, 2.0])


# --------------------------------------------------------------------------------------------------------
# Jupyter display and the lazy chapter modules
# --------------------------------------------------------------------------------------------------------


class FakeShell:
    execution_count = 4


def test_in_jupyter_a_check_shows_one_rich_box_and_no_second_echo(monkeypatch, capsys) -> None:
    pytest.importorskip("IPython")
    import IPython.display

    shown: list[dict] = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw=False: shown.append(data))
    shell = FakeShell()
    monkeypatch.setattr(_core, "_ipython_shell", lambda: shell)

    result = check_add(lambda a, b: a + b)
    assert capsys.readouterr().out == ""
    assert [set(d) for d in shown] == [{"text/plain", "text/html"}] and shown[0]["text/plain"] == repr(result)
    result._ipython_display_()  # IPython's echo of the cell's last expression: skipped
    assert len(shown) == 1
    shell.execution_count = 5  # shown again from a later cell: displayed
    result._ipython_display_()
    assert len(shown) == 2


def test_chapter_modules_are_imported_lazily(monkeypatch) -> None:
    monkeypatch.setattr(mlp.checks, "__path__", [*mlp.checks.__path__, str(FIXTURES)])
    monkeypatch.delitem(sys.modules, "mlp.checks.ch99", raising=False)
    try:
        assert "ch99" in mlp.checks.chapters() and "ch99" in dir(mlp.checks)
        assert "mlp.checks.ch99" not in sys.modules
        module = mlp.checks.ch99
        from mlp.checks import ch99

        assert ch99 is module and sys.modules["mlp.checks.ch99"] is module
        assert ch99.answer(np.array([4, 2]))
    finally:
        sys.modules.pop("mlp.checks.ch99", None)
        vars(mlp.checks).pop("ch99", None)


def test_unknown_chapter_modules_are_clear_errors() -> None:
    with pytest.raises(AttributeError, match="no chapter module 'ch77'"):
        mlp.checks.ch77
    with pytest.raises(AttributeError, match="has no attribute 'nonsense'"):
        mlp.checks.nonsense


def test_as_number_takes_one_real_number_and_nothing_else() -> None:
    from mlp.checks._core import as_number

    assert as_number(3) == 3.0 and as_number(np.float32(0.5)) == 0.5 and as_number(np.array([[2.0]])) == 2.0
    for not_a_number in ("3", b"3", True, np.bool_(False), None, [1, 2], np.zeros(0), object()):
        assert as_number(not_a_number) is None, not_a_number
    assert as_number(float("nan")) is None and as_number(float("inf")) is None
    assert as_number(float("inf"), inf=True) == float("inf")
    assert np.isnan(as_number(float("nan"), nan=True))


def test_as_array_takes_arrays_of_real_numbers_and_nothing_else() -> None:
    from mlp.checks._core import as_array

    np.testing.assert_array_equal(as_array([[1, 2], [3, 4]]), [[1.0, 2.0], [3.0, 4.0]])
    assert as_array(np.float32(0.5)).dtype == np.float64 and as_array([True, False]).tolist() == [1.0, 0.0]
    assert as_array([1.0, np.float32(2)]).tolist() == [1.0, 2.0]
    for not_numbers in ("3", b"3", None, ["1", "2"], [1.0, None], [[1, 2], [3]], [1j], object()):
        assert as_array(not_numbers) is None, not_numbers
