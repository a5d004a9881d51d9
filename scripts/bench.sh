#!/usr/bin/env bash
# make bench: every benchmark prints its figure as a ratio to a floor measured in the same run.
# Needs PostgreSQL on 127.0.0.1:5432 (each benchmark creates and drops its own vanhoa_bench_* database;
# BENCH_DATABASE_URL overrides). Never part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${BENCH_PYTHON:-.venv/bin/python}"
# wrk drives the throughput benchmark; without it a small Python client is used.
scripts/apt-ensure.sh wrk || echo "wrk không cài được; dùng trình tạo tải Python."
found=0
for b in bench/bench_*.py; do
  [ -e "$b" ] || continue
  found=1
  echo "== $b"
  "$PY" "$b"
done
[ "$found" = 1 ] || echo "Chưa có benchmark."
