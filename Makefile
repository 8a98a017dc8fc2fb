# Two commands on a fresh machine with Python 3.11+ and make:
#   make run    installs what cardgame needs into .venv and opens the app on the bundled decks
#   make test   installs what the tests need (tmux and Chromium included), checks the code
#               (ruff, mypy) and runs the whole suite with coverage against its floor

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
COVERAGE_FLOOR_PER_MODULE ?= 75

.PHONY: run test install system-deps lint bench wheel clean

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

lint: install
	$(BIN)/ruff check cardgame tests bench
	$(BIN)/mypy

test: install system-deps lint
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report
	$(BIN)/coverage json --quiet -o .coverage.json
	$(BIN)/python scripts/coverage_floor.py .coverage.json $(COVERAGE_FLOOR_PER_MODULE)

bench: install
	$(BIN)/python bench/run.py $(if $(QUICK),--quick,)

wheel: install
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) .pytest_cache .coverage .coverage.* .coverage.json
