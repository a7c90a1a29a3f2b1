# Two commands: `make run` (demo server on 127.0.0.1:8000, SQLite) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
AXE_VERSION := 4.11.0
CACHE := .cache

.PHONY: run test test-fast test-sqlite test-postgres install install-test system-deps browser-deps mt-deps messages \
        messages-update migrate demo lint bench bytecode clean

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
# EPUBCheck (Java) validates the EPUB exports in the tests.
# FreeDict's bilingual dictionaries (dictd files in /usr/share/dictd) are the aligner's optional
# word-level evidence (workbench/text/align/dictionaries.py); it works without them.
DICT_PACKAGES := $(foreach l,deu fra spa ita por pol rus ara jpn,dict-freedict-eng-$(l)) \
  $(foreach l,deu fra spa ita por ara jpn,dict-freedict-$(l)-eng)
system-deps:
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }
	@test -f /usr/share/java/epubcheck.jar || { apt-get update -qq && apt-get install -y -qq epubcheck; }
	@test -f /usr/share/dictd/freedict-eng-deu.index -a -f /usr/share/dictd/freedict-ara-eng.index \
	  -a -f /usr/share/dictd/freedict-jpn-eng.index -a -f /usr/share/dictd/freedict-eng-jpn.index || \
	  { apt-get update -qq && apt-get install -y -qq $(DICT_PACKAGES); }

# Debian's Chromium for the Playwright tests (never a browser download) and axe-core from npm.
browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	@test -f $(CACHE)/npm/node_modules/axe-core/axe.min.js || \
	  npm install --silent --no-audit --no-fund --prefix $(CACHE)/npm axe-core@$(AXE_VERSION)

# Apertium, the machine-translation engine of development and tests (issue 15): Debian's APY
# service and two language pairs. The tests start it on loopback themselves.
MT_PACKAGES := apertium-apy apertium-eng-spa apertium-eng-cat
mt-deps:
	@test -x /usr/bin/apertium-apy -a -f /usr/share/apertium/modes/eng-spa.mode -a \
	  -f /usr/share/apertium/modes/eng-cat.mode || \
	  { apt-get update -qq && apt-get install -y -qq $(MT_PACKAGES); }

messages: install system-deps
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.cache -v 0

# Re-extract the UI strings into locale/{de,fr,es}; then translate what is new or fuzzy.
# locale/_allauth (formal rewrites of allauth's strings) is not touched: see
# scripts/allauth_register.py for that one.
messages-update: install system-deps
	$(BIN)/python manage.py makemessages -l de -l fr -l es -e html,txt,py --no-obsolete \
	  --ignore=.venv --ignore=.cache --ignore=bench --ignore=tests --ignore=node_modules

migrate: install
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate
	$(BIN)/python manage.py load_demo

# Anyone may sign up (SIGNUP_MODE=open); without EMAIL_URL mail is printed here, not sent.
# The development server and one background worker (scripts/run_dev.sh; Ctrl-C stops both).
# With Apertium installed, `make run` also starts it on 127.0.0.1:$(APY_PORT) for machine
# translation (stopped with the server); without it, it says how to install it.
APY_PORT ?= 2737
run: messages demo bytecode
	@if [ -z "$$EMAIL_URL$$EMAIL_HOST" ]; then echo "make run: e-mail (verification, password reset, invitations) is printed to this console, not sent; set EMAIL_URL to send it."; else echo "make run: e-mail is sent through the server in EMAIL_URL/EMAIL_HOST."; fi
	@echo "make run: sign-up is $${SIGNUP_MODE:-open} (SIGNUP_MODE)."
	@if [ -x /usr/bin/apertium-apy ]; then \
	  echo "Machine translation: Apertium APY on http://127.0.0.1:$(APY_PORT) (scripts/apy_loopback.py)"; \
	  /usr/bin/python3 scripts/apy_loopback.py $(APY_PORT) >.cache/apertium-apy.log 2>&1 & apy=$$!; \
	  trap "kill $$apy" EXIT; \
	  MT_APERTIUM_URL=http://127.0.0.1:$(APY_PORT) DEBUG=1 SIGNUP_MODE=$${SIGNUP_MODE:-open} bash scripts/run_dev.sh; \
	else \
	  echo "Machine translation is off: Apertium is not installed. Install it with 'make mt-deps'"; \
	  echo "(apt-get install apertium-apy apertium-eng-spa apertium-eng-cat) and run 'make run' again."; \
	  DEBUG=1 SIGNUP_MODE=$${SIGNUP_MODE:-open} bash scripts/run_dev.sh; \
	fi

test: install-test system-deps browser-deps mt-deps messages
	@bash scripts/test.sh

# The edit loop: SQLite only, no browser tests, no lint (a few minutes less than `make test`).
test-fast: install-test mt-deps messages
	@env -u DATABASE_URL AXE_JS=$(CURDIR)/$(CACHE)/npm/node_modules/axe-core/axe.min.js \
	  $(BIN)/pytest -q -p no:cacheprovider -m "not postgres_only and not browser"

test-sqlite: install-test system-deps browser-deps mt-deps messages
	@ONLY=sqlite bash scripts/test.sh

test-postgres: install-test system-deps browser-deps mt-deps messages
	@ONLY=postgres bash scripts/test.sh

lint: install-test
	@bash scripts/lint.sh

# The project's modules compiled to bytecode once, as a deployment (a wheel, a Debian package)
# has them: this editable install has none, and where PYTHONDONTWRITEBYTECODE is set (these
# machines) every process compiled about 150 modules again, a third of a second of each
# command's start. compileall writes whatever that variable says and skips what is current.
bytecode: install
	@$(BIN)/python -m compileall -q -j 0 workbench

bench: install-test bytecode
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(CACHE) db.sqlite3* staticfiles
