# Two commands matter: `make run` (set up and serve on SQLite) and `make test`.
# Every target installs what it needs first, so a fresh clone needs nothing else.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WEB_CONCURRENCY ?= 2
WORKER_THREADS ?= 2
CHROMIUM ?= /usr/bin/chromium
export FLASK_APP := app:create_app
export CHROMIUM

.PHONY: run serve migrate worker test lint lock bench setup deps dev-deps chromium messages clean

run: setup  ## Serve on http://$(HOST):$(PORT), reloading on code changes, drafts visible
	CONTENT_PREVIEW_ALL=1 $(BIN)/flask dev --host $(HOST) --port $(PORT)

# How gunicorn runs (threads, --preload, no control socket, rate limits shared by the workers) is in
# gunicorn.conf.py. Migrations are the release step (`make migrate`); `make serve` runs them too, and
# starts anyway when the database does not answer: the guides need none, the other pages answer 503
# until it is back.
serve: deps node_modules/.installed  ## Production server: gunicorn with WEB_CONCURRENCY workers of WEB_THREADS threads
	@$(BIN)/flask db upgrade || echo "make serve: MIGRATIONS NOT APPLIED (the database did not answer, or see above):" \
	  "starting anyway; run 'make migrate' once it answers" >&2
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(BIN)/gunicorn -c gunicorn.conf.py 'app:create_app()'

migrate: deps  ## The release step: apply the database migrations (several servers at once are safe)
	$(BIN)/flask db upgrade

# Delivers the outbox (SMS, WhatsApp, email) and runs the periodic jobs (purge, reminders):
# run one beside `make run` or `make serve`, with the same environment; several may run at once.
worker: setup  ## The message worker: Huey's consumer with WORKER_THREADS threads
	WORKER_THREADS=$(WORKER_THREADS) $(BIN)/python -m blueprints.messages.worker

test: dev-deps node_modules/.installed chromium  ## Check content/ and lint, then run the whole suite (DATABASE_URL/REDIS_URL select the services)
	$(BIN)/flask content check
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest

# Checks only, never rewrites: the code is not ruff-formatted, so no `ruff format --check`.
lint: dev-deps  ## ruff on every Python file, mypy on the pure domain modules (settings in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: dev-deps node_modules/.installed chromium  ## Print page sizes, throughput, latency, photo time, memory and bytes sent
	@command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(BIN)/python bench/bench.py

# The first start on a laptop also generates SECRET_KEY, ENCRYPTION_KEYS and NIK_HASH_KEY
# into instance/keys.json (unless the environment sets them; production must).
setup: deps node_modules/.installed
	$(BIN)/flask db upgrade

deps: $(VENV)/.installed
dev-deps: $(VENV)/.dev-installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The lock files pin every package, pip and the ones pulled in included, each with the
# hashes PyPI published: pip refuses a file whose hash differs, from whichever index or
# wheel folder it comes.
PIP_INSTALL = $(BIN)/pip install --quiet --require-hashes

$(VENV)/.installed: requirements-bootstrap.txt requirements.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-bootstrap.txt
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

# Compiles the *.in files (the packages we chose, pinned exactly) into the lock files.
# pip's configuration is left out (PIP_CONFIG_FILE=/dev/null, no PIP_* index variables),
# so the lock holds PyPI's hashes only, never a local wheel folder's or mirror's, and no
# --find-links line. Pins already in a lock file stay unless LOCK_ARGS=--upgrade.
LOCK_ARGS ?=
PIP_COMPILE = env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_NO_INDEX \
  -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" \
  $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

lock: dev-deps  ## Regenerate requirements*.txt from requirements*.in (LOCK_ARGS=--upgrade for newer transitive pins)
	$(PIP_COMPILE) -o requirements-bootstrap.txt requirements-bootstrap.in
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

chromium:  ## Browser tests drive Debian's Chromium, never a downloaded one
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && (apt-get update && apt-get install -y chromium); } \
	  || { echo "Chromium is missing: install Debian's 'chromium' package or set CHROMIUM=/path/to/chromium"; exit 1; }

messages:  ## Extract UI strings for translators into translations/messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot app.py blueprints templates

clean:
	rm -rf $(VENV) node_modules instance
