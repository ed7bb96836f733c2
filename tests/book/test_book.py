"""The book: it builds with warnings as errors, the built pages carry what a reader needs offline, and a real
browser reads every page.

One module, so that a parallel run (pytest -n 2 --dist loadfile) keeps every book test on the worker that
built the book.

The browser test reads every page of the built book in a real headless Chromium with no network.

What a reader in a classroom without internet would see: no Python traceback, no raw ``$...$`` or
``\\(...\\)`` maths, every image loaded, every explorer rendered, and every slider, moved from the keyboard,
showing another picture. The checks themselves live in ``scripts/browser_check.py`` (usable on its own);
a screenshot of every page is kept in ``_build/screenshots`` as a test artefact.

Needs Playwright (pinned in requirements.txt) and the system Chromium (``apt-get install chromium``, which
``.ci/run`` does). Without a Chromium the test is skipped locally and fails under CI.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
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


def test_every_chapter_shows_its_figures(built_book: Path) -> None:
    """Each chapter draws at least two figures; the executed page must carry them as images."""
    for page in _toc_pages():
        if page.startswith("notebooks/"):
            html = (built_book / f"{page}.html").read_text()
            figures = re.findall(r'<img[^>]+src="[^"]*_images/[^"]+\.png"', html)
            assert len(figures) >= 2, f"{page} shows {len(figures)} figures (was MPLBACKEND=Agg set for the build?)"


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


# ----------------------------------------------------------------------------------------------------
# The browser test
# ----------------------------------------------------------------------------------------------------



SCREENSHOTS = ROOT / "_build" / "screenshots"


def _browser_check():
    spec = importlib.util.spec_from_file_location("browser_check", ROOT / "scripts" / "browser_check.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("browser_check", module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason}; CI must run the browser test (.ci/run installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_reports(built_book: Path) -> dict:
    if importlib.util.find_spec("playwright") is None:
        _missing("playwright is not installed (pip install -r requirements.txt)")
    checker = _browser_check()
    try:
        chromium = checker.find_chromium()
    except FileNotFoundError as error:
        _missing(str(error))
    reports = checker.check_book(built_book, SCREENSHOTS, chromium=chromium)
    return {report.page: report for report in reports}


def _pages() -> list[str]:
    """The pages the build should produce: every toc entry plus Sphinx's own index pages."""
    toc = (ROOT / "_toc.yml").read_text()
    pages = [re.sub(r"\.(md|ipynb)$", "", page) + ".html" for page in re.findall(r"(?:root|file):\s*(\S+)", toc)]
    return pages + ["genindex.html", "search.html"]


@pytest.mark.parametrize("page", _pages())
def test_page_reads_well_offline(browser_reports: dict, page: str) -> None:
    report = browser_reports.get(page)
    assert report is not None, f"{page} was not found among the built pages"
    assert report.ok, f"{page}:\n  - " + "\n  - ".join(report.problems)
    assert report.screenshot is not None and report.screenshot.exists()


def test_every_page_with_an_explorer_was_moved(browser_reports: dict) -> None:
    """A chapter that embeds widgets must have had at least one slider moved and seen to change."""
    for page, report in browser_reports.items():
        if report.widgets:
            assert report.sliders_checked + report.plays_checked > 0, f"{page}: explorers found but none moved"
