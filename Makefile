# cnespress: `make run` serves the site, `make test` runs the tests.
# Both create the virtualenv (.venv) on first use.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
FIXTURES := nations seed_releases

.DEFAULT_GOAL := help
.PHONY: help install run migrate fixtures test lint format check bench bench-import clean

help:
	@echo "make run    install, migrate, load the seed releases, serve on 127.0.0.1:$(PORT)"
	@echo "make test   install and run the whole test suite"
	@echo "make lint   ruff and the missing-migration check"
	@echo "make bench  benchmarks (see README)"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "cnespress needs Python 3.12+: '$(PYTHON)' is $$($(PYTHON) --version)." \
		"Set PYTHON=python3.13 (or use pyenv, which reads .python-version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input

fixtures: migrate
	$(PY) manage.py loaddata $(FIXTURES)

run: fixtures
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check: lint test

# Time the import of generated plain-text releases (FILES=1000 by default).
bench-import: install
	$(PY) bench/import_files.py $(or $(FILES),1000)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
