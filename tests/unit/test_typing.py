"""The library type-checks: ``mypy`` (configured in pyproject.toml) finds no error in ``mlp``.

That includes the chapter checks (``mlp/checks``): they inspect whatever a student returns, so they narrow it
first (``expect_value(as_number(value), "hint")`` gives a float or stops the check with the hint).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_finds_no_errors(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is in requirements.txt; install it to type-check the library")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
