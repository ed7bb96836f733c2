"""Course tooling: ``python -m mlp.course <command>`` (also installed as the ``mlp-course`` command).

Commands
--------
``student-edition OUT [NOTEBOOK ...]``
    Write student notebooks into OUT (default: every notebook of ``_toc.yml``). In each code cell tagged
    ``solution`` the region between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's markers; the
    whole cell when it has none) becomes a stub:

    - inside a function (the BEGIN marker is indented): ``# YOUR CODE HERE`` and ``raise NotImplementedError()``;
    - at top level: ``name = ...  # YOUR CODE HERE`` for each name the region assigns (found with ``ast``), so
      the notebook still runs top to bottom and every check says "not done yet"; ``# YOUR CODE HERE`` if the
      region assigns nothing.

    The ``{solution-start}``/``{solution-end}`` markdown cells go (there is no solution left to show), the
    ``solution`` tag is replaced by nbgrader metadata (``grade_id`` = "<exercise label>-solution"), and all
    outputs are cleared. Put the markers inside a function's body to keep its signature in the student edition.
``setup-cell``
    Print the canonical first code cell of every chapter (the Colab set-up cell), built from ``_config.yml``.
``toc-notebooks``
    Print the notebooks listed in ``_toc.yml``, one per line (the Makefile hands them to nbval).
``check-notebooks``
    Check every notebook: listed in the toc, no outputs or execution counts, the set-up cell first, and each
    exercise well formed ({exercise} -> {solution-start} -> solution cell -> {solution-end} -> check cell).

Every command finds the repository root by walking up from the current folder to the one holding
``_toc.yml``; ``--root`` overrides. Errors print one sentence and exit with status 2.
The same logic is importable: :func:`student_notebook`, :func:`stub_solution`, :func:`setup_cell_source`,
:func:`toc_notebooks`, :func:`check_notebook`, :func:`find_root`.
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

__all__ = [
    "CourseError",
    "Directive",
    "BEGIN_SOLUTION",
    "END_SOLUTION",
    "STUB_MARK",
    "SETUP_COMMENT",
    "find_root",
    "repository_url",
    "setup_cell_source",
    "toc_files",
    "toc_notebooks",
    "solution_regions",
    "assigned_names",
    "stub_solution",
    "is_solution_cell",
    "student_notebook",
    "write_student_edition",
    "markdown_directives",
    "check_cells",
    "check_notebook",
    "check_notebooks",
    "main",
]

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
STUB_MARK = "# YOUR CODE HERE"
SOLUTION_TAG = "solution"
SETUP_COMMENT = "# Set-up: in Colab this installs the course library; elsewhere it does nothing."
PACKAGE = "mlp-from-scratch[all]"
LABEL_PATTERN = re.compile(r"ex-ch(?P<chapter>\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*")
NOTEBOOK_DIR = "notebooks"


class CourseError(Exception):
    """A problem with the course's files, reported as one sentence (the command exits with status 2)."""


# ----------------------------------------------------------------------------------------------------------
# The repository: root folder, _config.yml, _toc.yml
# ----------------------------------------------------------------------------------------------------------


def find_root(start: str | Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the current folder) that holds ``_toc.yml``."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    raise CourseError(f"could not find _toc.yml in {here} or any folder above it; "
                      "run this inside the course repository or pass --root")


_NO_YAML = object()


def _load_yaml(path: Path) -> Any:
    """Parsed YAML, or ``_NO_YAML`` when PyYAML is not installed (callers then fall back to a regex)."""
    try:
        import yaml
    except ImportError:
        return _NO_YAML
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CourseError(f"{path} is not valid YAML: {error}") from None


def _read_text(path: Path, what: str) -> str:
    if not path.is_file():
        raise CourseError(f"{what} not found: {path}")
    return path.read_text(encoding="utf-8")


def repository_url(config_path: str | Path) -> str:
    """The ``repository.url`` of a Jupyter Book ``_config.yml``."""
    path = Path(config_path)
    text = _read_text(path, "book configuration")
    data = _load_yaml(path)
    if data is not _NO_YAML:
        repository = data.get("repository") if isinstance(data, dict) else None
        url = repository.get("url") if isinstance(repository, dict) else None
    else:  # no PyYAML: the url is the `url:` line indented under `repository:`
        match = re.search(r"^repository:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n)*?[ \t]+url:[ \t]*['\"]?([^'\"\s#]+)",
                          text, flags=re.MULTILINE)
        url = match.group(1) if match else None
    if not isinstance(url, str) or not url.strip():
        raise CourseError(f"{path} has no repository.url; add `repository:` with `url: https://...`")
    url = url.strip()
    if not re.fullmatch(r"https?://[^\s\"'\\]+", url):
        raise CourseError(f"repository.url in {path} must be an http(s) address, got {url!r}")
    return url


def setup_cell_source(config_path: str | Path) -> str:
    """The source of the set-up cell that opens every chapter, for the repository named in ``config_path``.

    In Colab (where ``google.colab`` is imported) it pip-installs the course library from the repository;
    anywhere else it does nothing, so the same notebook runs locally, in CI and in the book build.
    """
    url = repository_url(config_path)
    return (
        f"{SETUP_COMMENT}\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        f'    %pip install -q "{PACKAGE} @ git+{url}"'
    )


def toc_files(toc_path: str | Path) -> list[str]:
    """Every ``root:`` and ``file:`` entry of a Jupyter Book ``_toc.yml``, in reading order."""
    path = Path(toc_path)
    text = _read_text(path, "table of contents")
    data = _load_yaml(path)
    if data is _NO_YAML:  # every `file:` or `root:` value, whatever its nesting
        return re.findall(r"^[ \t]*-?[ \t]*(?:root|file):[ \t]*['\"]?([^'\"#\s]+)", text, flags=re.MULTILINE)
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("root", "file") and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return found


def toc_notebooks(root: str | Path) -> list[Path]:
    """The chapter notebooks (files under ``notebooks/``) listed in ``root/_toc.yml``, as absolute paths.

    The toc may omit the suffix (``notebooks/01-tangerines``): ``.ipynb`` is appended. Entries that are
    Markdown or reStructuredText pages are not notebooks and are left out.
    """
    root = Path(root).resolve()
    notebooks: list[Path] = []
    for entry in toc_files(root / "_toc.yml"):
        entry = entry.strip().removeprefix("./")
        if not entry.startswith(f"{NOTEBOOK_DIR}/"):
            continue
        suffix = Path(entry).suffix
        if suffix in (".md", ".rst"):
            continue
        path = root / (entry if suffix == ".ipynb" else entry + ".ipynb")
        if path not in notebooks:
            notebooks.append(path)
    return notebooks


# ----------------------------------------------------------------------------------------------------------
# Solution regions and their stubs
# ----------------------------------------------------------------------------------------------------------


def _is_marker(line: str, marker: str) -> bool:
    return line.strip() == marker


def solution_regions(source: str) -> list[tuple[int, int]]:
    """``(begin, end)`` line numbers (0-based) of each ``### BEGIN/END SOLUTION`` pair in a cell's source.

    Raises CourseError for unbalanced markers: an END without a BEGIN, a BEGIN inside a region, or a BEGIN
    never closed.
    """
    regions: list[tuple[int, int]] = []
    begin: int | None = None
    for number, line in enumerate(source.splitlines()):
        if _is_marker(line, BEGIN_SOLUTION):
            if begin is not None:
                raise CourseError(f"{BEGIN_SOLUTION} on line {number + 1} comes before the {END_SOLUTION} "
                                  f"of the one on line {begin + 1}")
            begin = number
        elif _is_marker(line, END_SOLUTION):
            if begin is None:
                raise CourseError(f"{END_SOLUTION} on line {number + 1} has no {BEGIN_SOLUTION} before it")
            regions.append((begin, number))
            begin = None
    if begin is not None:
        raise CourseError(f"{BEGIN_SOLUTION} on line {begin + 1} is never closed by {END_SOLUTION}")
    return regions


def _without_magics(code: str) -> str:
    # IPython line magics and shell escapes are not Python; `pass` keeps the indentation valid for ast.
    return "\n".join(re.sub(r"^(\s*)[%!].*$", r"\1pass", line) for line in code.splitlines())


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _target_names(element)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return []  # attributes and subscripts change an object, they do not bind a name


def assigned_names(code: str) -> list[str]:
    """Names bound by the top-level statements of ``code``, in order of first appearance.

    Counts ``x = ...``, ``a, b = ...``, ``x: T = ...``, ``def f``, ``class C``, also inside ``if``/``with``/
    ``try`` blocks; not loop variables, loop-body temporaries, or augmented assignments (``x += 1`` needs an
    ``x`` that already exists). Raises CourseError if ``code`` is not valid Python.
    """
    try:
        tree = ast.parse(_without_magics(code))
    except SyntaxError as error:
        raise CourseError(f"the solution is not valid Python on its own (line {error.lineno}: {error.msg})") \
            from None
    names: list[str] = []

    def visit(statements: Iterable[ast.stmt]) -> None:
        for statement in statements:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found = [statement.name]
            elif isinstance(statement, ast.Assign):
                found = [name for target in statement.targets for name in _target_names(target)]
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                found = _target_names(statement.target)
            else:
                found = []
            names.extend(name for name in found if name not in names)
            if isinstance(statement, (ast.If, ast.With, ast.AsyncWith, ast.Try)):
                visit(statement.body)
                visit(getattr(statement, "orelse", []))
                visit(getattr(statement, "finalbody", []))
                for handler in getattr(statement, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    return names


def _stub(region: list[str], indent: str) -> list[str]:
    if indent:  # inside a function or method: the body raises until the student writes it
        return [f"{indent}{STUB_MARK}", f"{indent}raise NotImplementedError()"]
    names = assigned_names("\n".join(region))
    if not names:
        return [STUB_MARK]
    return [f"{name} = ...  {STUB_MARK}" for name in names]


def stub_solution(source: str) -> str:
    """A solution cell's source with each marked region (markers included) replaced by its stub.

    A cell without markers is one region, the whole cell, at top level. Raises CourseError for unbalanced
    markers or a top-level region that is not valid Python.
    """
    lines = source.splitlines()
    regions = solution_regions(source)
    if not regions:
        return "\n".join(_stub(lines, ""))
    out: list[str] = []
    previous_end = -1
    for begin, end in regions:
        out.extend(lines[previous_end + 1:begin])
        indent = re.match(r"\s*", lines[begin]).group(0)  # type: ignore[union-attr]
        out.extend(_stub(lines[begin + 1:end], indent))
        previous_end = end
    out.extend(lines[previous_end + 1:])
    return "\n".join(out)


# ----------------------------------------------------------------------------------------------------------
# Markdown directives ({exercise}, {solution-start}, ...)
# ----------------------------------------------------------------------------------------------------------


@dataclass
class Directive:
    """One top-level MyST directive in a markdown cell: ``name``, argument, ``:key: value`` options, lines."""

    name: str
    argument: str
    options: dict[str, str] = field(default_factory=dict)
    first_line: int = 0
    last_line: int = 0


_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|:{3,})\s*(?P<info>.*?)\s*$")
_DIRECTIVE_INFO = re.compile(r"\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)")


def markdown_directives(markdown: str) -> list[Directive]:
    """The directives of a markdown cell (fenced with ``` or :::), not those nested inside another fence."""
    lines = markdown.splitlines()
    found: list[Directive] = []
    number = 0
    while number < len(lines):
        opening = _FENCE.match(lines[number])
        if not opening:
            number += 1
            continue
        fence = opening.group("fence")
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        last = number + 1
        while last < len(lines) and not closing.match(lines[last]):
            last += 1
        info = _DIRECTIVE_INFO.fullmatch(opening.group("info"))
        if info:
            options: dict[str, str] = {}
            for line in lines[number + 1:last]:
                option = re.match(r"^\s*:([\w-]+):\s*(.*?)\s*$", line)
                if not option:
                    break
                options[option.group(1)] = option.group(2)
            found.append(Directive(info.group("name"), info.group("argument").strip(), options, number,
                                   min(last, len(lines) - 1)))
        number = last + 1
    return found


def _exercise_label(directive: Directive) -> str | None:
    if directive.name in ("exercise", "exercise-start"):
        return directive.options.get("label") or None
    return None


def _strip_solution_directives(markdown: str) -> str:
    """The markdown without its {solution}, {solution-start} and {solution-end} directives."""
    lines = markdown.splitlines()
    doomed = [d for d in markdown_directives(markdown) if d.name in ("solution", "solution-start", "solution-end")]
    for directive in reversed(doomed):
        del lines[directive.first_line:directive.last_line + 1]
    return "\n".join(lines).strip("\n")


# ----------------------------------------------------------------------------------------------------------
# Student editions
# ----------------------------------------------------------------------------------------------------------


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_solution_cell(cell: Any) -> bool:
    """A code cell holding an exercise's solution: tagged ``solution``, or marked so by nbgrader."""
    if cell.get("cell_type") != "code":
        return False
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return SOLUTION_TAG in _tags(cell) or bool(nbgrader.get("solution"))


def _clear_outputs(cell: Any) -> None:
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)  # timing left by the last run


def student_notebook(notebook: Any, *, name: str = "notebook") -> Any:
    """A student edition of ``notebook`` (an nbformat v4 notebook); the input is not modified.

    Solution regions become stubs (see :func:`stub_solution`), solution directives are removed, the
    ``solution`` tag becomes nbgrader metadata, outputs and execution counts are cleared. ``name`` only
    labels error messages. Raises CourseError, naming the cell, for unbalanced markers.
    """
    student = copy.deepcopy(notebook)
    cells = []
    label: str | None = None
    grade_ids: set[str] = set()
    for index, cell in enumerate(student.cells):
        if cell.cell_type == "markdown":
            directives = markdown_directives(cell.source)
            for directive in directives:
                if _exercise_label(directive):
                    label = _exercise_label(directive)
                elif directive.name == "solution-start" and directive.argument:
                    label = directive.argument
            if any(d.name.startswith("solution") for d in directives):
                cell.source = _strip_solution_directives(cell.source)
                if not cell.source.strip():
                    continue  # the cell only opened or closed the solution dropdown
        elif is_solution_cell(cell):
            try:
                cell.source = stub_solution(cell.source)
            except CourseError as error:
                where = f" (the solution of {label})" if label else ""
                raise CourseError(f"{name}, cell {index}{where}: {error}") from None
            tags = [tag for tag in _tags(cell) if tag != SOLUTION_TAG]
            if tags:
                cell.metadata["tags"] = tags
            else:
                cell.metadata.pop("tags", None)
            base = f"{label}-solution" if label else f"{Path(name).stem}-solution"
            grade_id, count = base, 1
            while grade_id in grade_ids:
                count += 1
                grade_id = f"{base}-{count}"
            grade_ids.add(grade_id)
            cell.metadata["nbgrader"] = {
                "solution": True,
                "grade": False,
                "locked": False,
                "grade_id": grade_id,
                "schema_version": 3,
            }
        _clear_outputs(cell)
        cells.append(cell)
    student.cells = cells
    return student


def _nbformat() -> Any:
    try:
        import nbformat
    except ImportError:
        raise CourseError("this command needs nbformat: pip install nbformat") from None
    return nbformat


def _display_path(path: Path) -> str:
    """``path`` relative to the current folder when it lies inside it (as the Makefile wants), else absolute."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def write_student_edition(notebooks: Sequence[str | Path], out: str | Path) -> list[Path]:
    """Write the student edition of each notebook into folder ``out`` (same file names); return the paths.

    Every notebook is converted before anything is written, so an error leaves ``out`` untouched.
    """
    nbformat = _nbformat()
    out = Path(out)
    sources = [Path(p).resolve() for p in notebooks]
    if not sources:
        raise CourseError("no notebooks to convert (the toc lists none and none were given)")
    targets = [(out / source.name).resolve() for source in sources]
    for source, target in zip(sources, targets):
        if not source.is_file():
            raise CourseError(f"notebook not found: {source}")
        if target == source:
            raise CourseError(f"refusing to overwrite the source notebook {source}; choose another OUT folder")
    if len(set(targets)) != len(targets):
        raise CourseError("two notebooks have the same file name; convert them into different folders")
    editions = []
    for source in sources:
        try:
            notebook = nbformat.read(source, as_version=4)
        except Exception as error:
            raise CourseError(f"cannot read {source}: {error}") from None
        editions.append(student_notebook(notebook, name=_display_path(source)))
    out.mkdir(parents=True, exist_ok=True)
    for edition, target in zip(editions, targets):
        nbformat.write(edition, target)
    return targets


# ----------------------------------------------------------------------------------------------------------
# Checking the notebooks
# ----------------------------------------------------------------------------------------------------------


def _parse_code(source: str) -> ast.Module | None:
    try:
        return ast.parse(_without_magics(source))
    except SyntaxError:
        return None


def _is_check_module(dotted: str) -> bool:
    # mlp.checks, mlp.checks.ch01, a stand-alone ch01 or some_checks module
    return any(part == "checks" or part.endswith("_checks") or re.fullmatch(r"ch\d{2}", part)
               for part in dotted.split("."))


def _check_aliases(cells: Sequence[Any]) -> tuple[set[str], set[str]]:
    """Names bound to a check module (always ``check``) and to check functions imported one by one.

    ``from mlp.checks import ch01 as check`` binds the module ``check``; ``import mlp.checks.ch01 as c``
    binds ``c``; ``from mlp.checks.ch01 import count_errors`` binds the function ``count_errors``.
    """
    modules: set[str] = {"check"}
    functions: set[str] = set()
    for cell in cells:
        tree = _parse_code(cell.source) if cell.cell_type == "code" else None
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.ImportFrom) and node.module and _is_check_module(node.module):
                for alias in node.names:
                    bound = alias.asname or alias.name
                    (modules if re.fullmatch(r"ch\d{2}", alias.name) else functions).add(bound)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and _is_check_module(alias.name):
                        modules.add(alias.asname)
    return modules, functions


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _calls_a_check(source: str, modules: set[str], functions: set[str]) -> bool:
    tree = _parse_code(source)
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            owner = name.rpartition(".")[0]
            if name in functions or owner in modules or (owner and _is_check_module(owner)):
                return True
    return False


def check_cells(notebook: Any) -> list[int]:
    """Indices of the code cells that call an exercise check (``check.name(...)`` and the like)."""
    modules, functions = _check_aliases(notebook.cells)
    return [index for index, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and not is_solution_cell(cell)
            and _calls_a_check(cell.source, modules, functions)]


@dataclass
class _Exercise:
    label: str
    cell: int
    solutions: list[int] = field(default_factory=list)
    check: int | None = None


def _exercise_problems(notebook: Any, chapter: str | None) -> list[str]:
    problems: list[str] = []
    exercises: dict[str, _Exercise] = {}
    open_label: str | None = None  # inside {solution-start} ... {solution-end}
    awaiting_check: str | None = None  # after {solution-end}: the next code cell must call the check
    modules, functions = _check_aliases(notebook.cells)
    for index, cell in enumerate(notebook.cells):
        where = f"cell {index}"
        if cell.cell_type == "markdown":
            for directive in markdown_directives(cell.source):
                label = _exercise_label(directive)
                if directive.name in ("exercise", "exercise-start") and not label:
                    problems.append(f"{where}: {{{directive.name}}} has no :label:")
                if label:
                    if not LABEL_PATTERN.fullmatch(label):
                        problems.append(f"{where}: exercise label {label!r} should look like ex-chNN-name")
                    elif chapter and LABEL_PATTERN.fullmatch(label).group("chapter") != chapter:  # type: ignore
                        problems.append(f"{where}: exercise label {label!r} should start with ex-ch{chapter}-")
                    if label in exercises:
                        problems.append(f"{where}: exercise label {label!r} is used twice")
                    exercises[label] = _Exercise(label, index)
                elif directive.name == "solution-start":
                    target = directive.argument
                    if open_label:
                        problems.append(f"{where}: {{solution-start}} before the {{solution-end}} of {open_label}")
                    if target not in exercises:
                        problems.append(f"{where}: {{solution-start}} {target!r} names no exercise above it")
                    if directive.options.get("class") != "dropdown":
                        problems.append(f"{where}: {{solution-start}} {target} needs `:class: dropdown`")
                    open_label = target or "?"
                elif directive.name == "solution-end":
                    if not open_label:
                        problems.append(f"{where}: {{solution-end}} without a {{solution-start}}")
                    awaiting_check, open_label = open_label, None
        elif cell.cell_type == "code":
            if is_solution_cell(cell):
                if not open_label:
                    problems.append(f"{where}: solution cell outside {{solution-start}} ... {{solution-end}}")
                elif open_label in exercises:
                    exercises[open_label].solutions.append(index)
                try:
                    solution_regions(cell.source)
                except CourseError as error:
                    problems.append(f"{where}: {error}")
            elif open_label:
                problems.append(f"{where}: code inside the solution of {open_label} is not tagged 'solution'")
            elif awaiting_check:
                if _calls_a_check(cell.source, modules, functions):
                    if awaiting_check in exercises:
                        exercises[awaiting_check].check = index
                else:
                    problems.append(f"{where}: the cell after the solution of {awaiting_check} should call its "
                                    "check, e.g. check.name(answer)")
                awaiting_check = None
    if open_label:
        problems.append(f"the {{solution-start}} of {open_label} is never closed by {{solution-end}}")
    for exercise in exercises.values():
        if not exercise.solutions:
            problems.append(f"exercise {exercise.label} (cell {exercise.cell}) has no solution cell")
        elif exercise.check is None:
            problems.append(f"exercise {exercise.label} (cell {exercise.cell}) has no check cell after its "
                            "solution")
    return problems


def check_notebook(path: str | Path, setup_source: str) -> list[str]:
    """Problems found in one chapter notebook (an empty list when it is clean).

    Checks: no outputs or execution counts, the first code cell is ``setup_source``, and every exercise is
    ``{exercise}`` -> ``{solution-start}`` (dropdown) -> code cell tagged ``solution`` with balanced
    markers -> ``{solution-end}`` -> a code cell calling the check.
    """
    nbformat = _nbformat()
    path = Path(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:
        return [f"cannot read the notebook: {error}"]
    problems: list[str] = []
    code = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    for index, cell in code:
        if cell.get("outputs"):
            problems.append(f"cell {index} has outputs (commit notebooks without outputs)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {index} has an execution count (clear it before committing)")
    if not code or code[0][1].source.strip() != setup_source.strip():
        problems.append("the first code cell is not the set-up cell (python -m mlp.course setup-cell prints it)")
    chapter = re.match(r"(\d{2})-", path.name)
    problems.extend(_exercise_problems(notebook, chapter.group(1) if chapter else None))
    return problems


def check_notebooks(root: str | Path) -> dict[str, list[str]]:
    """Problems of every notebook under ``root/notebooks`` and every toc entry; ``{path: [problem, ...]}``.

    Only paths with problems appear, so an empty dict means all is well.
    """
    root = Path(root).resolve()
    setup = setup_cell_source(root / "_config.yml")
    listed = toc_notebooks(root)
    present = sorted((root / NOTEBOOK_DIR).glob("*.ipynb"))
    report: dict[str, list[str]] = {}
    for path in present:
        problems = [] if path in listed else ["not listed in _toc.yml"]
        problems += check_notebook(path, setup)
        if problems:
            report[str(path.relative_to(root))] = problems
    for path in listed:
        if not path.is_file():
            report[str(path.relative_to(root))] = ["listed in _toc.yml but the file does not exist"]
    return report


# ----------------------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS,
                        help="the repository root (default: the nearest folder above holding _toc.yml)")
    prog = "mlp-course" if Path(sys.argv[0]).name == "mlp-course" else "python -m mlp.course"
    parser = argparse.ArgumentParser(
        prog=prog, parents=[common],
        description="Tools for the course 'Neural networks from scratch': student editions, the Colab "
                    "set-up cell, the notebook list, notebook checks.",
        epilog=f"Run '{prog} COMMAND --help' for the details of a command.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    edition = commands.add_parser(
        "student-edition", parents=[common], help="write notebooks with the solutions replaced by stubs",
        description="Write student notebooks into OUT: each solution region (### BEGIN/END SOLUTION, or the "
                    "whole cell tagged 'solution') becomes a '# YOUR CODE HERE' stub (functions raise "
                    "NotImplementedError; top-level names become `name = ...`), the solution dropdowns are "
                    "removed, nbgrader metadata is added and outputs are cleared.")
    edition.add_argument("out", type=Path, metavar="OUT", help="folder to write the student notebooks into")
    edition.add_argument("notebooks", type=Path, nargs="*", metavar="NOTEBOOK",
                         help="notebooks to convert (default: every notebook listed in _toc.yml)")
    commands.add_parser("setup-cell", parents=[common], help="print the Colab set-up cell that opens every chapter",
                        description="Print the canonical first code cell of every chapter, built from the "
                                    "repository url in _config.yml.")
    commands.add_parser("toc-notebooks", parents=[common], help="print the notebooks listed in _toc.yml",
                        description="Print the path of every notebook listed in _toc.yml, one per line.")
    commands.add_parser("check-notebooks", parents=[common],
                        help="check every notebook: in the toc, clean, set-up cell, exercise structure",
                        description="Check that every notebook is in the toc, has no outputs or execution "
                                    "counts, starts with the set-up cell, and has well-formed exercises. "
                                    "Exits with status 1 if any problem is found.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command (see the module docstring); returns the exit status: 0 ok, 1 problems found, 2 error."""
    args = _parser().parse_args(argv)
    try:
        root_option = getattr(args, "root", None)

        def root() -> Path:
            if root_option is None:
                return find_root()
            if not (root_option / "_toc.yml").is_file():
                raise CourseError(f"--root {root_option} holds no _toc.yml")
            return root_option.resolve()

        if args.command == "student-edition":
            notebooks = args.notebooks or toc_notebooks(root())
            for path in write_student_edition(notebooks, args.out):
                print(f"wrote {_display_path(path)}")
        elif args.command == "setup-cell":
            print(setup_cell_source(root() / "_config.yml"))
        elif args.command == "toc-notebooks":
            for path in toc_notebooks(root()):
                print(_display_path(path))
        elif args.command == "check-notebooks":
            report = check_notebooks(root())
            for page, problems in report.items():
                for problem in problems:
                    print(f"{page}: {problem}")
            if report:
                return 1
            print("all notebooks are clean")
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
