# Developer commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: install run test serve lint format bench bench-http stop-db check clean vnu backup restore faults \
	messages compilemessages scale-test

install: $(STAMP)

# Reinstall only when the dependency list or the pinned versions change.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: install
	DEBUG=true $(MANAGE) migrate --noinput
	DEBUG=true $(MANAGE) setup_roles
	DEBUG=true $(MANAGE) import_glossary
	DEBUG=true $(MANAGE) load_demo_content
	DEBUG=true $(MANAGE) link_glossary_terms
	DEBUG=true $(MANAGE) create_dev_superuser
	DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

# The W3C Nu Html Checker for the validator sweep, from npm, pinned. Needs java and npm;
# without them the sweep is skipped and `make test` says so.
VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
vnu:
	@if [ -f $(VNU_JAR) ] && grep -q '"version": "$(VNU_VERSION)"' .tools/node_modules/vnu-jar/package.json; then :; \
	elif command -v java >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  if npm install --no-save --no-audit --no-fund --ignore-scripts --prefix .tools vnu-jar@$(VNU_VERSION) >/dev/null; \
	  then echo "Installed vnu.jar $(VNU_VERSION) into .tools/"; \
	  else echo "npm could not install vnu-jar: the HTML validator sweep will be skipped."; fi; \
	else echo "java or npm is missing: the HTML validator cannot be installed."; fi

PYTEST_ARGS ?= -n 2
test: install vnu
	@test -f $(VNU_JAR) && command -v java >/dev/null 2>&1 || \
	  echo "NOTE: the W3C HTML validator (vnu.jar + java) is missing: the validator sweep will be SKIPPED."
	@test -x /usr/bin/chromium || test -x "$${CHROMIUM_PATH:-/nonexistent}" || \
	  echo "NOTE: Chromium is missing: browser tests (axe-core, reflow) will be SKIPPED."
	$(BIN)/python -m pytest -rs $(PYTEST_ARGS)

# Production-like: DEBUG off, gunicorn, hashed static files, the background worker.
# Over plain http on 127.0.0.1 the HTTPS redirect is off; everything else is as in production.
serve: install
	@test -f .secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key
	@set -a; \
	DEBUG=false; SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false}; \
	SECRET_KEY=$${SECRET_KEY:-$$(cat .secret_key)}; \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost}; \
	SERVE_MEDIA=$${SERVE_MEDIA:-true}; \
	set +a; \
	$(MANAGE) collectstatic --noinput --verbosity 0 && \
	$(MANAGE) migrate --noinput && \
	$(MANAGE) import_glossary && \
	$(MANAGE) load_demo_content && \
	$(MANAGE) link_glossary_terms && \
	{ while :; do $(MANAGE) run_worker --worker-id serve-worker; \
	    echo "worker exited ($$?); restarting in 2 s" >&2; sleep 2; done & worker=$$!; \
	  while sleep $${MAINTENANCE_INTERVAL:-3600}; do $(MANAGE) run_maintenance; done & upkeep=$$!; \
	  trap 'pkill -P $$worker 2>/dev/null; pkill -P $$upkeep 2>/dev/null; kill $$worker $$upkeep 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn cancercenter.wsgi --bind 127.0.0.1:8000 --workers $${WEB_CONCURRENCY:-2} --access-logfile -; }

# Back up the database and both media folders into backups/<date>/; restore one with
# `make restore BACKUP=backups/<date>` (stop `make serve` first).
backup: install
	$(MANAGE) backup_site --output $${BACKUP_DIR:-backups}

restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/<date>"; exit 2; }
	$(MANAGE) restore_site "$(BACKUP)"

# Fault injection on loopback (ports 8800-8899): database stop/start, Redis outage and
# worker kills under load against gunicorn; prints what was lost or sent twice.
faults: install
	$(BIN)/python -m bench.faults

# Two app servers on loopback (ports 8200-8205) sharing PostgreSQL with a streaming replica,
# Redis and moto's S3 server; prints each check, exits 1 if one failed. Not part of `make test`.
scale-test: install
	$(BIN)/python -m bench.scale

# Translations (README, "Translations"): `make messages` adds newly marked strings to
# locale/es/LC_MESSAGES/django.po; fill in the empty and fuzzy entries, then
# `make compilemessages` (needs GNU gettext) and commit both the .po and the .mo.
I18N_IGNORE := --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles --ignore=.tools
messages: install
	DEBUG=true $(MANAGE) makemessages -l es $(I18N_IGNORE) --no-obsolete --no-location

compilemessages: install
	DEBUG=true $(MANAGE) compilemessages -l es $(I18N_IGNORE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(MANAGE) makemigrations --check --dry-run

bench: install
	$(BIN)/python -m bench
	$(BIN)/python -m bench.http

# The HTTP pass alone: the portal against a minimal Django floor, uncached and cached.
bench-http: install
	$(BIN)/python -m bench.http

stop-db: install
	$(BIN)/python -c "from pathlib import Path; from cancercenter.devdb import stop; stop(Path('.pgdata').resolve())"

clean:
	rm -rf $(VENV) staticfiles .tools
