#!/usr/bin/env bash
# make demo EMPTY=1: an empty installation for a real commune (no demo data): migrate, start the task worker and the
# web server. The first visit creates the administrator and opens the set-up steps (/cai-dat/).
# HOST=0.0.0.0 PORT=8000 to serve the other computers and phones of the commune's network.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
mkdir -p var
$BIN/python manage.py migrate --noinput -v0
if [ "$HOST" != "127.0.0.1" ] && [ -z "${DJANGO_ALLOWED_HOSTS:-}" ]; then
  export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,$(hostname -I 2>/dev/null | tr ' ' ',' | sed 's/,$//')"
fi
cat <<MSG

  Ứng dụng chạy tại  http://$HOST:$PORT   (Ctrl+C để dừng)
  Lần đầu mở trang: tạo tài khoản quản trị, rồi làm theo các bước cài đặt.

MSG
$BIN/python manage.py db_worker >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$BIN/python manage.py runserver "$HOST:$PORT"
