# vanhoa – two commands on a fresh machine: `make demo` and `make test`. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages: LibreOffice + fonts for DOCX→PDF (python3-uno: one long-lived LibreOffice per worker), poppler for PDF previews, Chromium for browser tests.
APT_RUNTIME := libreoffice-writer-nogui python3-uno fonts-liberation fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0
APT_TEST := chromium libreoffice-calc-nogui

.PHONY: help demo start test install system-deps system-deps-test lint bench bench-country worker clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## create .venv and install the Python packages

system-deps: ## install the Debian packages documents need (when missing)
	@scripts/apt-ensure.sh $(APT_RUNTIME)

system-deps-test: system-deps ## … and Chromium for the browser tests
	@scripts/apt-ensure.sh $(APT_TEST)

demo: install system-deps ## run the app on the demo ward at http://127.0.0.1:8000 (EMPTY=1: your commune, no demo data)
	@if [ -n "$(EMPTY)" ]; then scripts/start.sh; else scripts/demo.sh; fi

test: install system-deps-test ## lint, then every test on SQLite and (when reachable) on PostgreSQL
	@scripts/test.sh

lint: install ## ruff + mypy (strict packages: pyproject.toml) + migrations check
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install system-deps ## benchmarks (ratios against a floor measured in the same run)
	@scripts/bench.sh

bench-country: install ## optional: 10,000,000 households in 1,000 wards (needs ~12 GB free disk, 15–40 min)
	nice -n 19 $(BIN)/python bench/country_rollup.py

worker: install ## the background task worker (exports, imports, PDF conversions)
	$(BIN)/python manage.py db_worker

clean: ## remove the virtualenv and local data
	rm -rf $(VENV) var
