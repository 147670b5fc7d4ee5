# innokg: `make run` sets up, builds the graph from data/reports and opens the explorer;
# `make test` sets up and runs the tests. Both work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INNOKG := $(VENV)/bin/innokg
STORE ?= data/graph
REPORTS ?= data/reports
PORT ?= 8501

.PHONY: install build run explore test test-deps lint bench clean

# Extra setup the tests need (a browser, npm tools, optional model packages) lives in
# mk/*.mk; each file adds its target to TEST_DEPS, and may wrap pytest in TEST_RUN (a
# command that starts a service, runs the rest of its arguments and stops the service).
TEST_DEPS :=
TEST_RUN :=
-include mk/*.mk

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed

build: install
	$(INNOKG) build $(REPORTS) --store $(STORE)

run: build
	$(INNOKG) explore --store $(STORE) --port $(PORT)

explore: install
	$(INNOKG) explore --store $(STORE) --port $(PORT)

test-deps: install $(TEST_DEPS)

test: test-deps
	$(TEST_RUN) $(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .

# The build benchmark (1, 10 and 50 million characters; about an hour on 2 cores).
# SIZES=1,10 for a shorter run.
SIZES ?= 1,10,50
bench: install
	$(PY) bench/run.py --sizes $(SIZES)

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
