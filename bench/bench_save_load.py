"""Save latency under load: N concurrent clients saving translations through the real HTTP
endpoint of a real server (gunicorn, threads) on loopback, against PostgreSQL.

Run: `.venv/bin/python bench/bench_save_load.py [--clients 8 32] [--saves 40]`.
Each client logs in as its own translator and opens the editor; when all are in, each saves
units of its own slice of a document (the realistic case: volunteers rarely type into the
same paragraph at the same moment), with the version it last saw. Only the saves are timed.
Reports median and 95th percentile per concurrency level.
Target (issue 3): p95 under 100 ms. Traffic goes only to 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from http.cookiejar import CookieJar
from pathlib import Path

from _setup import ROOT, postgres_available, reset_postgres_database

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def prepare(units: int, clients: int, name: str = "workbench_load") -> str:
    """Build the database in a child process (Django set up there, not here)."""
    url = reset_postgres_database(name)
    code = f"""
import sys; sys.path.insert(0, {str(ROOT / "bench")!r})
from _setup import setup_django
setup_django({url!r})
from django.contrib.auth import get_user_model
from workbench.permissions import SYSTEM
from workbench.models import Language, Membership
from workbench.services.documents import import_document
text = "\\n\\n".join(f"Paragraph {{i}} of the load test, with words." for i in range({units}))
import_document(
    SYSTEM,
    text.encode(), filename="load.txt", language_code="en", slug="load")
de = Language.objects.get(code="de")
for n in range({clients}):
    u = get_user_model().objects.create_user(f"load{{n}}", password="load-pass-123")
    Membership.objects.create(user=u, language=de, role="translator", state="active")
"""
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return url


class Session:
    def __init__(self) -> None:
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(BASE + path, timeout=30) as r:
            return r.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, bytes]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        req = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()


def client_run(
    n: int, keys: list[str], saves: int, think: float, ready: threading.Barrier
) -> list[float]:
    """One volunteer: logs in and opens the editor (untimed: password hashing costs a
    deliberate ~0.3 s of CPU, and 32 of them at once would be timed as save latency), waits
    until every client is there, then saves its own units."""
    s = Session()
    s.get("/accounts/login/")
    status, _ = s.post("/accounts/login/", {"login": f"load{n}", "password": "load-pass-123"})
    if status != 200 or not any(c.name == "sessionid" for c in s.jar):
        ready.abort()
        raise RuntimeError(f"login failed for load{n}: {status}")
    s.get("/d/load/de/")
    ready.wait(timeout=120)
    versions: dict[str, int] = {}
    latencies = []
    pause = random.Random(n)
    for i in range(saves):
        if think:
            # A volunteer reads and types between saves: uniform in [think/2, 3*think/2].
            time.sleep(pause.uniform(think / 2, think * 3 / 2))
        key = keys[i % len(keys)]
        t0 = time.perf_counter()
        status, body = s.post(
            f"/d/load/de/u/{key}/save",
            {"text": f"Übersetzung {i} von {n}", "version": versions.get(key, 0)},
        )
        latencies.append(time.perf_counter() - t0)
        if status != 200:
            raise RuntimeError(f"save failed: {status} {body[:200]!r}")
        versions[key] = json.loads(body)["version"]
    return latencies


def _stamp(into: list[float]) -> None:
    into.append(time.perf_counter())


def wait_for_server(proc: subprocess.Popen) -> None:
    for _ in range(100):
        if proc.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--saves", type=int, default=40, help="saves per client")
    parser.add_argument(
        "--workers", type=int, help="gunicorn processes (default: workbench/gunicorn_conf.py)"
    )
    parser.add_argument("--threads", type=int, help="threads per process (default: the same)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a client waits between saves"
    )
    parser.add_argument(
        "--no-saturation", action="store_true", help="skip the runs without think time"
    )
    args = parser.parse_args()
    if not postgres_available():
        raise SystemExit("PostgreSQL at 127.0.0.1:5432 is needed for this benchmark")
    top = max(args.clients)
    # Each concurrency level saves its own units, so every save starts from the version it saw.
    url = prepare(units=2 * sum(args.clients) * 10, clients=top)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
        # Plain http on loopback: production's secure-only cookies would never be sent.
        "SECURE_COOKIES": "0",
        "LOGIN_RATE_LIMIT": "1000/m/ip",  # every client signs in from 127.0.0.1 at once
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c", "python:workbench.gunicorn_conf",  # the production settings
        "workbench.wsgi",
        "-b", f"127.0.0.1:{PORT}",
        "--log-level", "warning",
    ]  # fmt: skip
    if args.workers:
        command += ["-w", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_for_server(server)
        keys_all = [f"u{i:04d}" for i in range(1, 2 * sum(args.clients) * 10 + 1)]
        offset = 0
        print("| clients | load | saves | throughput | median | p95 | max |")
        print("|---|---|---|---|---|---|---|")
        for think in (args.think,) if args.no_saturation else (args.think, 0.0):
            for clients in args.clients:
                slices = [keys_all[offset + n * 10 : offset + (n + 1) * 10] for n in range(clients)]
                offset += clients * 10
                started: list[float] = []
                ready = threading.Barrier(clients, action=partial(_stamp, started))
                with ThreadPoolExecutor(max_workers=clients) as pool:
                    results = list(
                        pool.map(
                            client_run,
                            range(clients),
                            slices,
                            [args.saves] * clients,
                            [think] * clients,
                            [ready] * clients,
                        )
                    )
                wall = time.perf_counter() - started[0]
                lat = sorted(x for r in results for x in r)
                p95 = lat[int(0.95 * (len(lat) - 1))]
                mode = f"{think:.1f} s think time" if think else "no think time (saturation)"
                print(
                    f"| {clients} | {mode} | {len(lat)} | {len(lat) / wall:.0f}/s "
                    f"| {statistics.median(lat) * 1000:.0f} ms | {p95 * 1000:.0f} ms "
                    f"| {lat[-1] * 1000:.0f} ms |",
                    flush=True,
                )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
