"""Inline maths survives Markdown: every $...$ holding a TeX command is parsed as maths, not left as text.

MyST reads a paragraph line that starts with "+ ", "- " or "1. " as a new list item, so inline maths broken
across such a line ends up on the page as raw ``$E[g^2] \\leftarrow ...`` (it happened in chapters 14 and 15).
This test parses every page's Markdown with MyST's own parser and settings (``_config.yml``'s extensions),
directive bodies included, and fails on text that still holds a ``$`` followed by a TeX command. The
browser test checks the rendered pages for the same thing, but only after a full build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

pytest.importorskip("myst_parser")
from markdown_it.renderer import RendererHTML  # noqa: E402
from myst_parser.config.main import MdParserConfig  # noqa: E402
from myst_parser.parsers.mdit import create_md_parser  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("book/**/*.md"))
RAW_MATHS = re.compile(r"\$[^$\n]{0,200}?\\[a-zA-Z]+")
TEX_COMMAND = re.compile(r"\\[a-zA-Z]{2,}")
OPTION = re.compile(r"^:[\w-]+:.*$", re.MULTILINE)


def _parser():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    extensions = config["parse"]["myst_enable_extensions"]
    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


PARSER = _parser()


def _markdown(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    return [path.read_text()]


def _raw_maths(text: str) -> list[str]:
    """Raw maths left in the prose of ``text``, directive bodies (``{exercise}``, ...) included: a ``$``
    followed by a TeX command, or a TeX command on its own, in text that MyST did not parse as maths."""
    found = []
    for token in PARSER.parse(text):
        if token.type == "inline":
            # The paragraph's text as the reader sees it, each piece of parsed maths or code replaced by a
            # marker, so that a stray "$" and a TeX command in the next text piece are read together.
            prose = "".join(child.content if child.type == "text" else "§" if child.type != "softbreak" else "\n"
                            for child in token.children or [])
            found += RAW_MATHS.findall(prose) or TEX_COMMAND.findall(prose)
        elif token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
            found += _raw_maths(OPTION.sub("", token.content))
    return found


def test_the_check_catches_maths_split_by_a_list_marker() -> None:
    broken = "so $E[g^2] \\leftarrow \\rho E[g^2]\n+ (1 - \\rho) g^2$ and on"
    assert _raw_maths(broken)
    assert not _raw_maths(broken.replace("\n+", " +"))
    assert _raw_maths(":::{admonition} Note\n" + broken + "\n:::\n")


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_inline_maths_is_parsed_as_maths(path: Path) -> None:
    raw = [m for text in _markdown(path) for m in _raw_maths(text)]
    assert not raw, f"{path.name}: $-maths left as text (a line starting with '+ ' or '- ' inside $...$, or $$ inside a paragraph?): {raw[:3]}"
