# Two commands matter on a fresh machine: `make book` and `make test`.
# Everything runs in .venv, built from the exact pins in requirements.txt.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.installed
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: book test execute lab app bench e2e pdf lock clean venv nbval anchors serve dist fuzz

# The built site, as served by `make serve` and tested by `make e2e` (tools and
# tests read OVERDUE_HTML; the book is always built into _build/html).
HTML := _build/html
PORT ?= 8000
PREFIX ?= /

venv: $(STAMP)

# Re-install when the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# BASEURL=https://… make book sets the published address (permanent links, the
# how-to-cite boxes, sitemap.xml); without it, the placeholder of _config.yml.
# tools/compress.py then writes the .br/.gz twins that nginx serves.
book: $(STAMP)
	$(PY) tools/build_live.py
	$(JB) build . -W --keep-going
	$(PY) tools/compress.py $(HTML)
	@echo "Front page: $(CURDIR)/_build/html/index.html"

# The built book through nginx with deploy/'s configuration, on 127.0.0.1
# (PORT=8000, PREFIX=/ by default: PREFIX=/overdue/ serves it under a sub-path).
serve: $(STAMP) _build/html/index.html
	$(PY) tools/nginx_site.py serve --port $(PORT) --prefix $(PREFIX) $(HTML)

# Unit tests, data checks, the strict book build, static HTML checks and strict
# nbval over every notebook, in one pytest run (tests/test_book_html.py builds the book first).
test: $(STAMP)
	$(PY) -m pytest tests book app $(NBVAL) -q --ignore=tests/e2e --ignore=tests/print --ignore=tests/app --ignore=tests/live
	@# Strict nbval must be stable, not lucky: two more runs of the notebooks alone.
	$(PY) -m pytest book app $(NBVAL) -q
	$(PY) -m pytest book app $(NBVAL) -q

# The properties of tests/test_fuzz.py with a large random budget (make test runs them with a
# small deterministic one). OVERDUE_FUZZ_EXAMPLES=N sets the number of examples.
fuzz: $(STAMP)
	OVERDUE_FUZZ=1 $(PY) -m pytest tests/test_fuzz.py -q -p no:cacheprovider

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

# Speed and size figures, printed (the pages and the calculators through nginx).
bench: $(STAMP) _build/html/index.html
	$(PY) tools/compress.py $(HTML)
	$(PY) tools/bench.py

_build/html/index.html:
	$(MAKE) book

# Browser tests of the built book in Debian's headless Chromium (apt: chromium
# fonts-wqy-microhei), the book served by Debian's nginx with deploy/'s
# configuration (apt: nginx libnginx-mod-http-brotli-static): compression,
# caching and security headers as a host sends them; any CSP violation fails.
e2e: $(STAMP)
	$(PY) tools/build_live.py
	$(JB) build . -W --keep-going
	$(PY) tools/compress.py $(HTML)
	@# Three runs: each suite drives its own Playwright instance, and two sync
	@# Playwright instances cannot share one process. tests/e2e and tests/live
	@# start nginx themselves; tests/app drives Voilà (a live kernel, not a static site).
	OVERDUE_HTML=$(CURDIR)/$(HTML) $(PY) -m pytest tests/e2e -q
	$(PY) -m pytest tests/app -q
	OVERDUE_HTML=$(CURDIR)/$(HTML) $(PY) -m pytest tests/live -q

# The printable edition: every page printed by headless Chromium, merged, then checked.
pdf: $(STAMP)
	$(PY) tools/build_live.py
	$(JB) build . -W --keep-going
	$(PY) tools/make_pdf.py
	$(PY) -m pytest tests/print -q

# A release to download and keep: dist/overdue-notebook-<version>.tar.gz (the site,
# the PDF, the notebooks, CITATION.cff, nginx configuration, SHA256SUMS) and
# dist/SHA256SUMS. Byte-identical on every run from the same commit
# (SOURCE_DATE_EPOCH: the last commit's time unless set).
dist: $(STAMP)
	$(PY) tools/build_live.py
	$(JB) build . -W --keep-going
	$(PY) tools/compress.py $(HTML)
	$(PY) tools/make_pdf.py
	$(PY) tools/make_dist.py --html $(HTML)

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
	rm -rf _build dist
