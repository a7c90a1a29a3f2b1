#!/usr/bin/env bash
# Runs the whole suite on SQLite, then again on PostgreSQL when the server at 127.0.0.1:5432
# answers (it must in CI: there we try to start it and fail if it stays down).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
ONLY=${ONLY:-}
export AXE_JS=${AXE_JS:-$PWD/.cache/npm/node_modules/axe-core/axe.min.js}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

bash scripts/lint.sh || exit 1

status=0
ran=()
if [[ "$ONLY" != "postgres" ]]; then
  echo "== Test suite on SQLite (embedded default) =="
  # PostgreSQL-only tests (real concurrent transactions) run in the PostgreSQL pass below.
  env -u DATABASE_URL "$BIN/pytest" -q -p no:cacheprovider -m "not postgres_only"
  rc=$?; ran+=("SQLite: exit $rc"); ((rc)) && status=$rc
fi
if [[ "$ONLY" != "sqlite" ]]; then
  if ! pg_up && [[ "${CI:-}" == "true" ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do pg_up && break; sleep 1; done
  fi
  if pg_up; then
    echo "== Test suite on PostgreSQL ($PG_URL) =="
    # The pure unit tests (tests/text, tests/formats: no database) ran in the SQLite pass; the
    # adversarial guards (tests/test_adversarial_*.py) run on both databases.
    DATABASE_URL="$PG_URL" "$BIN/pytest" -q -p no:cacheprovider \
      --ignore=tests/text --ignore=tests/formats
    rc=$?; ran+=("PostgreSQL: exit $rc"); ((rc)) && status=$rc
  elif [[ "${CI:-}" == "true" ]]; then
    echo "PostgreSQL at 127.0.0.1:5432 does not answer; CI requires it." >&2
    ran+=("PostgreSQL: not reachable"); status=1
  else
    echo "PostgreSQL at 127.0.0.1:5432 does not answer: skipped the PostgreSQL pass."
    ran+=("PostgreSQL: skipped (server not reachable)")
  fi
fi
echo "== Databases used: ${ran[*]} =="
exit $status
