"""The repository as a whole: every chapter notebook is in the book, clean, and generated from its script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbformat")

from mlp import course  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
GENERATORS = sorted((REPO / "scripts" / "build_notebooks").glob("ch[0-9][0-9].py"))


def test_every_notebook_is_listed_in_the_toc_and_committed_clean() -> None:
    """No stray chapter, no stored outputs, the set-up cell first, exercises in the documented format."""
    report = course.check_notebooks(REPO)
    assert not report, "\n".join(f"{path}: {'; '.join(problems)}" for path, problems in report.items())


@pytest.mark.parametrize("generator", GENERATORS, ids=[g.stem for g in GENERATORS])
def test_notebook_matches_its_generator(generator: Path, tmp_path: Path) -> None:
    """Editing a notebook by hand instead of its generator script would be lost at the next regeneration."""
    result = subprocess.run([sys.executable, str(generator), "--out", str(tmp_path)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    written = list(tmp_path.glob("*.ipynb"))
    assert len(written) == 1, result.stdout
    committed = REPO / "notebooks" / written[0].name
    assert committed.is_file(), f"{generator.name} writes {written[0].name}, which is not in notebooks/"
    assert written[0].read_bytes() == committed.read_bytes(), (
        f"notebooks/{committed.name} differs from what {generator.name} writes: edit the script, then run "
        f"`python {generator.relative_to(REPO)}`")


def test_reproduction_report_is_assembled_from_the_chapters_rows() -> None:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_reproduction.py"), "--check"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
