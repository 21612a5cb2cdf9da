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

.PHONY: help setup site refresh build serve publish preview check check-tools test lint format browser bench clean

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

publish: setup check-tools  ## production build in a fresh folder; replaces output/ only if every gate passes
	@$(BIN)/python scripts/publish_site.py

preview: setup  ## production build from the snapshots, served on 127.0.0.1:8000 (offline)
	@$(BIN)/invoke preview

# The gates' npm tools (vnu.jar, axe-core), exactly as package-lock.json pins them.
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the site checks" >&2; exit 1; }
	@command -v java >/dev/null || { echo "Java 17 is needed for the Nu HTML checker (apt-get install default-jre-headless)" >&2; exit 1; }
	@npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

check-tools: $(NPM_STAMP)  ## install the checks' npm tools (Nu checker, axe-core) from package-lock.json

check: setup check-tools browser  ## run every gate over output/ (SETTINGS=publishconf.py for a publish build)
	@$(BIN)/python scripts/check_site.py output --settings $(or $(SETTINGS),pelicanconf.py)

browser:  ## install Debian's Chromium for the browser tests (needs root)
	@scripts/ensure_chromium.sh

lint: setup  ## ruff lint and format check, mypy --strict on the plugins
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy

format: setup  ## apply ruff's formatting and fixes
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

test: setup check-tools browser lint  ## set up, lint, run the whole suite
	@$(BIN)/python -m pytest

bench: setup  ## measure the board's size at the shipped snapshot and at 1,000 roles
	@$(BIN)/python scripts/bench_board.py

clean:  ## remove output/ and caches (keeps .venv and data/)
	rm -rf output reports .build .pytest_cache .ruff_cache .mypy_cache
