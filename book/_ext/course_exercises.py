"""Tables built from the chapters at build time, so they cannot fall out of date.

``{exercise-table}``: the instructors' table of every exercise.
``{course-map}``: every chapter of every part, what it teaches (from the part pages) and its reading time.

The exercise table:

One row per exercise of every chapter in ``_toc.yml``: the chapter, the exercise (linked), its difficulty
(from the exercise cell's ``difficulty`` metadata, set by the chapter's generator) and whether it asks the
student to predict before running. Because it is built from the notebooks, it cannot fall out of date.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]
EXERCISE = re.compile(r"^`{3,}\{exercise\}\s*(?P<title>.*?)\n:label:\s*(?P<label>\S+)", re.M)


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks listed in ``_toc.yml``, in reading order."""
    found = []
    for entry in re.findall(r"file:\s*(\S+)", (root / "_toc.yml").read_text(encoding="utf-8")):
        path = root / (entry if entry.endswith(".ipynb") else f"{entry}.ipynb")
        if entry.startswith("notebooks/") and path.is_file() and path not in found:
            found.append(path)
    return found


def exercises(path: Path) -> list[dict]:
    """The exercises of one notebook: label, title, difficulty, and whether it asks for a prediction."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    title = next((re.sub(r"^#\s*", "", "".join(cell["source"]).splitlines()[0])
                  for cell in notebook["cells"] if cell["cell_type"] == "markdown"
                  and "".join(cell["source"]).startswith("# ")), path.stem)
    rows = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        match = EXERCISE.search(source) if cell["cell_type"] == "markdown" else None
        if match:
            rows.append({"chapter": title, "label": match["label"], "title": match["title"].strip(),
                         "difficulty": cell.get("metadata", {}).get("difficulty", "—"),
                         "predict": bool(re.search(r"\bpredict", source, re.I))})
    return rows


class ExerciseTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        table = nodes.table(classes=["exercise-table"])
        group = nodes.tgroup(cols=5)
        table += group
        for width in (6, 24, 30, 10, 10):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row(["#", "Chapter", "Exercise", "Difficulty", "Predict first?"])
        body = nodes.tbody()
        group += body
        count = 0
        for path in toc_notebooks():
            self.env.note_dependency(str(path))
            docname = path.relative_to(ROOT).with_suffix("").as_posix()
            number = re.match(r"(\d+)", path.stem)
            for exercise in exercises(path):
                count += 1
                chapter = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}",
                                                refexplicit=True, refdoc=self.env.docname)
                chapter += nodes.inline(text=f"{int(number.group(1)) if number else ''}. {exercise['chapter']}")
                link = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=exercise["label"],
                                             refexplicit=True, refwarn=True, refdoc=self.env.docname)
                link += nodes.inline(text=exercise["title"])
                body += self._row([str(count), chapter, link, exercise["difficulty"],
                                   "yes" if exercise["predict"] else ""])
        caption = nodes.paragraph(text=f"{count} exercises in {len(toc_notebooks())} chapters.")
        return [table, caption]

    @staticmethod
    def _row(cells: list) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            paragraph = nodes.paragraph()
            paragraph += cell if isinstance(cell, (nodes.Node, list)) else nodes.Text(cell)
            entry += paragraph
            row += entry
        return row


WORDS_PER_MINUTE = 200     # prose
CODE_LINES_PER_MINUTE = 10  # code is read slowly, and run
ROW = re.compile(r"^\|\s*(?:\{doc\}`)?(?P<number>\d+)\.\s*(?P<title>[^<|`]+?)\s*(?:</[^>]+>`)?\s*\|"
                 r"\s*(?P<what>[^|]+?)\s*\|\s*$", re.M)


def reading_minutes(path: Path) -> int:
    """Minutes to read and run a chapter: prose at 200 words a minute, code at 10 lines a minute, rounded to 5."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    words = sum(len("".join(c["source"]).split()) for c in notebook["cells"] if c["cell_type"] == "markdown")
    lines = sum(len("".join(c["source"]).splitlines()) for c in notebook["cells"] if c["cell_type"] == "code")
    minutes = words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE
    return max(5, int(5 * round(minutes / 5)))


def toc_parts(root: Path = ROOT) -> list[tuple[str, str]]:
    """(caption, part page docname) for each part of _toc.yml whose first entry is a book/parts page."""
    text = (root / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r'caption:\s*"?([^"\n]+)"?\s*\n\s*chapters:\s*\n\s*-\s*file:\s*(book/parts/\S+)', text)


class CourseMap(SphinxDirective):
    """One table per part: chapter (linked once it is ready), what it teaches, reading time."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        listed = {path.stem: path for path in toc_notebooks()}
        result: list[nodes.Node] = []
        total = 0
        for caption, page in toc_parts():
            page_path = ROOT / f"{page}.md"
            self.env.note_dependency(str(page_path))
            rows = list(ROW.finditer(page_path.read_text(encoding="utf-8")))
            if not rows:
                continue
            heading = nodes.paragraph()
            link = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{page}",
                                         refexplicit=True, refdoc=self.env.docname)
            link += nodes.strong(text=caption)
            heading += link
            result.append(heading)
            table = nodes.table(classes=["course-map"])
            group = nodes.tgroup(cols=3)
            table += group
            for width in (30, 55, 15):
                group += nodes.colspec(colwidth=width)
            head = nodes.thead()
            group += head
            head += ExerciseTable._row(["Chapter", "What it teaches", "Time"])
            body = nodes.tbody()
            group += body
            for row in rows:
                number = int(row["number"])
                path = next((p for stem, p in listed.items() if stem.startswith(f"{number:02d}-")), None)
                label = f"{number}. {row['title']}"
                if path is None:
                    cell, time = nodes.Text(label), "in preparation"
                else:
                    self.env.note_dependency(str(path))
                    docname = path.relative_to(ROOT).with_suffix("").as_posix()
                    cell = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}",
                                                 refexplicit=True, refdoc=self.env.docname)
                    cell += nodes.inline(text=label)
                    minutes = reading_minutes(path)
                    total += minutes
                    time = f"{minutes} min"
                # The part page's cell is MyST ({cite:t}`...`, `code`): parsed, not copied as text.
                what, messages = self.state.inline_text(row["what"], self.lineno)
                result.extend(messages)
                body += ExerciseTable._row([cell, what, time])
            result.append(table)
        hours = total / 60
        result.append(nodes.paragraph(text=f"The chapters written so far take about {hours:.0f} hours to read and "
                                           "run, exercises not counted." if total else ""))
        return result


def setup(app: Sphinx) -> dict:
    app.add_directive("exercise-table", ExerciseTable)
    app.add_directive("course-map", CourseMap)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
