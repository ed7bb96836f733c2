"""Assemble book/reproduction.md from the chapters' rows in book/reproduction/chNN.md.

Each chapter that tests claims of the source papers keeps its rows next to the others in
book/reproduction/chNN.md (a Markdown table). This script writes the report page: an introduction, a
count of verdicts, and one section per chapter. Run it after changing a chapter's rows:

    python scripts/build_reproduction.py

A test fails when book/reproduction.md is not what this script writes.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ROOT / "book" / "reproduction"
PAGE = ROOT / "book" / "reproduction.md"
VERDICTS = ("agrees", "partly", "disagrees", "not tested")

INTRO = """# Reproduction report

Every claim of the course's sources that a chapter tests, in one place: what the paper or the lecture deck
says, the evidence it gives, what we measured, and whether the two agree. Each row comes from a chapter,
where the code that produced our number runs in front of the reader; the experiment chapters (15-17) load
the full runs committed in `experiments/results/`.

*Verdicts*: **agrees** (our result supports the claim), **partly** (true under conditions the source does
not state, or only the trend holds), **disagrees** (our result, or the source's own numbers, contradict it),
**not tested**. A claim can disagree with the source's own table: then the table, not our run, is the
evidence. Small-scale runs test trends, not the papers' absolute numbers; the chapters say which.
"""


def chapter_title(number: int) -> tuple[str, str] | None:
    """(title, docname) of chapter ``number`` from its notebook, or None if it does not exist."""
    for path in sorted((ROOT / "notebooks").glob(f"{number:02d}-*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and source.startswith("# "):
                return source.splitlines()[0][2:].strip(), f"notebooks/{path.stem}"
    return None


def verdict_of(row: str) -> str | None:
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    if len(cells) < 6 or set(cells[0]) <= {"-", " ", ":"} or cells[0] == "Source":
        return None
    text = cells[4].lower()
    return next((v for v in VERDICTS if text.startswith(v)), "other")


def build() -> str:
    sections, counts = [], Counter()
    for path in sorted(PARTS.glob("ch[0-9][0-9].md")):
        number = int(path.stem[2:])
        found = chapter_title(number)
        table = path.read_text(encoding="utf-8").strip()
        for line in table.splitlines():
            verdict = verdict_of(line)
            if verdict:
                counts[verdict] += 1
        title = f"{number}. {found[0]}" if found else f"Chapter {number}"
        link = f"{{doc}}`{title} </{found[1]}>`" if found else title
        sections.append(f"## {title}\n\nTested in {link}.\n\n{table}\n")
    total = sum(counts.values())
    summary = (f"**{total} claims tested**: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])
               + (f", {counts['other']} other" if counts["other"] else "") + ".\n")
    return INTRO + "\n" + summary + "\n" + "\n".join(sections)


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print("book/reproduction.md is out of date: run python scripts/build_reproduction.py")
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
