#!/usr/bin/env bash
# make bench: every benchmark prints its figure as a ratio to a floor measured in the same run, then the figures
# of issue #17 are printed again next to their goals, with the time each benchmark took and the machine's load.
# Needs PostgreSQL on 127.0.0.1:5432 (each benchmark creates and drops its own vanhoa_bench_* database;
# BENCH_DATABASE_URL overrides). Never part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${BENCH_PYTHON:-.venv/bin/python}"
# wrk drives the throughput benchmark; without it a small Python client is used.
scripts/apt-ensure.sh wrk || echo "wrk không cài được; dùng trình tạo tải Python."
log="$(mktemp -t vanhoa-bench.XXXXXX)"
trap 'rm -f "$log"' EXIT
found=0
started=$SECONDS
for b in bench/bench_*.py; do
  [ -e "$b" ] || continue
  found=1
  echo "== $b   (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  t0=$SECONDS
  "$PY" "$b" 2>&1 | { grep -v -e "UserWarning: No directory at" -e "mw_instance = middleware" || true; } | tee -a "$log"
  echo "   ($b: $((SECONDS - t0)) s)" | tee -a "$log"
done
[ "$found" = 1 ] || { echo "Chưa có benchmark."; exit 0; }

echo
echo "== Issue #17: each figure as a ratio to its floor measured in this run, next to its goal"
echo "   (whole run: $((SECONDS - started)) s; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
show() {  # show GOAL PATTERN: the benchmark's own lines matching PATTERN
  local goal="$1" pattern="$2" lines
  lines="$(grep -E -- "$pattern" "$log" || true)"
  if [ -z "$lines" ]; then echo "  [$goal] (not measured: $pattern)"; else sed "s/^ */  [$goal] /" <<<"$lines"; fi
}
show "≤ 12x" "list page 1 \(HTML"
show "≤ 1.5x" "ward dashboard page \(HTML\)"
show "—" "trend fragment|page \+ trend"
show "≥ 3x" "→ now / before"
show "≤ 0.35x, ≤ 1 s" "decision \+ annex DOCX"
show "≤ 10 s" "decision \+ annex PDF"
show "≤ 15 s for 5,000" "certificates PDF"
show "≤ 1.5x" "province roll-up of the 2020 rate"
echo "  (the country run of 10,000,000 households is separate: make bench-country)"
