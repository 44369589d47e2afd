# The two everyday commands are `make run` and `make test`; see README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install run test e2e bench lint format clean

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

# Everything on embedded defaults: SQLite, the filesystem broker, the
# bundled ClickMeeting sandbox, demo users and data. Ctrl-C stops it all.
run: install
	$(BIN)/python scripts/run_local.py

# The whole suite. Uses PostgreSQL and Redis when DATABASE_URL and
# REDIS_URL are set, SQLite and the filesystem broker otherwise.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Only the browser tests (headless Chromium); `make test` runs them too.
e2e: install
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# Benchmarks print a table; they never fail on speed.
bench: install
	$(BIN)/python -m pytest -m bench -s tests/bench $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
