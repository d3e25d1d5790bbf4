# Two commands matter on a fresh machine: `make book` and `make test`.
# Everything runs in .venv, built from the exact pins in requirements.txt.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.installed
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: book test execute lab app bench e2e pdf lock clean venv nbval

venv: $(STAMP)

# Re-install when the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

book: $(STAMP)
	$(JB) build . -W --keep-going
	@echo "Front page: $(CURDIR)/_build/html/index.html"

# Unit tests, data checks, the strict book build, static HTML checks and strict
# nbval over every notebook, in one pytest run (tests/test_book_html.py builds the book first).
test: $(STAMP)
	$(PY) -m pytest tests book $(NBVAL) -q
	@# Strict nbval must be stable, not lucky: two more runs of the notebooks alone.
	$(PY) -m pytest book $(NBVAL) -q -p no:randomly
	$(PY) -m pytest book $(NBVAL) -q -p no:randomly

nbval: $(STAMP)
	$(PY) -m pytest book $(NBVAL) -q

# Re-execute every notebook in place, storing widget state, without timestamps.
execute: $(STAMP)
	$(PY) tools/execute_notebooks.py book

lab: $(STAMP)
	$(VENV)/bin/jupyter lab book

bench: $(STAMP)
	$(PY) tools/bench.py

lock:
	rm -rf /tmp/overdue-lock && $(PYTHON) -m venv /tmp/overdue-lock
	/tmp/overdue-lock/bin/pip install --quiet -r requirements.in
	/tmp/overdue-lock/bin/pip freeze | grep -v '^-e' > requirements.lock.new
	@echo "Review requirements.lock.new, then merge it into requirements.txt"

clean:
	rm -rf _build
