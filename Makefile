# Two commands matter on a fresh machine: `make book` and `make test`.
# Everything runs in .venv, built from the exact pins in requirements.txt.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.installed
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: book test execute lab app bench e2e pdf lock clean venv nbval anchors

venv: $(STAMP)

# Re-install when the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

book: $(STAMP)
	$(PY) tools/build_live.py
	$(JB) build . -W --keep-going
	@echo "Front page: $(CURDIR)/_build/html/index.html"

# Unit tests, data checks, the strict book build, static HTML checks and strict
# nbval over every notebook, in one pytest run (tests/test_book_html.py builds the book first).
test: $(STAMP)
	$(PY) -m pytest tests book app $(NBVAL) -q --ignore=tests/e2e --ignore=tests/print --ignore=tests/app --ignore=tests/live
	@# Strict nbval must be stable, not lucky: two more runs of the notebooks alone.
	$(PY) -m pytest book app $(NBVAL) -q
	$(PY) -m pytest book app $(NBVAL) -q

nbval: $(STAMP)
	$(PY) -m pytest book $(NBVAL) -q

# Re-execute every notebook in place, storing widget state, without timestamps.
execute: $(STAMP)
	$(PY) tools/execute_notebooks.py book app

lab: $(STAMP)
	$(VENV)/bin/jupyter lab book

# All calculators on one page, served by Voila on 127.0.0.1 (offline template, no CDN).
app: $(STAMP)
	tools/run_app.sh

bench: $(STAMP) _build/html/index.html
	$(PY) tools/bench.py

_build/html/index.html:
	$(MAKE) book

# Browser tests of the built book in Debian's headless Chromium (apt: chromium fonts-wqy-microhei).
e2e: $(STAMP)
	$(PY) tools/build_live.py
	$(JB) build . -W --keep-going
	@# Three runs: each suite drives its own Playwright instance, and two sync
	@# Playwright instances cannot share one process.
	$(PY) -m pytest tests/e2e -q
	$(PY) -m pytest tests/app -q
	$(PY) -m pytest tests/live -q

# The printable edition: every page printed by headless Chromium, merged, then checked.
pdf: $(STAMP)
	$(PY) tools/build_live.py
	$(JB) build . -W --keep-going
	$(PY) tools/make_pdf.py
	$(PY) -m pytest tests/print -q

lock:
	rm -rf /tmp/overdue-lock && $(PYTHON) -m venv /tmp/overdue-lock
	/tmp/overdue-lock/bin/pip install --quiet -r requirements.in
	/tmp/overdue-lock/bin/pip freeze | grep -v '^-e' > requirements.lock.new
	@echo "Review requirements.lock.new, then merge it into requirements.txt"

# Add the anchors of the current build to data/anchors.lock (never removes one).
anchors: $(STAMP)
	$(JB) build . -W --keep-going
	$(PY) tools/anchors.py --update

clean:
	rm -rf _build
