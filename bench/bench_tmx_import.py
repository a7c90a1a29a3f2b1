"""TMX import speed: pairs per second of the whole process `manage.py import_tmx FILE` (Python
and Django's start included, DEBUG off as deployed) at 100,000 pairs, on SQLite and
PostgreSQL, each on a fresh database: the first import into an empty memory, the same file
again (all pairs known: "0 new"), then another file of as many new pairs into the memory the
first one filled. Wall time (with the load average: the machine is shared) and the CPU time
of the importing process (on PostgreSQL the server's work is not in it). Prints a Markdown
table.

    python bench/bench_tmx_import.py [--pairs N] [--sqlite-only | --postgres-only]
        [--database NAME]

The PostgreSQL database (default workbench_bench_tmx) is dropped and created again; the peak
resident memory of each import is the `maxrss` of the process (its own, not the server's).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import OUT, ROOT, postgres_available, reset_postgres_database  # noqa: E402

PYTHON = sys.executable
MANAGE = str(ROOT / "manage.py")
WORDS = (
    "the revolution of workers peasants state market grain capital trade war party congress "
    "soviet industry village town price wage plan theory history class bourgeois democratic "
    "permanent national international question program struggle power land reform army"
).split()


def make_tmx(count: int, seed: int = 1, first: int = 0) -> bytes:
    sys.path.insert(0, str(ROOT))
    from workbench.formats.tmx import TmxPair, export_tmx

    rng = random.Random(seed)
    pairs = []
    for n in range(first, first + count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
        source = " ".join(words).capitalize() + f" ({n})."
        target = " ".join(reversed(words)).capitalize() + f" ({n})."
        pairs.append(TmxPair(source=source, target=target, source_lang="en", target_lang="de"))
    return export_tmx(pairs, source_language="en")


_LANGUAGES = """
from workbench.models import Language
from workbench.text.languages import KNOWN
for code in ("en", "de"):
    info = KNOWN[code]
    Language.objects.get_or_create(
        code=code, defaults={"name": info.name, "direction": info.direction}
    )
"""


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    # As deployed: DEBUG off (with it on, Django keeps every query's text with its values).
    env.update(DATABASE_URL=url, DEBUG="0", SECRET_KEY=env.get("SECRET_KEY", "bench-key"))
    return env


def _fresh_database(which: str, name: str) -> str:
    if which == "PostgreSQL":
        return reset_postgres_database(name)
    db = OUT / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{db}"


def _import(path: Path, env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall time, CPU time (user + system), peak resident memory (MB) and the last line the
    command printed."""
    started = time.perf_counter()
    # os.wait4 gives this one child's usage (RUSAGE_CHILDREN's maxrss is the largest of all
    # children so far, the earlier imports' included).
    process = subprocess.Popen(
        [PYTHON, MANAGE, "import_tmx", str(path)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import_tmx failed: {output}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss // 1024, output.strip().splitlines()[-1]


def run(which: str, count: int, name: str) -> list[str]:
    files = []
    for seed, first in ((1, 0), (2, count)):
        path = OUT / f"bench-{count}-{seed}.tmx"
        if not path.exists():
            # In a process of its own: the imports are started from this one, and a child's
            # peak resident memory counts what it had at the fork (the 100,000 generated
            # pairs) until it executes Python anew.
            subprocess.run(
                [PYTHON, __file__, "--make-file", str(path), str(count), str(seed), str(first)],
                check=True,
            )
        files.append(path)
    env = _env(_fresh_database(which, name))
    subprocess.run([PYTHON, MANAGE, "migrate", "-v0"], env=env, check=True)
    subprocess.run([PYTHON, MANAGE, "shell", "-c", _LANGUAGES], env=env, check=True)
    cells = []
    for path in (files[0], files[0], files[1]):
        load = os.getloadavg()[0]
        wall, cpu, peak, message = _import(path, env)
        cells.append(
            f"{wall:.1f} s, **{count / wall:,.0f}/s** ({cpu:.1f} s CPU, {peak} MB peak, "
            f"load {load:.1f} before, {os.getloadavg()[0]:.1f} after): {message}"
        )
    return cells


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=100_000)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--database", default="workbench_bench_tmx", help="its name")
    parser.add_argument("--make-file", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_file:
        path, count, seed, first = args.make_file
        Path(path).write_bytes(make_tmx(int(count), int(seed), int(first)))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    databases = [] if args.postgres_only else ["SQLite"]
    if not args.sqlite_only and postgres_available():
        databases.append("PostgreSQL")
    print(
        f"`manage.py import_tmx` of {args.pairs:,} pairs, whole process; {os.cpu_count()} CPUs.\n"
    )
    print(
        "| database | first import (empty memory) | the same file again | another file "
        "(into the filled memory) |\n|---|---|---|---|"
    )
    for which in databases:
        first, again, other = run(which, args.pairs, args.database)
        print(f"| {which} | {first} | {again} | {other} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
