#!/usr/bin/env bash
# `make run`: the development server and one background worker (django-tasks' db_worker)
# beside it. The worker is stopped with the server: on Ctrl-C, on the server's exit, or when
# this script is terminated.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

$PY manage.py db_worker --interval 0.5 --no-reload &
WORKER=$!
stop_worker() {
  # TERM lets the worker finish (or abandon, on a second signal) its current job cleanly.
  kill -TERM "$WORKER" 2>/dev/null || true
  wait "$WORKER" 2>/dev/null || true
}
trap stop_worker EXIT INT TERM

$PY manage.py runserver 127.0.0.1:8000
