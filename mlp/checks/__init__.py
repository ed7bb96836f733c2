"""Exercise checks: one module per chapter (``ch01``, ``ch02``, ...) on a shared core.

In a notebook::

    from mlp.checks import ch01 as check
    check.count_errors(count_errors)     # ✅ Correct: ... / ❌ Not yet: ... / ⏳ Not done yet: ...

Chapter modules are imported lazily, on first use, so ``import mlp.checks`` stays cheap and
``mlp.checks.ch07`` works without importing the other chapters. The building blocks for writing a chapter's
checks (``exercise``, ``passed``, ``hint``, ``not_done``, ``expect``, ``expect_value``, ``call``, ``close``,
``expect_shape``) live in :mod:`mlp.checks._core` and are re-exported here.

For instructors: set ``MLP_CHECKS_STRICT=1`` (e.g. for ``nbgrader autograde``) and every check that is not
passed raises ``AssertionError`` with its message, so an autograded check cell fails.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

from ._core import (
    STRICT_ENV,
    CheckResult,
    call,
    close,
    exercise,
    expect,
    expect_shape,
    expect_value,
    hint,
    is_strict,
    not_done,
    passed,
)

__all__ = [
    "STRICT_ENV",
    "CheckResult",
    "call",
    "close",
    "exercise",
    "expect",
    "expect_shape",
    "expect_value",
    "hint",
    "is_strict",
    "not_done",
    "passed",
    "chapters",
]

_CHAPTER = re.compile(r"ch\d{2}")


def chapters() -> list[str]:
    """The names of the chapter check modules that exist (``["ch01", "ch02", ...]``), sorted."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if _CHAPTER.fullmatch(info.name))


def __getattr__(name: str) -> ModuleType:
    # Called only for attributes not found the usual way: import chapter modules on first access.
    if _CHAPTER.fullmatch(name):
        if name not in chapters():
            known = ", ".join(chapters()) or "none yet"
            raise AttributeError(f"mlp.checks has no chapter module {name!r} (available: {known})")
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(chapters()))
