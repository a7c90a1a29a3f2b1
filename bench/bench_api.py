"""REST API throughput: reading a 10,000-unit document page by page, and writing
translations, through a real server (gunicorn with the production settings) on loopback.

Run: `.venv/bin/python bench/bench_api.py [--units 10000] [--writes 300] [--clients 1 4]`.
Uses PostgreSQL at 127.0.0.1:5432 when it answers, else a SQLite file. Reads: every page of
the document's units in German (a third translated) with the client's cursor, at page sizes
100 and 500; per page median and p95, and the whole walk. Writes: PUT of a translation with
the version read (the editor's optimistic check), by 1 and by 4 clients at once on their own
units; writes per second and latency. Rate limits are lifted for the run; traffic goes only
to 127.0.0.1 and every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _setup import OUT, ROOT, postgres_available, reset_postgres_database
from bench_save_load import wait_for_server

PORT = 8766
BASE = f"http://127.0.0.1:{PORT}/api/v1/"


def prepare(database_url: str | None, units: int, clients: int) -> tuple[str, list[str]]:
    """Build the database in a child process (Django set up there); returns the database
    URL and one API token per client."""
    if database_url is None:
        db = OUT / "bench-api.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    code = f"""
import sys; sys.path.insert(0, {str(ROOT / "bench")!r})
from _setup import setup_django
setup_django({database_url!r})
from django.contrib.auth import get_user_model
from workbench.models import Language, Membership, Unit
from workbench.permissions import SYSTEM
from workbench.services.api_tokens import create_token
from workbench.services import writes
line = "Paragraph {{}} of the API benchmark, with a few words."
text = "\\n\\n".join(line.format(i) for i in range({units}))
from workbench.services.documents import import_document
doc = import_document(SYSTEM, text.encode(), filename="api.txt", language_code="en",
                      slug="api").document
de = Language.objects.get(code="de")
units = list(Unit.objects.filter(document=doc).order_by("position"))
writes.write(SYSTEM, de, [writes.Change(u, f"Absatz {{u.position}}.", status="translated")
                          for u in units if u.position % 3 == 0], kind=writes.IMPORT)
for n in range({clients}):
    user = get_user_model().objects.create_user(f"api{{n}}", password="api-bench-pass-1")
    Membership.objects.create(user=user, language=de, role="reviewer", state="active")
    print(create_token(user, "bench")[1])
"""
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True
    )
    tokens = [line for line in done.stdout.split() if line.startswith("wbt_")]
    return database_url, tokens


def call(method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        path if path.startswith("http") else BASE + path,
        data=data,
        method=method,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def ms(values: list[float], q: float) -> str:
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.1f} ms"


def read_walk(token: str, page_size: int) -> tuple[int, int, float, list[float]]:
    url = f"documents/api/languages/de/units/?page_size={page_size}"
    latencies: list[float] = []
    units = 0
    started = time.perf_counter()
    for _ in range(100_000 // page_size + 2):
        t0 = time.perf_counter()
        status, page = call("GET", url, token)
        latencies.append(time.perf_counter() - t0)
        if status != 200:
            raise RuntimeError(f"read failed: {status} {page}")
        units += len(page["results"])
        if not page["next"]:
            break
        url = page["next"]
    return units, len(latencies), time.perf_counter() - started, latencies


def writer(token: str, keys: list[str]) -> list[float]:
    latencies = []
    for i, key in enumerate(keys):
        t0 = time.perf_counter()
        status, body = call(
            "PUT", f"documents/api/languages/de/units/{key}/", token,
            {"text": f"Übersetzung {i} über die API.", "version": 0},
        )  # fmt: skip
        latencies.append(time.perf_counter() - t0)
        if status != 200:
            raise RuntimeError(f"write failed: {status} {body}")
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--writes", type=int, default=300, help="writes per run")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    pg = postgres_available()
    database_url = reset_postgres_database("workbench_api_bench") if pg else None
    database_url, tokens = prepare(database_url, args.units, max(args.clients))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "API_RATE_USER": "10000000/hour",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c", "python:workbench.gunicorn_conf", "workbench.wsgi",
        "-b", f"127.0.0.1:{PORT}", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        import bench_save_load

        bench_save_load.PORT = PORT
        wait_for_server(server)
        print(f"Database: {'PostgreSQL' if pg else 'SQLite'}; document of {args.units} units.\n")
        print("| run | pages | units | whole walk | page median | page p95 |")
        print("|---|---|---|---|---|---|")
        call("GET", "languages/", tokens[0])  # warm up: connections, the token's first use
        for size in (100, 500):
            units, pages, wall, lat = read_walk(tokens[0], size)
            print(f"| read, {size} units a page | {pages} | {units} | {wall:.2f} s | "
                  f"{ms(lat, 0.5)} | {ms(lat, 0.95)} |")  # fmt: skip
        print("\n| writers | writes | writes/s | median | p95 |")
        print("|---|---|---|---|---|")
        keys = [f"u{i:04d}" for i in range(1, args.units + 1) if i % 3]  # untranslated ones
        offset = 0
        for clients in args.clients:
            per = max(args.writes // clients, 1)
            slices = [keys[offset + n * per : offset + (n + 1) * per] for n in range(clients)]
            offset += clients * per
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                results = list(pool.map(writer, tokens[:clients], slices))
            wall = time.perf_counter() - started
            lat = [x for r in results for x in r]
            print(f"| {clients} | {len(lat)} | {len(lat) / wall:.0f} | {ms(lat, 0.5)} | "
                  f"{ms(lat, 0.95)} |")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
