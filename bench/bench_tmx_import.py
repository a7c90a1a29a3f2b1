"""TMX import speed: pairs per second of `import_tmx` (read, dedupe, bulk insert with index
keys) at 100,000 pairs, on SQLite and PostgreSQL, and the re-import of the same file (all
pairs known: "0 new"). Prints a Markdown table.

    python bench/bench_tmx_import.py [--pairs N] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import OUT, reset_postgres_database, setup_django  # noqa: E402

WORDS = (
    "the revolution of workers peasants state market grain capital trade war party congress "
    "soviet industry village town price wage plan theory history class bourgeois democratic "
    "permanent national international question program struggle power land reform army"
).split()


def make_tmx(count: int, seed: int = 1) -> bytes:
    from workbench.formats.tmx import TmxPair, export_tmx

    rng = random.Random(seed)
    pairs = []
    for n in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
        source = " ".join(words).capitalize() + f" ({n})."
        target = " ".join(reversed(words)).capitalize() + f" ({n})."
        pairs.append(TmxPair(source=source, target=target, source_lang="en", target_lang="de"))
    return export_tmx(pairs, source_language="en")


def run(database: str, count: int) -> tuple[float, float, str]:
    from django.core.management import call_command

    path = OUT / f"bench-{count}.tmx"
    if not path.exists():
        path.write_bytes(make_tmx(count))
    timings = []
    last = ""
    for _ in range(2):  # the first import, then the same file again
        out = io.StringIO()
        start = time.perf_counter()
        with redirect_stdout(out):
            call_command("import_tmx", str(path), stdout=out, stderr=io.StringIO())
        timings.append(time.perf_counter() - start)
        last = out.getvalue().strip().splitlines()[-1]
    return timings[0], timings[1], last


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    rows = []
    databases = [("SQLite", None)]
    if not args.sqlite_only:
        databases.append(("PostgreSQL", reset_postgres_database("workbench_bench_tmx")))
    for name, url in databases:
        setup_django(url) if name == "SQLite" else _switch(url)
        first, again, message = run(name, args.pairs)
        rows.append((name, first, again, message))
    print("| database | pairs | import | pairs/s | re-import (same file) |\n|---|---|---|---|---|")
    for name, first, again, message in rows:
        print(
            f"| {name} | {args.pairs:,} | {first:.1f} s | {args.pairs / first:,.0f} | "
            f"{again:.1f} s: {message} |"
        )
    return 0


def _switch(url: str) -> None:
    """Point the already set-up Django at another database and migrate it."""
    import dj_database_url
    from django.core.management import call_command
    from django.db import connections

    connections["default"].close()
    connections.databases["default"].update(dj_database_url.parse(url))
    connections["default"].settings_dict.update(dj_database_url.parse(url))
    call_command("migrate", verbosity=0, interactive=False)
    from workbench.models import Language
    from workbench.text.languages import KNOWN

    for code in ("en", "de"):
        info = KNOWN[code]
        Language.objects.get_or_create(
            code=code, defaults={"name": info.name, "direction": info.direction}
        )


if __name__ == "__main__":
    sys.exit(main())
