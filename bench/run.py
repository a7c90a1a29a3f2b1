"""`make bench`: every benchmark script in turn; each prints a Markdown table for the README."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    # First: the machine's own speed, to compare the figures below with the README's.
    ("This machine", ["machine_speed.py"]),
    ("Foundation: 10,000-paragraph document", ["bench_core.py"]),
    ("A 4.9 MB HTML book, whole processes", ["bench_book.py"]),
    ("The translated Markdown document on real files", ["bench_markdown_export.py"]),
    ("Aligner", ["bench_align.py"]),
    # --keep: the last (1,000,000-unit) PostgreSQL memory stays for the concordance's run.
    ("Translation memory", ["bench_memory.py", "--keep"]),
    ("Concordance at a million units (PostgreSQL)", ["bench_concordance.py"]),
    ("TMX import, 100,000 pairs (SQLite and PostgreSQL)", ["bench_tmx_import.py"]),
    ("Save latency under concurrent load (PostgreSQL)", ["bench_save_load.py"]),
    ("REST API: a 10,000-unit document page by page, and writes", ["bench_api.py"]),
    ("Machine translation (Apertium)", ["bench_machine.py"]),
    ("Background jobs (PostgreSQL)", ["bench_jobs.py"]),
]


def main() -> int:
    failed = 0
    for title, argv in SCRIPTS:
        script = HERE / argv[0]
        print(f"\n## {title}\n", flush=True)
        if not script.exists():
            print(f"({argv[0]} not present)")
            continue
        rc = subprocess.call([sys.executable, str(script), *argv[1:]], cwd=HERE.parent)
        failed |= rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
