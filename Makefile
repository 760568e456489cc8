# cnespress: `make run` serves the site, `make test` runs the tests.
# Both create the virtualenv (.venv) on first use.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install messages run migrate fixtures test lint format check clean \
	production production-build bench-tools bench bench-load bench-import bench-diff bench-media \
	bench-mail

help:
	@echo "make run    install, migrate, seed an empty archive, serve on 127.0.0.1:$(PORT)"
	@echo "make test   install and run the whole test suite"
	@echo "make lint   ruff and the missing-migration check"
	@echo "make bench  the public pages' benchmark, with wrk (docs/performance.md)"
	@echo "make bench-load  readers, editors and a publisher at once, with wrk"
	@echo "make production  build and migrate for production (docs/deploy.md)"
	@echo "make bench-mail  the mail worker's benchmark (docs/mail.md)"

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

# Compile the committed message catalogues (needs GNU gettext's msgfmt).
messages: install
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv -v0; fi

migrate: messages
	$(PY) manage.py migrate --no-input

# Seed content goes only into empty tables: never over an editor's work.
fixtures: migrate
	$(PY) manage.py seed

# The web server and, beside it, the worker that sends the mails (docs/mail.md);
# Ctrl-C stops both. DJANGO_EMAIL_URL=smtp://127.0.0.1:1025 sends the mails there.
run: fixtures
	@trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py worker & worker=$$!; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production (docs/deploy.md), run with the production environment set:
# production-build prepares this checkout (runtime packages, the deployment checks,
# the French catalogue, the static files); production also migrates the database.
# With several app servers, each runs production-build and one runs production.
production: production-build
	$(PY) manage.py migrate --no-input

production-build: $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	$(PY) manage.py collectstatic --no-input -v0

# The browser tests' checkers from the npm registry: axe-core and the Nu HTML Checker
# (its install script, which would download a Java runtime, is not run).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing: the browser tests will skip (apt-get install npm)."; fi

test: messages node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check: lint test

# The benchmarks drive the server with wrk, and bench-load shares a Redis cache
# between gunicorn's workers: installed with apt-get when missing and run as root,
# named otherwise.
BENCH_TOOLS = wrk redis-server
bench-tools:
	@for tool in $(BENCH_TOOLS); do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else echo "Missing:$$missing (apt-get install$$missing)"; exit 1; fi; \
	fi

# Load the public pages of a generated archive (RELEASES=100000 by default) with wrk;
# writes bench/results/latest.json.
bench: install bench-tools
	RELEASES=$(or $(RELEASES),100000) $(PY) bench/run.py

# Readers, three editors and a publisher at once for 3 minutes on a generated
# archive (RELEASES=100000 by default), served by gunicorn as in production.
# Writes bench/results/load.json (docs/performance.md).
bench-load: install bench-tools
	RELEASES=$(or $(RELEASES),100000) $(PY) bench/load_test.py

# Time the import of generated plain-text releases (FILES=1000 by default).
bench-import: install
	$(PY) bench/import_files.py $(or $(FILES),1000)

# Time the history's line diff on the worst bodies an editor can save (seconds).
bench-diff: install
	$(PY) bench/diff.py

# Time the upload check and renditions of a 24-megapixel photo, and load a release
# page with six photos with wrk; writes bench/results/media.json.
bench-media: install bench-tools
	$(PY) bench/media.py

# Send one release to 1,000, 5,000 and 10,000 subscribers through a local SMTP
# sink (COUNTS="1000 5000 10000"): mails per second and the worker's peak memory.
bench-mail: install
	$(PY) bench/mail.py $(COUNTS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules
