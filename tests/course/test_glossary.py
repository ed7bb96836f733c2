"""Every Korean term a chapter introduces is in the glossary, and the glossary is well formed."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

from mlp import course  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# "(정확도)" or "(정확도, a remark)": the Korean term is what opens the parentheses.
KOREAN_IN_PARENTHESES = re.compile(r"\(([\uac00-\ud7a3][\uac00-\ud7a3 ]*?)\s*[,)]")


def _extension():
    path = REPO / "book" / "_ext" / "course_glossary.py"
    spec = importlib.util.spec_from_file_location("course_glossary", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prose(notebook_path: Path) -> str:
    notebook = nbformat.read(notebook_path, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return re.sub(r"`[^`]*`", "", text)  # inline code is not prose


def test_glossary_terms_are_unique() -> None:
    terms = _extension().glossary_terms()
    assert len(terms) > 10
    duplicates = sorted({term for term in terms if terms.count(term) > 1})
    assert not duplicates, f"book/glossary.md defines these terms twice: {duplicates}"


@pytest.mark.parametrize("path", course.toc_notebooks(REPO), ids=lambda path: path.stem)
def test_every_korean_term_of_the_chapter_is_in_the_glossary(path: Path) -> None:
    known = _extension().korean_terms()
    used = set(KOREAN_IN_PARENTHESES.findall(_prose(path)))
    missing = sorted(used - known)
    assert not missing, (f"{path.name} introduces Korean terms missing from book/glossary.md: {missing} "
                         "(add an entry: English term, Korean term, indented definition)")
