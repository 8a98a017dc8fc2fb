# Two commands on a fresh machine with Python 3.11+ and make:
#   make run    installs what cardgame needs into .venv and opens the app on the bundled decks
#   make test   installs what the tests need (tmux included) and runs the whole suite

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install system-deps lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/cardgame

system-deps:
	bash scripts/install-system-deps.sh

test: install system-deps
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check cardgame tests

clean:
	rm -rf $(VENV) .pytest_cache
