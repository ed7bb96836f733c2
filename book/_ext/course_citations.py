"""Author-year citations with round brackets: {cite:p}`rosenblatt1958` -> (Rosenblatt, 1958).

sphinxcontrib-bibtex's own author_year style uses square brackets; this registers the same style with
round ones under the name ``author_year_round`` (set as ``bibtex_reference_style`` in _config.yml).
"""

from __future__ import annotations

import dataclasses
from dataclasses import field

import sphinxcontrib.bibtex.plugin
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

ROUND = BracketStyle(left="(", right=")")


@dataclasses.dataclass
class RoundAuthorYear(AuthorYearReferenceStyle):
    bracket_parenthetical: BracketStyle = field(default_factory=lambda: ROUND)
    bracket_textual: BracketStyle = field(default_factory=lambda: ROUND)
    bracket_author: BracketStyle = field(default_factory=lambda: ROUND)
    bracket_label: BracketStyle = field(default_factory=lambda: ROUND)
    bracket_year: BracketStyle = field(default_factory=lambda: ROUND)


sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_round",
                                            RoundAuthorYear)


def setup(app: Sphinx) -> dict:
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
