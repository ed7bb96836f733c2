"""The real chapters' exercises, end to end, for every notebook listed in _toc.yml.

For each chapter:
- the notebook is well formed (clean, set-up cell first, every exercise with its solution and check cells);
- the instructor version (with solutions) passes every check: nbval runs each notebook with
  MLP_CHECKS_STRICT=1 (see the root conftest.py), so a failing check is an error there;
- the student edition (python -m mlp.course student-edition) runs top to bottom and every check says
  "⏳ Not done yet".
Chapters execute in a python3 kernel started in the notebook's folder, as the book build does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

from mlp import course  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CELL_TIMEOUT = 300  # seconds per cell; the book build allows 180, the CI machine may be slower


def _toc_notebooks() -> list:
    if not (REPO / "_toc.yml").is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason="no _toc.yml in the repository"), id="no-toc")]
    notebooks = course.toc_notebooks(REPO)
    if not notebooks:
        return [pytest.param(None, marks=pytest.mark.skip(reason="_toc.yml lists no chapter notebooks yet"),
                             id="no-chapters")]
    return [pytest.param(path, id=path.stem) for path in notebooks]


NOTEBOOKS = _toc_notebooks()


def _read(path: Path) -> nbformat.NotebookNode:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} is listed in _toc.yml but does not exist")
    return nbformat.read(path, as_version=4)


def _output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            parts.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts).strip()


def _execute(notebook: nbformat.NotebookNode, folder: Path, monkeypatch: pytest.MonkeyPatch, *,
             strict: bool, name: str) -> None:
    nbclient = pytest.importorskip("nbclient")
    # The kernel inherits this environment: it must import mlp from this checkout, plot headless, and be
    # strict (failed checks raise) only when asked.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    if strict:
        monkeypatch.setenv("MLP_CHECKS_STRICT", "1")
    else:
        monkeypatch.delenv("MLP_CHECKS_STRICT", raising=False)
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as error:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # the kernel's traceback comes in colour
        pytest.fail(f"{name} stopped with an error:\n{plain}", pytrace=False)


def _exercise_checks(notebook: nbformat.NotebookNode, name: str) -> list[int]:
    checks = course.check_cells(notebook)
    if not checks:
        pytest.skip(f"{name} has no exercise checks")
    return checks


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_is_well_formed(path: Path) -> None:
    _read(path)
    setup = course.setup_cell_source(REPO / "_config.yml")
    problems = course.check_notebook(path, setup)
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS)
def test_student_edition_runs_and_every_check_says_not_done(path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    student = course.student_notebook(_read(path), name=path.name)
    checks = _exercise_checks(student, path.name)
    _execute(student, path.parent, monkeypatch, strict=False, name=f"the student edition of {path.name}")
    for index in checks:
        text = _output_text(student.cells[index])
        assert text.startswith("⏳ Not done yet:"), (
            f"student edition of {path.name}, cell {index} ({student.cells[index].source.strip()!r}) "
            f"says: {text or 'nothing'}")
