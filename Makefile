# rmtly: two commands do everything.
#   make site   set up .venv, refresh the roles (falls back to the snapshots), build output/
#   make test   set up .venv and the browser, lint, run every test
# Every other target runs the invoke task of the same name (tasks.py), so
# `make X` and `.venv/bin/invoke X` always do the same thing.
#   PORT=8001   port for serve, devserver and preview (default 8000)
#   DEBUG=1     Pelican's debug output and full tracebacks
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INVOKE := $(BIN)/invoke
PORT ?= 8000
DEBUG_FLAG := $(if $(filter-out 0,$(DEBUG)),--debug,)
PORT_FLAG := --port $(PORT)

.PHONY: help setup site refresh html build regenerate serve devserver publish \
	preview check check-tools new-post test lint format browser bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'
	@echo "  PORT=8001 sets the port of serve, devserver and preview; DEBUG=1 shows tracebacks"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "rmtly needs Python 3.11; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned dependencies into $(VENV) ..."
	@$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the pinned dependencies

site: refresh html  ## set up, refresh the roles, build output/

test: setup  ## set up, install Chromium if missing, lint, run the whole suite
	@$(INVOKE) test

refresh: setup  ## fetch the live roles into data/roles (keeps the last-known-good copy on failure)
	@$(INVOKE) refresh-roles

html: setup  ## build output/ from content/ and the role snapshots
	@$(INVOKE) html $(DEBUG_FLAG)

build: html  ## same as html

regenerate: setup  ## rebuild output/ on every change (no server)
	@$(INVOKE) regenerate $(DEBUG_FLAG)

serve: setup  ## serve output/ on http://127.0.0.1:PORT without rebuilding
	@$(INVOKE) serve $(PORT_FLAG)

devserver: setup  ## rebuild on change and serve with live reload on http://127.0.0.1:PORT
	@$(INVOKE) devserver $(PORT_FLAG) $(DEBUG_FLAG)

publish: setup  ## production build in a fresh folder; replaces output/ only if every gate passes
	@$(INVOKE) publish $(DEBUG_FLAG)

preview: setup  ## production build, then serve it on http://127.0.0.1:PORT
	@$(INVOKE) preview $(PORT_FLAG) $(DEBUG_FLAG)

check: setup  ## run every gate over output/ (SETTINGS=publishconf.py for a publish build)
	@$(INVOKE) check --settings $(or $(SETTINGS),pelicanconf.py)

check-tools: setup  ## install the gates' npm tools (Nu checker, axe-core) from package-lock.json
	@$(INVOKE) check-tools

new-post: setup  ## write a draft article: make new-post TITLE="..." [SUMMARY="..."] [CATEGORY=...]
	@test -n "$(TITLE)" || { echo 'Give a title: make new-post TITLE="What vetting looks for"' >&2; exit 2; }
	@$(INVOKE) new-post --title "$(TITLE)" $(if $(SUMMARY),--summary "$(SUMMARY)",) $(if $(CATEGORY),--category "$(CATEGORY)",)

browser: setup  ## install Debian's Chromium for the browser tests (needs root)
	@$(INVOKE) browser

lint: setup  ## ruff lint and format check, mypy --strict on the plugins
	@$(INVOKE) lint

format: setup  ## apply ruff's formatting and fixes
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

bench: setup  ## benchmark build, fetch and board; write docs/benchmarks.md (QUICK=1: a few minutes)
	@$(INVOKE) bench $(if $(QUICK),--quick,)

clean:  ## remove output/, failed builds, the fetch reports and the tool caches (keeps .venv and data/)
	@if [ -x $(INVOKE) ]; then $(INVOKE) clean; else rm -rf output .build .cache reports .pytest_cache .ruff_cache .mypy_cache; fi
