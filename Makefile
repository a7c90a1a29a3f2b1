# Two commands: `make run` (demo server on 127.0.0.1:8000, SQLite) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
AXE_VERSION := 4.11.0
CACHE := .cache

.PHONY: run test test-fast test-sqlite test-postgres install install-test system-deps browser-deps messages \
        messages-update migrate demo lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# GNU gettext compiles the UI catalogs and is the outside tool of the PO round-trip tests.
system-deps:
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }

# Debian's Chromium for the Playwright tests (never a browser download) and axe-core from npm.
browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	@test -f $(CACHE)/npm/node_modules/axe-core/axe.min.js || \
	  npm install --silent --no-audit --no-fund --prefix $(CACHE)/npm axe-core@$(AXE_VERSION)

messages: install system-deps
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.cache -v 0

# Re-extract the UI strings into locale/{de,fr,es}; then translate what is new or fuzzy.
messages-update: install system-deps
	$(BIN)/python manage.py makemessages -l de -l fr -l es -e html,txt,py --no-obsolete \
	  --ignore=.venv --ignore=.cache --ignore=bench --ignore=tests --ignore=node_modules

migrate: install
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate
	$(BIN)/python manage.py load_demo

# Anyone may sign up (SIGNUP_MODE=open); without EMAIL_URL mail is printed here, not sent.
run: messages demo
	@if [ -z "$$EMAIL_URL$$EMAIL_HOST" ]; then echo "make run: e-mail (verification, password reset, invitations) is printed to this console, not sent; set EMAIL_URL to send it."; else echo "make run: e-mail is sent through the server in EMAIL_URL/EMAIL_HOST."; fi
	@echo "make run: sign-up is $${SIGNUP_MODE:-open} (SIGNUP_MODE)."
	DEBUG=1 SIGNUP_MODE=$${SIGNUP_MODE:-open} $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-test system-deps browser-deps messages
	@bash scripts/test.sh

# The edit loop: SQLite only, no browser tests, no lint (a few minutes less than `make test`).
test-fast: install-test messages
	@env -u DATABASE_URL AXE_JS=$(CURDIR)/$(CACHE)/npm/node_modules/axe-core/axe.min.js \
	  $(BIN)/pytest -q -p no:cacheprovider -m "not postgres_only and not browser"

test-sqlite: install-test system-deps browser-deps messages
	@ONLY=sqlite bash scripts/test.sh

test-postgres: install-test system-deps browser-deps messages
	@ONLY=postgres bash scripts/test.sh

lint: install-test
	@bash scripts/lint.sh

bench: install-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(CACHE) db.sqlite3* staticfiles
