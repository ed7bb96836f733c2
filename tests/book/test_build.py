"""The book builds with warnings as errors, and the built pages carry what a reader needs offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.book


def _toc_pages() -> list[str]:
    toc = (ROOT / "_toc.yml").read_text()
    pages = re.findall(r"(?:root|file):\s*(\S+)", toc)
    return [re.sub(r"\.(md|ipynb)$", "", page) for page in pages]


def test_build_has_no_warnings(built_book: Path) -> None:
    assert (built_book / "index.html").exists()


@pytest.mark.parametrize("page", _toc_pages())
def test_every_toc_page_is_built(built_book: Path, page: str) -> None:
    html = (built_book / f"{page}.html").read_text()
    assert "Traceback (most recent call last)" not in html, f"{page} shows a Python traceback"


def test_no_cdn_needed(built_book: Path) -> None:
    """Maths and widgets come from the book itself, so a classroom without internet can read it."""
    for page in _toc_pages():
        html = (built_book / f"{page}.html").read_text()
        for cdn in ("cdn.jsdelivr.net/npm/mathjax", "unpkg.com/@jupyter-widgets", "cdnjs.cloudflare.com/ajax/libs/require.js"):
            assert cdn not in html, f"{page} loads {cdn}"
    assert (built_book / "_static" / "mathjax" / "tex-chtml.js").exists()
    assert (built_book / "_static" / "jupyter-widgets" / "html-manager" / "embed-amd.js").exists()


def _widget_state(html: str) -> dict:
    match = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S)
    assert match, "no embedded widget state: explorers would be empty in the static book"
    return json.loads(match.group(1))["state"]


def test_chapter_1_explorer_is_explorable_without_a_kernel(built_book: Path) -> None:
    html = (built_book / "notebooks" / "01-tangerines.html").read_text()
    state = _widget_state(html)
    models = [model["model_name"] for model in state.values()]
    assert models.count("ImageModel") >= 10, "the threshold explorer should embed one image per threshold"
    assert "StackModel" in models
    assert "LinkModel" in models, "the slider must be linked client-side (jslink) to the frames"
    assert "application/vnd.jupyter.widget-view+json" in html
