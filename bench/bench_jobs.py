"""Background jobs on PostgreSQL: what a job costs before it starts, and what a long job does
to the saves of 32 translators.

Run: `.venv/bin/python bench/bench_jobs.py [--clients 32] [--saves 40] [--paragraphs 10000]`.

1. Job overhead: one `db_worker` (polling every 0.1 s; `make run` uses 0.5 s, the default is
   1 s) and 20 small jobs started one after the other; enqueue-to-start is the Job row's
   started_at minus its created_at (claiming included).
2. Saves while a book is aligned: gunicorn with the production settings, one worker aligning
   a generated 10,000-paragraph translation to a 10,000-unit document, job after job, while
   N clients save translations of another document (bench_save_load.py's clients, 1 s think
   time). Reports save median and p95, and how many alignment jobs ran meanwhile.
Traffic goes only to 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bench_save_load as load
from _setup import ROOT, postgres_available, setup_django

WORDS = ["permanent", "revolution", "party", "class", "state", "peasant", "worker", "theory"]


def _book(paragraphs: int) -> tuple[bytes, bytes]:
    source = "\n\n".join(
        f"Paragraph {i} of the book is about the {WORDS[i % 8]} question and the "
        f"{WORDS[(i * 3) % 8]} of {1900 + i % 40}." for i in range(paragraphs)
    )  # fmt: skip
    target = "\n\n".join(
        f"Absatz {i} des Buches handelt von der Frage {WORDS[i % 8]} und von {WORDS[(i * 3) % 8]} "
        f"im Jahr {1900 + i % 40}." for i in range(paragraphs)
    )  # fmt: skip
    return source.encode(), target.encode()


def _client(*args):
    try:
        return load.client_run(*args)
    except threading.BrokenBarrierError:
        raise
    except Exception as exc:
        print(f"client {args[0]}: {exc!r}", file=sys.stderr, flush=True)
        raise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--paragraphs", type=int, default=10000)
    # Enough jobs that the worker aligns during the whole save window (a 10k book takes
    # 3-6 s of one core now; the window is about `--saves` seconds).
    parser.add_argument("--jobs", type=int, default=16)
    args = parser.parse_args()
    if not postgres_available():
        raise SystemExit("PostgreSQL at 127.0.0.1:5432 is needed for this benchmark")
    # A database and a port of this benchmark's own (bench_save_load.py's may be in use).
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        load.PORT = s.getsockname()[1]
    load.BASE = f"http://127.0.0.1:{load.PORT}"
    url = load.prepare(units=args.clients * 10, clients=args.clients, name="workbench_jobs_bench")
    cache_dir = ROOT / "bench" / "out" / "jobs-cache"
    os.environ["CACHE_DIR"] = str(cache_dir)
    os.environ["UPLOAD_ROOT"] = str(ROOT / "bench" / "out" / "jobs-uploads")
    setup_django(url)

    from workbench.models import Job, Language
    from workbench.permissions import SYSTEM
    from workbench.services.documents import import_document
    from workbench.services.jobs import start_job

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "LOGIN_RATE_LIMIT": "1000/m/ip",  # every client signs in from 127.0.0.1 at once
        "LOG_LEVEL": "ERROR",
        "WORKBENCH_LOG_LEVEL": "ERROR",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1",
         "--no-startup-delay", "-v", "0"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    server = None
    try:
        de = Language.objects.get(code="de")
        small = import_document(
            SYSTEM, b"One.\n\nTwo.", filename="s.txt", language_code="en", slug="small"
        ).document
        waits = []
        for _ in range(20):
            job = start_job(SYSTEM, "prefill", document=small, language=de)
            for _ in range(600):
                job.refresh_from_db()
                if job.state in ("succeeded", "failed"):
                    break
                time.sleep(0.02)
            waits.append((job.started_at - job.created_at).total_seconds())
        waits.sort()
        print("| measure | median | p95 | max |")
        print("|---|---|---|---|")
        print(
            f"| job overhead, enqueue to start (20 jobs, worker polling every 0.1 s) "
            f"| {statistics.median(waits) * 1000:.0f} ms | {waits[18] * 1000:.0f} ms "
            f"| {waits[-1] * 1000:.0f} ms |",
            flush=True,
        )

        source, target = _book(args.paragraphs)
        book = import_document(
            SYSTEM, source, filename="book.txt", language_code="en", slug="book"
        ).document
        t0 = time.perf_counter()
        jobs: list = []

        def start_aligning() -> None:
            # When every client is signed in and on its page (logins cost ~0.3 s of CPU
            # each, deliberately): the book is aligned, job after job, while they save.
            load._stamp(started)
            jobs.extend(
                start_job(SYSTEM, "align_propose", document=book, language=de,
                          upload=(target, "book.de.txt"))
                for _ in range(args.jobs)
            )  # fmt: skip

        command = [
            str(Path(sys.executable).parent / "gunicorn"), "-c", "python:workbench.gunicorn_conf",
            "workbench.wsgi", "-b", f"127.0.0.1:{load.PORT}", "--log-level", "warning",
        ]  # fmt: skip
        server = subprocess.Popen(command, cwd=ROOT, env=env)
        load.wait_for_server(server)
        keys = [f"u{i:04d}" for i in range(1, args.clients * 10 + 1)]
        slices = [keys[n * 10 : (n + 1) * 10] for n in range(args.clients)]
        started: list[float] = []
        ready = threading.Barrier(args.clients, action=start_aligning)
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            # The first client's error, not the others' broken barrier, says what went wrong.
            results = list(
                pool.map(
                    _client, range(args.clients), slices, [args.saves] * args.clients,
                    [1.0] * args.clients, [ready] * args.clients,
                )
            )  # fmt: skip
        lat = sorted(x for r in results for x in r)
        p95 = lat[int(0.95 * (len(lat) - 1))]
        done = Job.objects.filter(pk__in=[j.pk for j in jobs], state="succeeded")
        busy = Job.objects.filter(pk__in=[j.pk for j in jobs], state="running").exists()
        first = min((j for j in done), key=lambda j: j.finished_at, default=None)
        align_s = (first.finished_at - first.started_at).total_seconds() if first is not None else 0
        print(
            f"| saves while {args.paragraphs:,}-paragraph alignment jobs run "
            f"({args.clients} clients, 1 s think; {len(lat)} saves, {done.count()} of "
            f"{args.jobs} jobs finished meanwhile{', one still running' if busy else ''}, one "
            f"job {align_s:.1f} s; worker nice {os.environ.get('JOB_WORKER_NICE', '10')}) "
            f"| {statistics.median(lat) * 1000:.0f} ms | {p95 * 1000:.0f} ms "
            f"| {lat[-1] * 1000:.0f} ms |",
            flush=True,
        )
        print(f"(set-up to end: {time.perf_counter() - t0:.0f} s)")
    finally:
        for proc in (server, worker):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in (server, worker):
            if proc is not None:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    main()
