"""pytest set-up for the whole repository (tests/ and the notebooks that nbval runs).

Chapter notebooks run under nbval with the exercise checks in strict mode (MLP_CHECKS_STRICT=1): a check
that does not pass on its own solution raises, so nbval fails. That is how `make test` proves every check
passes on the solutions, without executing each notebook a second time. The student editions are run
separately (tests/course/test_student_editions.py), where every check must say "not done yet".
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("CI", "true")  # progress bars stay quiet in tests, as in CI

try:  # headless plotting in the test process itself; kernels keep their inline backend (figures in the book)
    import matplotlib

    matplotlib.use("Agg")
except ImportError:  # the library's core tests need only NumPy
    pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    # nbval starts a notebook's kernel while setting up its first cell; the kernel copies the environment then.
    if type(item).__module__.startswith("nbval"):
        previous = os.environ.get("MLP_CHECKS_STRICT")
        os.environ["MLP_CHECKS_STRICT"] = "1"
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop("MLP_CHECKS_STRICT", None)
            else:
                os.environ["MLP_CHECKS_STRICT"] = previous
    else:
        yield

