"""Link the first use of each glossary term in a chapter to the glossary, without touching the notebooks.

The chapters give a concept's Korean name in parentheses at its first use, "accuracy (정확도)" (or
"(정확도, the share of ...)" when a remark follows). At build
time this extension turns the first such "(정확도)" of every chapter into a link to the glossary entry, so
the notebooks stay plain Markdown that reads cleanly in Jupyter and Colab, and the book links them.

The terms are read from ``book/glossary.md`` (the lines of its ``{glossary}`` block that are not indented).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
SKIP_INSIDE = (nodes.literal, nodes.literal_block, nodes.reference, nodes.title, nodes.math,
               nodes.math_block, addnodes.pending_xref)


def glossary_terms(path: Path = GLOSSARY) -> list[str]:
    """Every term of the ``{glossary}`` block in ``path`` (English and Korean), in file order."""
    match = re.search(r"```\{glossary\}\n(.*?)\n```", path.read_text(encoding="utf-8"), re.S)
    if match is None:
        raise ValueError(f"{path} has no ```{{glossary}} block")
    terms = []
    for line in match.group(1).splitlines():
        if line.strip() and not line[0].isspace() and not line.startswith(":"):
            terms.append(line.strip())
    return terms


def korean_terms(path: Path = GLOSSARY) -> set[str]:
    return {term for term in glossary_terms(path) if HANGUL.search(term)}


class LinkFirstUse(SphinxTransform):
    """In chapter pages, wrap the first "(term)" of each Korean glossary term in a :term: reference."""

    default_priority = 500  # after MyST has built the tree, before references are resolved

    def apply(self, **kwargs: object) -> None:
        if not self.env.docname.startswith("notebooks/"):
            return
        terms = korean_terms()
        # "(정확도)" or "(정확도, the share of ...)": the Korean term opens the parentheses.
        pattern = re.compile(r"\((" + "|".join(sorted(map(re.escape, terms), key=len, reverse=True)) + r")[,)]")
        linked: set[str] = set()
        for text in list(self.document.findall(nodes.Text)):
            if any(isinstance(ancestor, SKIP_INSIDE) for ancestor in _ancestors(text)):
                continue
            self._link(text, pattern, linked)

    def _link(self, text: nodes.Text, pattern: re.Pattern, linked: set[str]) -> None:
        source = str(text)
        pieces: list[nodes.Node] = []
        position = 0
        for match in pattern.finditer(source):
            term = match.group(1)
            if term in linked:
                continue
            linked.add(term)
            pieces.append(nodes.Text(source[position:match.start(1)]))
            xref = addnodes.pending_xref("", refdomain="std", reftype="term", reftarget=term.lower(),
                                         refexplicit=True, refwarn=True, refdoc=self.env.docname)
            xref += nodes.inline(term, term, classes=["xref", "std", "std-term"])
            pieces.append(xref)
            position = match.end(1)
        if pieces:
            pieces.append(nodes.Text(source[position:]))
            text.parent.replace(text, pieces)


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def setup(app: Sphinx) -> dict:
    app.add_transform(LinkFirstUse)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
