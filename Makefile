# rmtly: two commands do everything.
#   make site   set up .venv, refresh the roles (falls back to the snapshots), build output/
#   make test   set up .venv and the browser, lint, run every test
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# CI logs are not a terminal: plain log lines keep URLs in messages unwrapped.
PELICAN_OPTS ?= $(if $(CI),--log-handler plain,)

.PHONY: help setup site refresh build serve publish test lint format browser bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "rmtly needs Python 3.11; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned dependencies into $(VENV) ..."
	@$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the pinned dependencies

refresh: setup  ## fetch the live roles into data/roles (keeps the last-known-good copy on failure)
	@$(BIN)/python scripts/refresh_roles.py

build: setup  ## build output/ from content/ and the role snapshots
	@$(BIN)/pelican content -s pelicanconf.py -o output --fatal errors $(PELICAN_OPTS)

site: refresh build  ## set up, refresh the roles, build output/

serve: setup  ## rebuild on change and serve http://127.0.0.1:8000 with live reload
	@$(BIN)/invoke livereload

publish: setup  ## production build with publishconf.py (needs RMTLY_REFERRAL_CODE)
	@$(BIN)/pelican content -s publishconf.py -o output --fatal errors $(PELICAN_OPTS)

browser:  ## install Debian's Chromium for the browser tests (needs root)
	@scripts/ensure_chromium.sh

lint: setup  ## ruff lint and format check, mypy --strict on the plugins
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy

format: setup  ## apply ruff's formatting and fixes
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

test: setup browser lint  ## set up, lint, run the whole suite
	@$(BIN)/python -m pytest

bench: setup  ## benchmark build, fetch and board; write docs/benchmarks.md (QUICK=1: a few minutes)
	@test -x node_modules/.bin/lighthouse || npm ci --no-audit --no-fund
	@$(BIN)/python scripts/bench.py $(if $(QUICK),--quick,)

clean:  ## remove output/ and caches (keeps .venv and data/)
	rm -rf output reports cache .pytest_cache .ruff_cache .mypy_cache
