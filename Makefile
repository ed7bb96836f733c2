# Two commands for everything:  `make book`  and  `make test`.
# Both create .venv (if missing) and install requirements.txt into it first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# No MPLBACKEND here: set to Agg it would stop the executed chapters from showing their figures in the book
# (matplotlib picks a headless backend by itself where there is no display).
# One BLAS thread: the course's matrices are small, and on a shared 2-core machine more threads only fight.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
# One kind of OpenBLAS kernel on every x86-64 machine (AVX2's "Haswell"): kernels for other CPUs sum float32
# products in other orders, so a chapter's live numbers would differ in the last bits, and training runs
# drift apart from there. experiments/_runner.py pins the same for the committed results.
ifeq ($(shell uname -m),x86_64)
export OPENBLAS_CORETYPE ?= Haswell
endif
# Tests run in parallel, one notebook (or test file) per worker; the book tests share one build (one file).
WORKERS ?= 2
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv book test unit notebooks student-edition clean

help:
	@echo "make book   - build the book into _build/html (executes every chapter)"
	@echo "make test   - unit tests, every notebook (nbval), student editions, and a -W book build"
	@echo "make unit   - only the library's unit tests (fast)"
	@echo "make student-edition OUT=dir - write notebooks without solutions to dir"
	@echo "make clean  - remove _build and caches (keeps .venv)"

$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

venv: $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . --all -W -n --keep-going

test: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider -n $(WORKERS) --dist loadfile \
		tests/unit tests/course tests/experiments $$($(BIN)/python -m mlp.course toc-notebooks) tests/book

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

OUT ?= student-edition
student-edition: $(STAMP)
	$(BIN)/python -m mlp.course student-edition $(OUT)

clean:
	rm -rf _build .pytest_cache student-edition
