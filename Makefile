# CareerPath: `make run` to develop, `make test` to check everything. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV := $(PYTHON) -m uv
PORT ?= 8000
# Absolute links in calendar feeds and emails point at the port `make run` serves on
# (a CAREERPATH_SITE_URL from the environment or the command line wins).
CAREERPATH_SITE_URL ?= http://127.0.0.1:$(PORT)
DEV_ENV := DJANGO_DEBUG=true CAREERPATH_SITE_URL=$(CAREERPATH_SITE_URL)
STAMP := $(VENV)/.installed

.PHONY: help run test lint typecheck format migrations-check schema-check install db db-stop migrate seed \
	demo worker serve bench lock browsers redis gettext messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.lock .python-version
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12+ is needed (3.13 preferred); python3 is " + sys.version'
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	@test -x $(PY) || $(UV) venv --quiet --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')" $(VENV)
	$(UV) pip sync --quiet --python $(PY) requirements-dev.lock
	@touch $@

install: $(STAMP) .env ## Create .venv from the hashed lock file (skipped when nothing changed)

.env: ## Development settings for manage.py (git-ignored; see .env.example for every variable)
	@printf '# Written by make for local development; production uses real environment variables.\nDJANGO_DEBUG=true\n' > $@

db: install ## Start the project-local PostgreSQL (unless DATABASE_URL is set)
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m careerpath.localdb start; fi

db-stop: ## Stop the project-local PostgreSQL
	@$(PY) -m careerpath.localdb stop

migrate: db
	$(DEV_ENV) $(MANAGE) migrate --no-input

seed: migrate ## Load the cited career content (idempotent; keeps editors' changes)
	$(DEV_ENV) $(MANAGE) load_content
	$(DEV_ENV) $(MANAGE) load_pathways

demo: seed
	@$(DEV_ENV) $(MANAGE) ensure_demo_accounts

run: demo messages ## Set everything up and serve on 127.0.0.1:$${PORT:-8000}; Ctrl-C stops server and database
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops the server and the database)"
	@trap '$(PY) -m careerpath.localdb stop' EXIT; $(DEV_ENV) $(MANAGE) runserver --skip-checks 127.0.0.1:$(PORT)

worker: migrate ## Run the background task worker (books the daily reminder run once, then works the queue)
	$(DEV_ENV) $(MANAGE) schedule_reminders
	$(DEV_ENV) $(MANAGE) db_worker

browsers: ## Install Debian's Chromium for browser tests when missing (needs root)
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing chromium for browser tests..."; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| { echo "apt-get could not install chromium"; exit 1; }; \
		else \
			echo "Browser tests need Chromium: run 'sudo apt-get install chromium' (Debian/Ubuntu) and retry."; exit 1; \
		fi; \
	fi

redis: ## Install Debian's redis-server for the shared-cache tests when missing (needs root)
	@if ! command -v redis-server >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing redis-server for the shared-cache tests..."; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null) \
			|| { echo "apt-get could not install redis-server"; exit 1; }; \
		else \
			echo "Shared-cache tests need Redis: run 'sudo apt-get install redis-server' (Debian/Ubuntu) and retry."; exit 1; \
		fi; \
	fi

gettext: ## Install GNU gettext (msgfmt, for the translation catalogs) when missing (needs root)
	@if ! command -v msgfmt >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing gettext for the translation catalogs..."; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext >/dev/null) \
			|| { echo "apt-get could not install gettext"; exit 1; }; \
		else \
			echo "Translations need GNU gettext: run 'sudo apt-get install gettext' (Debian/Ubuntu) and retry."; exit 1; \
		fi; \
	fi

messages: install gettext ## Compile the translation catalogs (locale/*/LC_MESSAGES/django.po -> .mo; the .mo files are not committed)
	$(DEV_ENV) $(MANAGE) compilemessages --ignore .venv --verbosity 0

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install ## mypy (strict, with the Django and DRF plugins; settings load with development values)
	DJANGO_DEBUG=true CAREERPATH_NO_DOTENV=1 $(VENV)/bin/mypy

format: install ## Fix what ruff can fix
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: db ## Fail when models and migrations disagree
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run

schema-check: db ## Validate the OpenAPI schema
	$(DEV_ENV) $(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

test: install db messages browsers redis lint typecheck migrations-check schema-check ## Lint, type check, migrations check, schema check and every test (pytest starts and stops its own redis-server)
	$(VENV)/bin/pytest

serve: install db messages ## Production-like: gunicorn with production settings (set DJANGO_SECRET_KEY etc.)
	CAREERPATH_NO_DOTENV=1 $(MANAGE) collectstatic --no-input --verbosity 0
	CAREERPATH_NO_DOTENV=1 $(VENV)/bin/gunicorn careerpath.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

bench: install db messages ## Load benchmark against gunicorn with production settings
	$(PY) bench/run.py $(BENCH_ARGS)

lock: ## Re-compile the hashed lock files from pyproject.toml
	$(UV) pip compile pyproject.toml --generate-hashes --quiet -o requirements.lock
	$(UV) pip compile pyproject.toml --group dev --generate-hashes --quiet -o requirements-dev.lock
	$(UV) pip compile pgserver.in --generate-hashes --quiet --python-version 3.13 -o requirements-pgserver.lock

clean: db-stop ## Stop the database and remove .venv and collected static files
	rm -rf $(VENV) staticfiles
