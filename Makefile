# Two commands matter: `make run` (set up and serve on SQLite) and `make test`.
# Every target installs what it needs first, so a fresh clone needs nothing else.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WEB_CONCURRENCY ?= 2
CHROMIUM ?= /usr/bin/chromium
export FLASK_APP := app:create_app
export CHROMIUM

.PHONY: run serve test bench setup deps dev-deps chromium messages clean

run: setup  ## Serve on http://$(HOST):$(PORT), reloading on code changes, drafts visible
	CONTENT_PREVIEW_ALL=1 $(BIN)/flask run --host $(HOST) --port $(PORT) --reload --no-debugger

# --preload: the content is loaded once before the workers fork, so a worker that
# restarts while an editor's file is broken still starts from the last good version.
serve: setup  ## Production server: gunicorn with WEB_CONCURRENCY workers
	$(BIN)/gunicorn --preload --workers $(WEB_CONCURRENCY) --bind $(HOST):$(PORT) 'app:create_app()'

test: dev-deps node_modules/.installed chromium  ## Check content/, then run the whole suite (DATABASE_URL/REDIS_URL select the services)
	$(BIN)/flask content check
	$(BIN)/python -m pytest

bench: dev-deps node_modules/.installed  ## Print page sizes, throughput and latency
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
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

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
