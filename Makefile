# claimtrail: `make run` runs the pipeline on seeds/, `make test` runs the tests.
# The environment (.venv) is created from the committed lock file, and recreated when it is stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# claimtrail itself, installed editable with its extractor compiled (tasks/native.py); rebuilt
# when a compiled module's source changes
COMPILED := $(VENV)/.compiled
NATIVE_SOURCES := setup.py tasks/native.py schemas/build.py schemas/ids.py $(wildcard tasks/extract/*.py tasks/text/*.py)
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: run test lint lock clean

$(STAMP): requirements.lock pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

$(COMPILED): $(STAMP) $(NATIVE_SOURCES)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(COMPILED)

run: $(COMPILED)
	$(BIN)/claimtrail run seeds

test: $(COMPILED)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(COMPILED)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Re-resolve the lock file from pyproject.toml (needs the package registry).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip setuptools
	.lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	{ echo "# Locked environment for claimtrail (Python 3.11+). Regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^claimtrail' | sort -f; \
	  .lock-venv/bin/python -m pip freeze --all | grep '^setuptools=='; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) build *.so tasks/native_build.json data/lake data/warehouse.duckdb data/warehouse.report.html
