# Local Action — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_MEMBERS ?= 2000
DEMO_SEED ?= 2007

.PHONY: run test lint format ci install install-dev messages clean

run: $(VENV)/.installed messages
	DEBUG=1 $(BIN)/localaction migrate --noinput
	DEBUG=1 $(BIN)/localaction demo --if-empty --members $(DEMO_MEMBERS) --seed $(DEMO_SEED)
	DEBUG=1 $(BIN)/localaction serve 127.0.0.1:8000   # the web server and a background worker

test: $(VENV)/.installed-dev messages
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo   # the layers (also run by the tests)
	DEBUG=1 $(BIN)/localaction makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci: test lint

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# Translations are compiled at install from the committed .po files, with
# Babel (pure Python), so no system gettext is needed.
messages: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d localaction/locale -D django

clean:
	rm -rf $(VENV) var
