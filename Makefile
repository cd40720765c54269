# One entry point for people and CI. Every target builds on a venv made from the hashed lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help venv validate book pdf test lint clean lock bench

help:
	@echo "make book      build the HTML book into _build/html (creates .venv first)"
	@echo "make test      lint, then run the whole test suite"
	@echo "make validate  validate the data package in data/"
	@echo "make pdf       build the book and its PDF"
	@echo "make lint      ruff and mypy"
	@echo "make clean     remove build output and caches (keeps .venv)"
	@echo "make lock      re-pin requirements.lock from pyproject.toml (needs uv)"
	@echo "make bench     benchmark builds at 1,000 to 100,000 events (long; see benchmarks/README.md)"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

validate: $(STAMP)
	$(BIN)/talksbook validate data

book: $(STAMP)
	$(BIN)/talksbook build --lang en,ar

pdf: $(STAMP)
	$(BIN)/talksbook build --lang en,ar --pdf

# Lint first: ruff and mypy take seconds, the tests minutes.
test: lint
	$(BIN)/python -m pytest

# Not part of `make test`: the run takes a long time and its timings are not pass/fail tests.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src

clean:
	rm -rf _build .pytest_cache .ruff_cache .mypy_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +

lock:
	uv pip compile pyproject.toml build-requirements.in --extra dev --generate-hashes \
		--python-version 3.11 -o requirements.lock
