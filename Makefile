# Bina ASN: developer and CI entry points.
#   make install   .venv with the package and its dev tools (a second run does nothing)
#   make run       the demo: creates/refreshes the demo database and serves it
#   make lint      ruff + mypy
#   make test      lint, then the suite on SQLite, on a throwaway PostgreSQL, and the browser tests

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed
PYTEST := $(CURDIR)/$(VENV)/bin/pytest

# Each test run gets its own empty BINA_DATA_DIR (the settings generate the secret key and the
# SQLite file there), removed afterwards: tests never touch ./data.
# Pytest's exit status 5 ("no tests collected") is non-zero, so it fails the recipe like any other
# failure: never wrap these calls in something that forgives it.
define in_temp_data_dir
data_dir="$$(mktemp -d "$${TMPDIR:-/tmp}/bina-test-data.XXXXXX")"; \
trap 'rm -rf "$$data_dir"' EXIT; \
export BINA_DATA_DIR="$$data_dir";
endef

.PHONY: help install run lint test test-sqlite test-postgres test-browser system-deps

help:
	@sed -n 's/^#   make /make /p' $(firstword $(MAKEFILE_LIST))

install: $(STAMP)

# The stamp depends on pyproject.toml: a second `make install` does nothing until it changes.
$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check -e '.[dev]'
	touch $@

run: install
	$(VENV)/bin/bina demo

lint: install
	$(VENV)/bin/ruff check src tests $(wildcard bench)
	$(VENV)/bin/mypy src tests

# Debian packages for the tests, installed (as root) only when one is missing.
system-deps:
	scripts/system-deps.sh

test: install system-deps lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-browser

test-sqlite: install
	$(in_temp_data_dir) env -u DATABASE_URL $(PYTEST) -m "not browser"

test-postgres: install system-deps
	$(in_temp_data_dir) scripts/with-postgres.sh $(PYTEST) -m "not browser"

test-browser: install system-deps
	$(in_temp_data_dir) env -u DATABASE_URL BINA_TEST_DB_FILE="$$data_dir/test-browser.sqlite3" \
		$(PYTEST) -m browser
