"""CPU per API request, for one code tree (run by bench_api_throughput.py with cwd = that tree).

Prints one JSON line {path: [python ms, postgres ms]}: this process's CPU time (time.process_time) and the CPU
time of its PostgreSQL backend (/proc/<pid>/stat) per request through the Django test client, N requests per
path after a warm-up. CPU time, unlike throughput, hardly depends on what else the machine is running, so two
trees measured this way compare fairly even on a busy machine."""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")


def main() -> None:
    token, n, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def backend_cpu() -> float:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    out = {}
    for path in paths:
        for _ in range(10):
            assert client.get(path).status_code == 200
        pg, py = backend_cpu(), time.process_time()
        for _ in range(n):
            client.get(path)
        out[path] = [(time.process_time() - py) / n * 1000, (backend_cpu() - pg) / n * 1000]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
