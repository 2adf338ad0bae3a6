# The two commands of the README's Quick start, and a few helpers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast build lint screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Install the app, build the embedded SQLite database if it is missing, serve it
# with gunicorn (two worker processes of four threads, the views prepared in the
# background at start) on PES_HOST:PES_PORT. `python app.py` is Flask's development
# server, for PES_DEBUG=1 only.
run: $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	test -f var/pes.sqlite || $(BIN)/python -m data_access.load build
	PES_WARM_CACHE=$${PES_WARM_CACHE:-1} $(BIN)/gunicorn --workers 2 \
	  --worker-class gthread --threads 4 --timeout 60 \
	  --bind $${PES_HOST:-127.0.0.1}:$${PES_PORT:-8050} app:server

# Install what the tests need (Debian's chromium and poppler-utils when missing, as
# root), then run the whole suite: unit, data access on SQLite and PostgreSQL, app, browser.
test: $(BIN)/python
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null)
	$(BIN)/pip install -q -r requirements-dev.txt
	mkdir -p var/home
	$(BIN)/lint-imports --no-cache
	HOME=$(CURDIR)/var/home $(BIN)/python -m pytest

# The unit and data access tests on SQLite only, without the full builds of the
# shipped data (no PostgreSQL, no browser): under a minute. `make test` runs everything.
.PHONY: test-fast
test-fast: $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -m "not postgres and not shipped_build" tests/unit tests/data_access

build: $(BIN)/python
	$(BIN)/python -m data_access.load build

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
