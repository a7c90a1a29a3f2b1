"""Whole processes on a real-sized book: `manage.py import_document` of the 4.9 MB,
11,630-unit HTML book of bench/book.py on a fresh database, then `export_po` and
`export_html` of it with half of it translated, each timed as the process it is (Django's
start included), on SQLite and PostgreSQL; beside them translate-toolkit's html2po and po2html
on the same file when it is installed. Run: `make bench` or `.venv/bin/python
bench/bench_book.py [--db sqlite|postgres|both] [--runs 3]`.
Targets (issue 13, this 2-core machine): import under 2 s, each export under 1 s."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _setup import OUT, ROOT, postgres_available, reset_postgres_database
from book import book_html

PYTHON = sys.executable
MANAGE = str(ROOT / "manage.py")


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    # As deployed: DEBUG off (with it on, Django keeps every query's text with its values).
    env.update(DATABASE_URL=url, DEBUG="0", SECRET_KEY=env.get("SECRET_KEY", "bench-key"))
    return env


def _timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of the process: on a machine shared with other
    jobs the CPU time is the steadier measure of the work itself."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median(pairs: list[tuple[float, float]]) -> str:
    wall = statistics.median(p[0] for p in pairs)
    cpu = statistics.median(p[1] for p in pairs)
    return f"{wall:.2f} s ({cpu:.2f} s CPU)"


def _fresh_database(which: str) -> str:
    if which == "postgres":
        return reset_postgres_database("workbench_bench_book")
    db = OUT / "book.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{db}"


_TRANSLATE_HALF = """
from workbench.models import Language, Translation, Unit
de, _ = Language.objects.get_or_create(code="de", defaults={"name": "German"})
units = list(Unit.objects.filter(document__slug="book").order_by("position"))
Translation.objects.bulk_create([
    Translation(unit=u, language=de, text="Übersetzung " + u.source, status="translated",
                source_checksum=u.checksum)
    for u in units[: len(units) // 2]
], batch_size=2000)
"""


def run(which: str, book: Path, runs: int) -> dict[str, str]:
    times: dict[str, list[tuple[float, float]]] = {"import": [], "po": [], "html": []}
    for _ in range(runs):
        env = _env(_fresh_database(which))
        subprocess.run([PYTHON, MANAGE, "migrate", "-v0"], env=env, check=True)
        times["import"].append(
            _timed(
                [PYTHON, MANAGE, "import_document", str(book), "--lang", "en", "--slug", "book"],
                env,
            )  # fmt: skip
        )
    subprocess.run(
        [PYTHON, MANAGE, "shell", "-c", _TRANSLATE_HALF], env=env, check=True, capture_output=True
    )
    for _ in range(runs):
        times["po"].append(
            _timed(
                [
                    PYTHON,
                    MANAGE,
                    "export_po",
                    "book",
                    "--lang",
                    "de",
                    "-o",
                    str(OUT / "book.de.po"),
                ],
                env,
            )  # fmt: skip
        )
        times["html"].append(
            _timed(
                [
                    PYTHON,
                    MANAGE,
                    "export_html",
                    "book",
                    "--lang",
                    "de",
                    "-o",
                    str(OUT / "book.de.html"),
                ],
                env,
            )  # fmt: skip
        )
    return {name: _median(values) for name, values in times.items()}


def toolkit(book: Path, runs: int) -> dict[str, str] | None:
    bin_dir = Path(sys.executable).parent  # the virtualenv's scripts, else the PATH
    html2po = shutil.which("html2po", path=f"{bin_dir}:{os.environ.get('PATH', '')}")
    po2html = shutil.which("po2html", path=f"{bin_dir}:{os.environ.get('PATH', '')}")
    if not (html2po and po2html):
        return None
    po, html = OUT / "book.toolkit.po", OUT / "book.toolkit.html"
    result = {
        "import": _median(
            [_timed([html2po, "--progress=none", str(book), str(po)]) for _ in range(runs)]
        )
    }
    html.unlink(missing_ok=True)
    result["html"] = _median(
        [
            _timed([po2html, "--progress=none", "-t", str(book), str(po), str(html)])
            for _ in range(runs)
        ]
    )
    if not html.exists():  # po2html reports a file it cannot read as a warning, exit 0
        raise SystemExit("po2html wrote nothing")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    book = OUT / "book.html"
    book.write_bytes(book_html())
    size = book.stat().st_size / 1e6
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in dbs and not postgres_available():
        dbs.remove("postgres")
    print(
        f"Book: {size:.1f} MB, 11,630 units; median of {args.runs} whole processes, wall "
        f"time (CPU time of the process). Load average before: {os.getloadavg()[0]:.1f}.\n"
    )
    print("| tool | database | import | PO export | HTML export |")
    print("|---|---|---|---|---|")
    for which in dbs:
        r = run(which, book, args.runs)
        name = "PostgreSQL" if which == "postgres" else "SQLite"
        print(f"| workbench | {name} | {r['import']} | {r['po']} | {r['html']} |")
    tk = toolkit(book, args.runs)
    if tk is not None:
        print(f"| translate-toolkit html2po / po2html | none | {tk['import']} | | {tk['html']} |")
    else:
        print("| translate-toolkit | (not installed) | | | |")


if __name__ == "__main__":
    main()
