"""Write a chapter notebook from readable cell sources: the shared part of every chapter generator.

A generator (``chNN.py`` beside this file) reads like the chapter itself::

    from _chapter import Chapter

    ch = Chapter(1, "01-tangerines")
    ch.md("# Sorting tangerines ...")
    ch.setup_cell()
    ch.code("import numpy as np")
    ch.exercise("count_errors", "Count the mistakes", "Write ...", solution="...", check="check.count_errors(...)")
    ch.write()

Run it from the repository root (``python scripts/build_notebooks/ch01.py``); the notebook is written without
outputs or execution counts and with stable cell ids, so regenerating an unchanged chapter changes nothing.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mlp.course import setup_cell_source

ROOT = Path(__file__).resolve().parents[2]
DIFFICULTIES = ("warm-up", "practice", "challenge")


class Chapter:
    """Collects the cells of chapter ``number`` and writes ``notebooks/<stem>.ipynb``."""

    def __init__(self, number: int, stem: str) -> None:
        self.number = number
        self.stem = stem
        self.cells: list[nbformat.NotebookNode] = []

    def md(self, text: str) -> None:
        """Append a markdown cell (the text is dedented and stripped)."""
        self.cells.append(new_markdown_cell(textwrap.dedent(text).strip("\n")))

    def code(self, text: str, *, tags: tuple[str, ...] = ()) -> None:
        """Append a code cell without outputs (the source is dedented and stripped)."""
        cell = new_code_cell(textwrap.dedent(text).strip("\n"))
        if tags:
            cell.metadata["tags"] = list(tags)
        self.cells.append(cell)

    def setup_cell(self) -> None:
        """The Colab set-up cell, exactly as ``python -m mlp.course setup-cell`` prints it."""
        self.code(setup_cell_source(ROOT / "_config.yml").rstrip("\n"))

    def exercise(self, name: str, title: str, text: str, solution: str, check: str, *,
                 difficulty: str | None = None) -> None:
        """Append one exercise in the format of ARCHITECTURE.md.

        {exercise} markdown, {solution-start} markdown (a dropdown), the solution code cell tagged
        ``solution`` with the answer between the BEGIN/END markers, {solution-end}, and the check cell.
        ``difficulty`` (one of DIFFICULTIES) is kept in the exercise cell's metadata for the instructors'
        table of exercises.
        """
        label = f"ex-ch{self.number:02d}-{name.replace('_', '-')}"
        self.md(f"````{{exercise}} {title}\n:label: {label}\n\n{textwrap.dedent(text).strip()}\n````")
        if difficulty is not None:
            if difficulty not in DIFFICULTIES:
                raise ValueError(f"difficulty must be one of {DIFFICULTIES}, got {difficulty!r}")
            self.cells[-1].metadata["difficulty"] = difficulty
        self.md(f"```{{solution-start}} {label}\n:class: dropdown\n```")
        self.code(solution, tags=("solution",))
        self.md("```{solution-end}\n```")
        self.code(check)

    def write(self, out_dir: str | Path | None = None) -> Path:
        """Validate and write the notebook to ``out_dir`` (default ``notebooks/``, or ``--out DIR`` on the
        command line, which the tests use to compare a fresh generation with the committed notebook)."""
        if out_dir is None:
            parser = argparse.ArgumentParser(description=f"Write {self.stem}.ipynb from this script.")
            parser.add_argument("--out", type=Path, default=ROOT / "notebooks", help="folder to write into")
            out_dir = parser.parse_args().out
        notebook = new_notebook(cells=self.cells)
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        notebook.metadata["language_info"] = {"name": "python"}
        for index, cell in enumerate(notebook.cells):
            cell.id = f"ch{self.number:02d}-{index:02d}"
        nbformat.validate(notebook)
        out = Path(out_dir).resolve() / f"{self.stem}.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, out)
        shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
        print(f"wrote {shown} ({len(self.cells)} cells)")
        return out
