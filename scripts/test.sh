#!/usr/bin/env bash
# make test: lint, then the whole suite on SQLite and, when PostgreSQL is reachable, again on PostgreSQL.
# Both runs always happen (a SQLite failure does not hide the PostgreSQL result); the script fails at the end if
# either failed, after printing both summaries.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Bytecode, and pytest's assertion-rewritten test modules, cached under var/pycache rather than not at all: with
# PYTHONDONTWRITEBYTECODE every xdist worker of both runs rewrote the asserts of all ~450 test modules again
# (collection 13 s of CPU per worker instead of 5). The sources stay free of __pycache__ directories.
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="$PWD/var/pycache"
$BIN/ruff check .
$BIN/mypy  # types (pyproject.toml [tool.mypy]; cached in .mypy_cache)
$BIN/python manage.py makemigrations --check --dry-run >/dev/null || { echo "Thiếu migration: chạy makemigrations"; exit 1; }
WORKERS="${PYTEST_WORKERS:-2}"
# --dist load (xdist's default), not worksteal: load hands each worker the tests in collection order, which keeps
# pytest-django's order (transaction tests, then the transactional ones whose flush empties the reference data the
# migrations wrote); worksteal steals the tail of another worker's queue, then the part before it, so a transaction
# test could run after a flush and find no title types (41 failures). conftest.py puts the slow tests first within
# each of those groups.
XDIST=(-n "$WORKERS" --dist load)
if [ -t 1 ]; then XDIST+=(--color=yes); fi  # the output goes through tee
LOGS="$(mktemp -d "${TMPDIR:-/tmp}/vanhoa-test.XXXXXX")"
trap 'rm -rf "$LOGS"' EXIT

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vanhoa}"
PG=1
$BIN/python - "$PG_URL" <<'PY' || PG=0
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL không kết nối được ({exc}); bỏ qua lượt chạy trên PostgreSQL.")
    sys.exit(1)
PY

# The PostgreSQL run skips the tests that use no database (VANHOA_TESTS_DATABASE_ONLY, conftest.py): the
# SQLite run already ran them, and they cannot tell one database from the other.
sqlite_half() { env -u DATABASE_URL $BIN/python -m pytest "${XDIST[@]}" "$@"; }
pg_half() { DATABASE_URL="$PG_URL" VANHOA_TESTS_DATABASE_ONLY=1 $BIN/python -m pytest "${XDIST[@]}" "$@"; }

set +e
echo "== SQLite =="
sqlite_half "$@" 2>&1 | tee "$LOGS/sqlite"
SQLITE_RC=${PIPESTATUS[0]}
PG_RC=0
if [ "$PG" = 1 ]; then
  echo "== PostgreSQL (the tests that use the database) =="
  pg_half "$@" 2>&1 | tee "$LOGS/pg"
  PG_RC=${PIPESTATUS[0]}
fi
set -e

summary() {  # the failures and the last line of a run
  local plain
  plain="$(sed 's/\x1b\[[0-9;]*m//g' "$2")"
  grep -E '^(FAILED|ERROR) ' <<<"$plain" | sed 's/^/  /' || true
  echo "$1: $(grep -E '(passed|failed|error|skipped|deselected|no tests ran).* in [0-9.]+s' <<<"$plain" | tail -1 | tr -d '=' | sed 's/^ *//')"
}
echo "== Tóm tắt =="
summary SQLite "$LOGS/sqlite"
if [ "$PG" = 1 ]; then summary PostgreSQL "$LOGS/pg"; fi
[ "$SQLITE_RC" = 0 ] && [ "$PG_RC" = 0 ]
