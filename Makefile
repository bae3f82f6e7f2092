# The product's front door: `make run` serves the demo council; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/council
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1

.PHONY: run test lint format assets services chromium lock clean help bench
.DEFAULT_GOAL := help

help:
	@echo "make run    serve the demo council at http://127.0.0.1:8000 with a Celery worker and beat"
	@echo "            (another port: make run PORT=8123)"
	@echo "make test   lint, then the whole suite (unit, integration, browser) on PostgreSQL and Redis"
	@echo "make lint   ruff, ruff format check, djLint, a check for missing migrations, and mypy on the"
	@echo "            services and selectors"
	@echo "make lock   pin pyproject.toml's dependencies (with hashes) in requirements/*.lock"
	@echo "make bench  time the busiest pages with the demo council and with 1,000 more meetings, and"
	@echo "            serve them with gunicorn under load beside a bare Django view (benchmarks/load.py)"

# requirements/dev.lock pins, with hashes, what production runs (requirements/prod.lock) and the
# development tools. pip installs uv from requirements/bootstrap.lock; uv makes the virtualenv match
# requirements/dev.lock exactly (in a fraction of pip's time), refusing any file whose hash differs.
$(VENV)/.installed: requirements/bootstrap.lock requirements/dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bootstrap.lock
	$(BIN)/uv pip sync --quiet --python $(PY) --require-hashes requirements/dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed $(wildcard static/scss/*.scss)
	mkdir -p static/dist/govuk
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images static/dist/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map static/dist/govuk/
	npm run --silent build:css
	touch $@

assets: static/dist/.built

run: $(VENV)/.installed assets
	@mkdir -p var/celery/queue var/celery/processed var/celery/control
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	@bash scripts/run.sh

services:
	@bash scripts/services.sh

chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }
	@{ command -v pdftotext >/dev/null && fc-list | grep -q "DejaVu Sans"; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's poppler-utils (to read packs in the tests) and the DejaVu fonts (packs use them)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils fonts-dejavu-core >/dev/null; \
	  else echo "The pack tests need: sudo apt-get install poppler-utils fonts-dejavu-core" >&2; exit 1; fi; }
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's Java runtime (the HTML check runs the Nu Html Checker, vnu.jar)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "The HTML check needs Java: sudo apt-get install default-jre-headless" >&2; exit 1; fi; }

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	DJANGO_SETTINGS_MODULE=council.settings.test DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=sqlite://:memory: $(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.installed assets chromium services lint
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest --create-db -n 2 --dist worksteal --durations=15 $(PYTEST_ARGS)

bench: $(VENV)/.installed services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/pages.py
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/commissioning.py
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/reminders.py
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/packs.py
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/pack_watermark.py
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/uploads.py
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/search.py
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's wrk (the load benchmark drives the pages with it)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "The load benchmark needs wrk: sudo apt-get install wrk" >&2; exit 1; fi; }
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/load.py $(LOAD_ARGS)

# Resolves pyproject.toml's dependencies (prod.lock) and those plus its dev extra (dev.lock, held to
# prod.lock's versions), keeping the versions already pinned: `make lock LOCK_ARGS=--upgrade` takes the
# newest releases, `LOCK_ARGS="--upgrade-package django"` one package's.
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --no-strip-extras --python-version 3.11 \
	--python-platform linux --custom-compile-command 'make lock' $(LOCK_ARGS)
lock: $(VENV)/.installed
	$(UV_COMPILE) pyproject.toml -o requirements/prod.lock
	$(UV_COMPILE) pyproject.toml --extra dev -c requirements/prod.lock -o requirements/dev.lock
	echo uv | $(UV_COMPILE) - -c requirements/dev.lock -o requirements/bootstrap.lock

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles var
