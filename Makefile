# Two commands do all the set-up on a fresh machine:
#   make run    builds the store if needed and serves the dashboard on http://localhost:8501
#   make test   lints and runs every test, end-to-end browser tests included (what CI runs)
# Each creates .venv and installs what it needs, Debian's chromium included for the tests.
#   make check  the fast tier while you work: lint and every test but the browser, LibreOffice,
#               fault-injection and deployment ones (pyproject.toml's markers); needs only .venv
#   make deploy-local   HAProxy, REPLICAS read-only replicas and one writer on 127.0.0.1 (docs/deployment.md)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT   ?= 8501
# Only this machine can reach `make run` (Streamlit's default is every interface); ADDRESS=0.0.0.0 to share it.
ADDRESS ?= 127.0.0.1

# Python's compiled modules are kept under .venv, whatever the environment says. An environment with
# PYTHONDONTWRITEBYTECODE=1 (this machine's image sets it) had every Python process, each test worker and
# each command-line run a test starts, compile pandas, Streamlit and Plotly from source again: about 1 s
# of CPU a process (`import dash.cli`: 2.1 s against 1.0 s), and the fault tests' runs three times as
# slow. Under .venv/pycache the bytecode stays away from the sources, as that setting wants.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache

.PHONY: run test check bench build check-store lint chromium haproxy deploy-local test-packages clean

run: $(VENV)/.runtime chromium
	$(PY) -m dash build --if-needed
	$(PY) -m dash serve --port $(PORT) --address $(ADDRESS)

test: $(VENV)/.dev test-packages node_modules/.installed
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# The tiers are pytest markers (pyproject.toml); tests/conftest.py fails a test that starts
# Chromium, LibreOffice, HAProxy or a write meant to die without its marker.
FAST_TIER := not browser and not office and not faults and not deploy
check: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -m "$(FAST_TIER)"

# Every figure in docs/performance.md: the seed store, a national synthetic store, then the write
# path (about fifteen minutes; prints the figures, asserts none). NATIONAL=path to put that store elsewhere.
NATIONAL ?= data/national.duckdb
bench: $(VENV)/.dev chromium
	$(PY) -m dash build --if-needed
	$(PY) -m dash bench --db data/dash.duckdb
	$(PY) -m dash bench --db data/dash.duckdb --warm --browser
	$(PY) -m dash synth --db $(NATIONAL)
	$(PY) -m dash bench --db $(NATIONAL) --browser
	$(PY) -m dash bench --writes

# The balancer (Debian's HAProxy) in front of REPLICAS read-only replicas and one writer, all on
# 127.0.0.1: the balancer on DEPLOY_PORT, the replicas on the next ports, then the writer and HAProxy's
# status page (it prints them all). Ctrl+C stops them all.
REPLICAS ?= 3
DEPLOY_PORT ?= 8600
deploy-local: $(VENV)/.runtime haproxy
	$(PY) -m dash build --if-needed
	$(PY) -m dash deploy-local $(REPLICAS) --port $(DEPLOY_PORT)

build: $(VENV)/.runtime
	$(PY) -m dash build

# The store's data-quality report (exit status 1 on errors).
check-store: $(VENV)/.runtime
	$(PY) -m dash check

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# --no-compile: pip would byte-compile every file of every package (about 17 s of a fresh set-up);
# Python compiles the modules a run imports, once, as it first imports them (under PYTHONPYCACHEPREFIX, above).
$(VENV)/.runtime: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q --no-compile -r requirements.txt
	$(PY) -m pip install -q --no-compile --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q --no-compile -r requirements-dev.txt
	touch $@

# axe-core for the accessibility tests, at the version package-lock.json pins (npm from test-packages).
node_modules/.installed: package.json package-lock.json | test-packages
	npm ci --no-audit --no-fund --silent
	touch $@

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

haproxy:
	@[ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq --no-install-recommends haproxy; }

# Everything `make test` needs from Debian, in one apt-get call for whatever is missing: chromium,
# LibreOffice and poppler, which render the deck as a projector would and read where its words fell
# (tests/export/test_deck_render.py), npm for axe-core, and HAProxy for the deployment test
# (tests/deploy/). (chromium recommends nothing here, so
# --no-install-recommends installs what `make chromium` does.)
test-packages:
	@missing=""; \
	  command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-impress"; \
	  command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	  [ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || missing="$$missing haproxy"; \
	  [ -z "$$missing" ] || { $(SUDO) apt-get update -qq && \
	    $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; }

clean:
	rm -rf $(VENV) node_modules data/dash.duckdb data/dash.duckdb.lock data/national.duckdb* data/deploy .pytest_cache
