#!/usr/bin/env bash
# make bench: every benchmark prints its figure as a ratio to a floor measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/bench_*.py; do
  [ -e "$b" ] || { echo "Chưa có benchmark."; exit 0; }
  .venv/bin/python "$b"
done
