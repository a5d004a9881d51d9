#!/usr/bin/env bash
# make test: lint, then the whole suite on SQLite and, when PostgreSQL is reachable, again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1
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

echo "== SQLite =="
env -u DATABASE_URL $BIN/python -m pytest "${XDIST[@]}" "$@"

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vanhoa}"
if $BIN/python - "$PG_URL" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL không kết nối được ({exc}); bỏ qua lượt chạy trên PostgreSQL.")
    sys.exit(1)
PY
then
  echo "== PostgreSQL =="
  DATABASE_URL="$PG_URL" $BIN/python -m pytest "${XDIST[@]}" "$@"
fi
