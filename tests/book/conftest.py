"""The built book, shared by the build test and the browser test: built once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"


def _jupyter_book() -> str:
    exe = Path(sys.executable).with_name("jupyter-book")
    found = str(exe) if exe.exists() else shutil.which("jupyter-book")
    if found is None:
        pytest.skip("jupyter-book is not installed in this environment (pip install -r requirements.txt)")
    return found


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the whole book once per session, exactly as `make book` does."""
    # The kernels must use the notebook (inline) backend, or the pages would have no figures: drop any
    # MPLBACKEND that a test run or a shell set (Agg makes plt.show() display nothing).
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    result = subprocess.run(
        [_jupyter_book(), "build", str(ROOT), "--all", "-W", "-n", "--keep-going"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800, env=env,
    )
    log = result.stdout + result.stderr
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "build.log").write_text(log)
    if result.returncode != 0:
        warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
        pytest.fail("book build failed:\n" + "\n".join(warnings[:40] or log.splitlines()[-40:]))
    return HTML
