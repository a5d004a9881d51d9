"""(c) Throughput of the API household list under concurrent load: gunicorn on 127.0.0.1, driven by wrk (Debian
package; a small threaded Python client when wrk is missing), against the static health endpoint served by the
same gunicorn (the floor: HTTP + WSGI + middleware, no database, no auth).

Loopback only, bounded: each target runs BENCH_SECONDS (default 10) with BENCH_CONNECTIONS (default 8)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchlib import ROOT, bench_actor, bench_database, build_households, build_units, check_keys, make_user, say

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CPU_ROUNDS = int(os.environ.get("BENCH_CPU_ROUNDS", "3"))
CPU_REQUESTS = int(os.environ.get("BENCH_CPU_REQUESTS", "100"))  # x 3 paths x 2 trees x 3 rounds
MAX_REQUESTS = 200_000  # the Python client's hard cap, whatever the duration
# VACUUM ANALYZE the bulk-built tables, as autovacuum does soon after a bulk insert on a live server (this
# machine's PostgreSQL runs with autovacuum off): without it the visibility map is empty and every COUNT of the
# list reads the table's heap instead of the (group, status) index. BENCH_VACUUM=0 measures the table as built.
VACUUM = os.environ.get("BENCH_VACUUM", "1") != "0"

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p95_us\\": %d, \\"errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def vacuum(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cur:  # autocommit: VACUUM cannot run in a transaction
        for table in tables:
            cur.execute(f"VACUUM ANALYZE {table}")
    say(f"  VACUUM ANALYZE {', '.join(tables)} (BENCH_VACUUM=0: not)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_wrk(url: str, headers: dict[str, str]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", script.name]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=SECONDS + 30, check=True).stdout
    os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    r = json.loads(line[len("RESULT ") :])
    return {
        "rps": r["requests"] / (r["duration_us"] / 1e6),
        "p50_ms": r["p50_us"] / 1000,
        "p95_ms": r["p95_us"] / 1000,
        "errors": r["errors"],
        "requests": r["requests"],
    }


def run_python(url: str, headers: dict[str, str]) -> dict[str, float]:
    """Keep-alive connections on threads; stops at the deadline or at MAX_REQUESTS, whichever comes first."""
    host, _, rest = url.removeprefix("http://").partition("/")
    hostname, _, port = host.partition(":")
    path = "/" + rest
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def worker() -> None:
        conn = http.client.HTTPConnection(hostname, int(port), timeout=10)
        while time.perf_counter() < deadline:
            with lock:
                if len(latencies) + errors[0] >= MAX_REQUESTS:
                    return
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 300
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(hostname, int(port), timeout=10)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(SECONDS + 30)
    duration = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "rps": (len(latencies) + errors[0]) / duration,
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
        "errors": errors[0],
        "requests": len(latencies) + errors[0],
    }


BASELINE = os.environ.get("BENCH_BASELINE", "0503e18")  # the code before issue #17 ("" = no baseline)


def start_server(cwd: Path, db_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_DEBUG": "0", "DB_CONN_MAX_AGE": "60"}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
            "--worker-class", "gthread", "--log-level", "warning", "--timeout", "60",
        ],
        cwd=cwd,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):  # up to 30 s for the workers to boot
        try:
            urllib.request.urlopen(base + "/api/v1/health", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not answer on 127.0.0.1")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def baseline_tree(rev: str, into: Path) -> Path | None:
    """The code of `rev` (git archive), served against the same database: the same run measures before and
    after (extra tables of newer migrations are ignored by older code)."""
    try:
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        say(f"  (no baseline: git archive {rev} failed)")
        return None
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def cpu_per_request(new: Path, old: Path | None, db_url: str, token: str, paths: list[str]) -> None:
    """CPU per request (Python + its PostgreSQL backend), now and before, alternating: the figure that a busy
    machine hardly moves (throughput under wrk does move with it)."""
    if old is None:
        return
    env = {**os.environ, "DATABASE_URL": db_url}
    script = str(ROOT / "bench" / "cpu_per_request.py")
    totals: dict[str, dict[str, list[float]]] = {"now": {}, "before": {}}
    for _ in range(CPU_ROUNDS):
        for name, tree in (("now", new), ("before", old)):
            out = subprocess.run([sys.executable, script, token, str(CPU_REQUESTS), *paths], cwd=tree, env=env,
                                 capture_output=True, text=True, check=True).stdout  # fmt: skip
            for path, (py, pg) in json.loads(out.strip().splitlines()[-1]).items():
                totals[name].setdefault(path, []).append(py + pg)
    for path in paths:
        now, before = min(totals["now"][path]), min(totals["before"][path])
        say(f"  CPU per request {path}: now {now:.1f} ms, before {before:.1f} ms (Python + PostgreSQL, best of "
            f"{CPU_ROUNDS})")  # fmt: skip
        say(f"    → now / before: {before / now:.2f}x the requests per CPU second (in process, alternating)")


def main() -> None:
    tool = "wrk" if shutil.which("wrk") else "python"
    say(
        f"[c] API throughput: gunicorn {WORKERS} workers x {THREADS} threads on 127.0.0.1, {tool}, "
        f"{CONNECTIONS} connections, {SECONDS} s per target (PostgreSQL)"
    )
    with bench_database("vanhoa_bench_api") as db_url, tempfile.TemporaryDirectory(prefix="vanhoa-bench-") as tmp:
        from django.db import connections

        from vanhoa.accounts.permissions import Role
        from vanhoa.api import services as api_services

        province = build_units("Tỉnh Thử Nghiệm", "91", wards=2, groups_per_ward=20)
        build_households(province, 10_000)
        if VACUUM:
            vacuum("registry_household", "units_unit")
        check_keys()
        head = make_user("bench_ward_head", Role.WARD_HEAD, province.ward_ids[0])
        _, token = api_services.create_token(actor=bench_actor(), owner=head, name="bench")
        connections.close_all()

        servers = [("", *start_server(ROOT, db_url))]
        old = baseline_tree(BASELINE, Path(tmp)) if BASELINE else None
        if old is not None:
            servers.append((f"before ({BASELINE})", *start_server(old, db_url)))
        try:
            auth = {"Authorization": f"Bearer {token}"}
            targets = [
                ("static health /api/v1/health (floor)", "/api/v1/health", {}),
                ("households list, 50 per page", "/api/v1/households?status=active&limit=50", auth),
                ("households search 'nguyen van'", "/api/v1/households?q=nguyen%20van&limit=50", auth),
                ("households page 81 (offset 4000)", "/api/v1/households?status=active&limit=50&offset=4000", auth),
            ]
            for _, _, base in servers:
                for _, path, headers in targets:  # warm every worker
                    for _ in range(WORKERS * THREADS * 2):
                        request = urllib.request.Request(base + path, headers=headers)
                        assert urllib.request.urlopen(request, timeout=10).status == 200
            cpu_per_request(ROOT, old, db_url, token, [path for _, path, _ in targets[1:]])
            run = run_wrk if tool == "wrk" else run_python
            floor = None
            for label, path, headers in targets:
                results = [(name, run(base + path, headers)) for name, _, base in servers]
                r = results[0][1]
                if floor is None:
                    floor = r
                    say(
                        f"  {label}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
                        f"errors {r['errors']} of {r['requests']}"
                    )
                    continue
                for name, r in results:
                    say(
                        f"  {label}{' ' + name if name else ''}: throughput {r['rps'] / floor['rps']:.3f}x the "
                        f"floor, p50 {r['p50_ms'] / floor['p50_ms']:.1f}x, p95 {r['p95_ms'] / floor['p95_ms']:.1f}x   "
                        f"({r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
                        f"errors {r['errors']} of {r['requests']})"
                    )
                if len(results) > 1:
                    say(f"    → now / before: {results[0][1]['rps'] / results[1][1]['rps']:.2f}x the throughput")
        finally:
            for _, server, _ in servers:
                stop(server)


if __name__ == "__main__":
    main()
