"""Tests of python -m mlp.course: student editions, the set-up cell, the toc, notebook checks.

They run on a small course built in a temporary folder (a _config.yml, a _toc.yml and one chapter notebook
written here with nbformat) whose checks live in tests/course/fixtures/ch99.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output  # noqa: E402

from mlp import course  # noqa: E402
from mlp.course import CourseError  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
URL = "https://github.com/example/fixture-course"

COUNT_SOLUTION = '''\
def count_big(sizes, threshold=7.5):
    """How many sizes are above the threshold."""
    ### BEGIN SOLUTION
    sizes = np.asarray(sizes)
    return int((sizes > threshold).sum())
    ### END SOLUTION'''

THRESHOLD_SOLUTION = '''\
### BEGIN SOLUTION
candidates = np.linspace(7.0, 8.0, 11)
best_threshold = 7.5
### END SOLUTION
print("chosen:", best_threshold)'''

ANSWER_SOLUTION = "answer = np.array([4, 2])"  # no markers: the whole cell is the solution


def exercise_cells(label: str, solution: str, check_call: str) -> list:
    """The five cells of one exercise, as ARCHITECTURE.md fixes them."""
    return [
        new_markdown_cell(f"```{{exercise}}\n:label: {label}\n\nDo the thing.\n```"),
        new_markdown_cell(f"```{{solution-start}} {label}\n:class: dropdown\n```"),
        new_code_cell(solution, metadata={"tags": ["solution"]}),
        new_markdown_cell("```{solution-end}\n```"),
        new_code_cell(check_call),
    ]


def fixture_notebook(setup_source: str) -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell("# Chapter 99: a fixture"),
        new_code_cell(setup_source),
        new_code_cell("import numpy as np\nimport ch99 as check"),
        *exercise_cells("ex-ch99-count", COUNT_SOLUTION, "check.count_big(count_big)"),
        *exercise_cells("ex-ch99-threshold", THRESHOLD_SOLUTION, "check.best_threshold(best_threshold)"),
        *exercise_cells("ex-ch99-answer", ANSWER_SOLUTION, "check.answer(answer)"),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}})


@pytest.fixture()
def course_root(tmp_path: Path) -> Path:
    """A miniature course: _config.yml, _toc.yml and notebooks/99-fixture.ipynb."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "_config.yml").write_text(f"title: Fixture\nrepository:\n  url: {URL}\n  branch: main\n")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/welcome\nparts:\n  - caption: Part\n    chapters:\n"
        "      - file: notebooks/99-fixture\n      - file: book/glossary.md\n")
    notebook = fixture_notebook(course.setup_cell_source(root / "_config.yml"))
    nbformat.write(notebook, root / "notebooks" / "99-fixture.ipynb")
    return root


@pytest.fixture()
def notebook(course_root: Path) -> nbformat.NotebookNode:
    return nbformat.read(course_root / "notebooks" / "99-fixture.ipynb", as_version=4)


# --------------------------------------------------------------------------------------------------------
# Stubs
# --------------------------------------------------------------------------------------------------------


def test_stub_inside_a_function_raises_not_implemented() -> None:
    assert course.stub_solution(COUNT_SOLUTION) == (
        "def count_big(sizes, threshold=7.5):\n"
        '    """How many sizes are above the threshold."""\n'
        "    # YOUR CODE HERE\n"
        "    raise NotImplementedError()"
    )


def test_stub_at_top_level_assigns_ellipsis_to_each_name() -> None:
    assert course.stub_solution(THRESHOLD_SOLUTION) == (
        "candidates = ...  # YOUR CODE HERE\n"
        "best_threshold = ...  # YOUR CODE HERE\n"
        'print("chosen:", best_threshold)'
    )


def test_stub_without_markers_replaces_the_whole_cell() -> None:
    assert course.stub_solution(ANSWER_SOLUTION) == "answer = ...  # YOUR CODE HERE"
    assert course.stub_solution("print(42)") == "# YOUR CODE HERE"


def test_stub_handles_several_regions_and_keeps_the_code_around_them() -> None:
    source = ("class Relu:\n    def forward(self, x):\n        ### BEGIN SOLUTION\n        return x\n"
              "        ### END SOLUTION\n\n    def backward(self, g):\n        ### BEGIN SOLUTION\n"
              "        return g\n        ### END SOLUTION\n")
    stub = course.stub_solution(source)
    assert stub.count("raise NotImplementedError()") == 2
    assert "return" not in stub and "SOLUTION" not in stub
    assert "    def backward(self, g):" in stub
    compile(stub, "<stub>", "exec")


def test_assigned_names_follow_the_documented_rules() -> None:
    code = ("a, (b, *c) = 1, (2, 3)\nd: int = 4\ne += 1\nfor i in range(3):\n    tmp = i\n"
            "if a:\n    f = 1\nelse:\n    g = 2\ndef h(): pass\nclass K: pass\nx.y = 1\nz[0] = 1\n"
            "%matplotlib inline\na = 5\n")
    assert course.assigned_names(code) == ["a", "b", "c", "d", "f", "g", "h", "K"]


def test_top_level_region_that_is_not_python_is_an_error() -> None:
    with pytest.raises(CourseError, match="not valid Python"):
        course.stub_solution("### BEGIN SOLUTION\nx = (1,\n### END SOLUTION")


@pytest.mark.parametrize(
    "source, message",
    [
        ("### BEGIN SOLUTION\nx = 1\n", "line 1 is never closed"),
        ("x = 1\n### END SOLUTION\n", "END SOLUTION on line 2 has no"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "line 2 comes before"),
    ],
)
def test_unbalanced_markers_are_reported(source: str, message: str) -> None:
    with pytest.raises(CourseError, match=message):
        course.solution_regions(source)


# --------------------------------------------------------------------------------------------------------
# Student notebooks
# --------------------------------------------------------------------------------------------------------


def test_student_notebook_has_no_solutions_and_nbgrader_metadata(notebook: nbformat.NotebookNode) -> None:
    notebook.cells[1].outputs = [new_output("stream", name="stdout", text="old output\n")]
    notebook.cells[1].execution_count = 7
    original = nbformat.writes(notebook)
    student = course.student_notebook(notebook, name="99-fixture.ipynb")
    nbformat.validate(student)
    assert nbformat.writes(notebook) == original, "the source notebook must not be modified"

    text = nbformat.writes(student)
    for gone in ("BEGIN SOLUTION", "END SOLUTION", "solution-start", "solution-end", "(sizes > threshold)",
                 "np.linspace", "np.array([4, 2])"):
        assert gone not in text
    assert len(student.cells) == len(notebook.cells) - 6  # the six dropdown cells are gone
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "solution" not in cell.metadata.get("tags", [])
    solutions = [cell for cell in student.cells if "nbgrader" in cell.metadata]
    assert [cell.metadata.nbgrader for cell in solutions] == [
        {"solution": True, "grade": False, "locked": False, "grade_id": f"{label}-solution", "schema_version": 3}
        for label in ("ex-ch99-count", "ex-ch99-threshold", "ex-ch99-answer")
    ]
    assert [cell.source for cell in solutions] == [
        course.stub_solution(COUNT_SOLUTION), course.stub_solution(THRESHOLD_SOLUTION),
        "answer = ...  # YOUR CODE HERE",
    ]
    # the exercise statements stay, and the checks still find their cells
    assert sum("{exercise}" in cell.source for cell in student.cells) == 3
    assert len(course.check_cells(student)) == 3


def test_student_notebook_names_the_cell_with_unbalanced_markers(notebook: nbformat.NotebookNode) -> None:
    notebook.cells[5].source = "def f():\n    ### BEGIN SOLUTION\n    return 1\n"
    with pytest.raises(CourseError, match=r"99-fixture.ipynb, cell 5 \(the solution of ex-ch99-count\).*never closed"):
        course.student_notebook(notebook, name="99-fixture.ipynb")


def test_markdown_directives_parses_fences_and_options() -> None:
    markdown = ("Text\n\n````{exercise}\n:label: ex-ch01-a\n:class: x\n\n```python\nx = 1\n```\n````\n"
                ":::{solution-end}\n:::\n```python\n```{not-a-directive}\n```\n")
    found = course.markdown_directives(markdown)
    assert [(d.name, d.options) for d in found] == [("exercise", {"label": "ex-ch01-a", "class": "x"}),
                                                    ("solution-end", {})]


# --------------------------------------------------------------------------------------------------------
# Running the notebooks (one kernel each)
# --------------------------------------------------------------------------------------------------------


def output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            parts.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts)


def execute(notebook: nbformat.NotebookNode, monkeypatch: pytest.MonkeyPatch, *, strict: bool) -> None:
    """Run the notebook in a python3 kernel that can import mlp (the repo) and ch99 (the fixtures)."""
    nbclient = pytest.importorskip("nbclient")
    path = os.pathsep.join([str(REPO), str(FIXTURES), os.environ.get("PYTHONPATH", "")])
    monkeypatch.setenv("PYTHONPATH", path)  # the kernel inherits the environment
    monkeypatch.setenv("MPLBACKEND", "Agg")
    if strict:
        monkeypatch.setenv("MLP_CHECKS_STRICT", "1")
    else:
        monkeypatch.delenv("MLP_CHECKS_STRICT", raising=False)
    client = nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3",
                                     resources={"metadata": {"path": str(FIXTURES)}})
    client.execute()


def test_student_edition_runs_and_every_check_says_not_done(notebook, monkeypatch) -> None:
    student = course.student_notebook(notebook)
    execute(student, monkeypatch, strict=False)
    checks = course.check_cells(student)
    assert len(checks) == 3
    for index in checks:
        cell = student.cells[index]
        assert len(cell.outputs) == 1, "a check shows exactly one line (no second echo of its result)"
        assert output_text(cell).startswith("⏳ Not done yet:"), output_text(cell)
        assert "text/html" in cell.outputs[0].data
    assert "chosen: Ellipsis" in output_text(student.cells[[c.source for c in student.cells].index(
        course.stub_solution(THRESHOLD_SOLUTION))])


def test_solution_notebook_passes_every_check_in_strict_mode(notebook, monkeypatch) -> None:
    execute(notebook, monkeypatch, strict=True)  # strict: a failed check would raise and stop the run
    checks = course.check_cells(notebook)
    assert len(checks) == 3
    for index in checks:
        assert output_text(notebook.cells[index]).startswith("✅ Correct:"), output_text(notebook.cells[index])


def test_strict_mode_makes_an_unfinished_check_fail(notebook, monkeypatch) -> None:
    nbclient = pytest.importorskip("nbclient")
    student = course.student_notebook(notebook)
    with pytest.raises(nbclient.exceptions.CellExecutionError) as raised:
        execute(student, monkeypatch, strict=True)
    assert "AssertionError" in str(raised.value) and "Not done yet" in str(raised.value)


# --------------------------------------------------------------------------------------------------------
# Set-up cell, toc, root
# --------------------------------------------------------------------------------------------------------


def test_setup_cell_reads_the_url_from_config(tmp_path: Path) -> None:
    config = tmp_path / "_config.yml"
    config.write_text("title: x\nrepository:\n  branch: main\n  url: 'https://github.com/someone/repo'\n")
    source = course.setup_cell_source(config)
    assert source.splitlines()[0] == "# Set-up: in Colab this installs the course library; elsewhere it does nothing."
    assert 'if "google.colab" in sys.modules:' in source
    assert source.endswith('    %pip install -q "mlp-from-scratch[all] @ git+https://github.com/someone/repo"')


def test_setup_cell_falls_back_to_a_regex_without_pyyaml(tmp_path: Path, monkeypatch) -> None:
    config = tmp_path / "_config.yml"
    config.write_text("title: x\nrepository:\n  branch: main\n\n  url: https://github.com/someone/repo  # here\n")
    with_yaml = course.setup_cell_source(config)
    monkeypatch.setitem(sys.modules, "yaml", None)  # `import yaml` now raises ImportError
    assert course.setup_cell_source(config) == with_yaml


@pytest.mark.parametrize("text, message", [
    ("title: x\n", "has no repository.url"),
    ("repository:\n  url: 'not a url'\n", "must be an http"),
    ("repository: [unclosed\n", "not valid YAML"),
])
def test_setup_cell_rejects_a_bad_config(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "_config.yml"
    config.write_text(text)
    with pytest.raises(CourseError, match=message):
        course.setup_cell_source(config)


def test_setup_cell_is_valid_ipython_that_does_nothing_outside_colab(tmp_path: Path) -> None:
    IPython = pytest.importorskip("IPython")
    from IPython.core.inputtransformer2 import TransformerManager

    config = tmp_path / "_config.yml"
    config.write_text(f"repository:\n  url: {URL}\n")
    python = TransformerManager().transform_cell(course.setup_cell_source(config))
    assert "get_ipython().run_line_magic('pip'" in python
    namespace: dict = {"get_ipython": lambda: pytest.fail("the set-up cell must not install outside Colab")}
    exec(compile(python, "<setup>", "exec"), namespace)
    assert IPython  # imported for the transformer


def test_toc_notebooks_lists_chapters_in_order(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/welcome\nparts:\n"
        "  - caption: One\n    chapters:\n      - file: notebooks/01-a\n      - file: book/intro.md\n"
        "        sections:\n          - file: notebooks/02-b.ipynb\n          - file: ./notebooks/03-lr-0.1\n"
        "  - caption: Two\n    chapters:\n      - file: notebooks/04-c.md\n      - file: notebooks/01-a\n")
    expected = [tmp_path.resolve() / "notebooks" / n for n in ("01-a.ipynb", "02-b.ipynb", "03-lr-0.1.ipynb")]
    assert course.toc_notebooks(tmp_path) == expected
    monkeypatch.setitem(sys.modules, "yaml", None)
    assert course.toc_notebooks(tmp_path) == expected
    monkeypatch.delitem(sys.modules, "yaml")

    monkeypatch.chdir(tmp_path)
    assert course.main(["toc-notebooks"]) == 0


def test_cli_toc_notebooks_prints_paths_relative_to_cwd(course_root: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(course_root)
    assert course.main(["toc-notebooks"]) == 0
    assert capsys.readouterr().out.split() == [os.path.join("notebooks", "99-fixture.ipynb")]


def test_find_root_walks_up_and_root_option_overrides(course_root: Path, tmp_path: Path, monkeypatch,
                                                      capsys) -> None:
    deep = course_root / "notebooks" / "deeper"
    deep.mkdir()
    assert course.find_root(deep) == course_root.resolve()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(CourseError, match="could not find _toc.yml"):
        course.find_root(elsewhere)
    monkeypatch.chdir(elsewhere)
    assert course.main(["setup-cell"]) == 2
    assert "could not find _toc.yml" in capsys.readouterr().err
    assert course.main(["setup-cell", "--root", str(course_root)]) == 0
    assert course.main(["--root", str(course_root), "setup-cell"]) == 0
    assert capsys.readouterr().out.count(f"git+{URL}") == 2
    assert course.main(["setup-cell", "--root", str(elsewhere)]) == 2
    assert "holds no _toc.yml" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------------
# student-edition and check-notebooks on the command line
# --------------------------------------------------------------------------------------------------------


def test_cli_student_edition_writes_the_toc_notebooks(course_root: Path, tmp_path: Path, monkeypatch,
                                                      capsys) -> None:
    monkeypatch.chdir(course_root)
    out = tmp_path / "students"
    assert course.main(["student-edition", str(out)]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    assert sorted(p.name for p in out.iterdir()) == ["99-fixture.ipynb"]
    written = nbformat.read(out / "99-fixture.ipynb", as_version=4)
    assert "BEGIN SOLUTION" not in nbformat.writes(written)
    source = nbformat.read(course_root / "notebooks" / "99-fixture.ipynb", as_version=4)
    assert nbformat.writes(written) == nbformat.writes(course.student_notebook(source))


def test_cli_student_edition_exits_2_on_unbalanced_markers(course_root: Path, tmp_path: Path, capsys) -> None:
    path = course_root / "notebooks" / "99-fixture.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[5].source = "def f():\n    return 1\n    ### END SOLUTION\n"
    nbformat.write(notebook, path)
    out = tmp_path / "students"
    assert course.main(["student-edition", str(out), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "cell 5" in err and "END SOLUTION on line 3 has no" in err
    assert not out.exists(), "nothing is written when a notebook fails"


def test_cli_student_edition_refuses_to_overwrite_the_sources(course_root: Path, capsys) -> None:
    notebooks = course_root / "notebooks"
    assert course.main(["student-edition", str(notebooks), str(notebooks / "99-fixture.ipynb")]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err


def test_check_notebooks_accepts_a_clean_course(course_root: Path, monkeypatch, capsys) -> None:
    assert course.check_notebooks(course_root) == {}
    monkeypatch.chdir(course_root)
    assert course.main(["check-notebooks"]) == 0
    assert "clean" in capsys.readouterr().out


def test_check_notebooks_reports_each_kind_of_problem(course_root: Path, monkeypatch, capsys) -> None:
    path = course_root / "notebooks" / "99-fixture.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].source = "import sys"                      # not the set-up cell
    notebook.cells[2].execution_count = 3                        # executed
    notebook.cells[2].outputs = [new_output("stream", name="stdout", text="hi\n")]
    notebook.cells[3].source = notebook.cells[3].source.replace("ex-ch99-count", "ex-ch98-count")
    notebook.cells[4].source = notebook.cells[4].source.replace(":class: dropdown\n", "")
    notebook.cells[12].source = "print('no check here')"         # check cell of ex-ch99-threshold
    del notebook.cells[13:18]                                    # ex-ch99-answer loses everything but ...
    notebook.cells.insert(13, new_markdown_cell("```{exercise}\n:label: ex-ch99-answer\n```"))
    nbformat.write(notebook, path)
    nbformat.write(notebook, course_root / "notebooks" / "98-stray.ipynb")

    report = course.check_notebooks(course_root)
    problems = report["notebooks/99-fixture.ipynb"]
    expected = ["cell 2 has outputs", "cell 2 has an execution count", "first code cell is not the set-up cell",
                "should start with ex-ch99-", "'ex-ch99-count' names no exercise above it",
                "needs `:class: dropdown`", "cell 12: the cell after the solution of ex-ch99-threshold should call",
                "exercise ex-ch99-answer (cell 13) has no solution cell"]
    for fragment in expected:
        assert any(fragment in problem for problem in problems), (fragment, problems)
    assert "not listed in _toc.yml" in report["notebooks/98-stray.ipynb"]

    (course_root / "_toc.yml").write_text("format: jb-book\nroot: notebooks/99-fixture\nchapters:\n"
                                          "  - file: notebooks/97-missing\n")
    assert course.check_notebooks(course_root)["notebooks/97-missing.ipynb"] == [
        "listed in _toc.yml but the file does not exist"]
    monkeypatch.chdir(course_root)
    assert course.main(["check-notebooks"]) == 1
    assert "notebooks/97-missing.ipynb: listed in _toc.yml" in capsys.readouterr().out


def test_module_runs_with_help() -> None:
    result = subprocess.run([sys.executable, "-m", "mlp.course", "--help"], capture_output=True, text=True,
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert result.returncode == 0
    for command in ("student-edition", "setup-cell", "toc-notebooks", "check-notebooks"):
        assert command in result.stdout
    assert "python -m mlp.course" in result.stdout
