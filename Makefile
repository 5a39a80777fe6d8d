# Two commands on a fresh machine: `make demo` (the trainer's whole cycle on synthetic
# learners) and `make test` (the whole test suite). Both create .venv when missing.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install lock demo test lint lab hub data build check clean-notebooks

# Installs come from the lock file (exact versions, the same kit everywhere); `make lock` refreshes it.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock \
		|| { echo "requirements.lock does not fit this Python: installing from the ranges in pyproject.toml"; \
		     $(BIN)/python -m pip install --quiet -e '.[test]'; }
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The lock is resolved by the oldest Python the kit runs on (the hub's Debian python3; 3.11 is the
# floor), so its pins install there and on every newer 3.11+; all extras, so the hub's environment
# takes its versions from it too (`promtour hub env` installs with --constraint requirements.lock).
LOCK_PYTHON ?= /usr/bin/python3
LOCK_VENV   ?= build/lock-venv

lock:  # after changing dependencies in pyproject.toml: re-resolve requirements.lock (needs the registry)
	test -x $(LOCK_VENV)/bin/python || $(LOCK_PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet pip-tools
	$(LOCK_VENV)/bin/pip-compile --quiet --all-extras --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/promtour demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)  # ruff lint, format check and mypy (config in pyproject.toml)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

lab: $(STAMP)
	$(BIN)/promtour lab

hub: $(STAMP)  # JupyterHub for a cohort on this machine (run as root: it creates local users)
	$(BIN)/pip install --quiet -e '.[hub]'
	$(BIN)/promtour hub serve

data: $(STAMP)
	$(BIN)/promtour data

build: $(STAMP)
	$(BIN)/promtour build

check: lint  # the house checks, then the author's check of every module (lessons run, solutions full marks)
	$(BIN)/promtour check

clean-notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --clear-output --inplace modules/*.ipynb solutions/*/*.ipynb assignments/*/*.ipynb
