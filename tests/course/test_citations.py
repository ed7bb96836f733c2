"""Citations in the chapters and pages go through sphinxcontrib-bibtex, and every key they use exists.

The book build (-W -n) would also fail on an unknown key, but only after executing every chapter; this test
says which key and where in a second. A plain-text "Author (year)" or "(Author et al., year)" in prose is
a citation the references page does not list: write {cite:t}`key` or {cite:p}`key` instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIB_KEY = re.compile(r"^@\w+\{([^,\s]+),", re.MULTILINE)
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
PLAIN_CITATION = re.compile(
    r"\([A-Z][A-Za-z\-]+(?:,\s+[A-Z][A-Za-z\-]+)*(?:,?\s+and\s+[A-Z][A-Za-z\-]+|\s+et\s+al\.)?,?\s+(?:1[5-9]|20)\d\d[a-z]?[),;]"  # (Zeiler, 2012)
    r"|\b[A-Z][A-Za-z\-]+\s+(?:and\s+[A-Z][A-Za-z\-]+\s+|et\s+al\.\s+)?\((?:1[5-9]|20)\d\d[a-z]?\)"  # LeCun et al. (1998)
)
PAGES = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(p for p in ROOT.glob("book/**/*.md"))


def _prose(path: Path) -> str:
    """The Markdown a reader sees: a notebook's markdown cells, or the page, without HTML comments."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text()
    return re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)


def _bib_keys() -> set[str]:
    return set(BIB_KEY.findall((ROOT / "references.bib").read_text()))


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_every_cited_key_is_in_the_bibliography(path: Path) -> None:
    keys = _bib_keys()
    cited = {key.strip() for group in CITE_ROLE.findall(_prose(path)) for key in group.split(",")}
    missing = sorted(cited - keys)
    assert not missing, f"{path.name} cites keys that references.bib does not have: {missing}"


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_no_plain_text_citations(path: Path) -> None:
    prose = CITE_ROLE.sub("", _prose(path))
    found = sorted({m.group(0) for m in PLAIN_CITATION.finditer(prose)})
    assert not found, f"{path.name} cites in plain text (use {{cite:t}} or {{cite:p}} with a references.bib key): {found}"
