#!/usr/bin/env bash
# make demo: migrate the SQLite database, load the demo ward, start the task worker and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_demo
cat <<'MSG'

  Ứng dụng chạy tại  http://127.0.0.1:8000   (Ctrl+C để dừng)
  Tài khoản mẫu (mật khẩu chung: demo-vanhoa-2020):
    quantri    – quản trị hệ thống
    truongban  – Trưởng/Phó Trưởng ban Chỉ đạo phường Đoàn Kết
    mattran    – cán bộ Ủy ban MTTQ phường
    congdoan   – cán bộ Công đoàn phường
    vanhoa     – công chức Văn hóa - Xã hội
    totruong1  – tổ trưởng Tổ dân phố số 1 (chỉ thấy tổ 1)
    totruong2  – tổ trưởng Tổ dân phố số 2 (chỉ thấy tổ 2)
    thanhpho   – Ban Chỉ đạo thành phố Lai Châu (chỉ xem)
    tinh       – Ban Chỉ đạo tỉnh Lai Châu (chỉ xem)

MSG
$BIN/python manage.py db_worker >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$BIN/python manage.py runserver 127.0.0.1:8000
