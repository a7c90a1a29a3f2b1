"""Foundation benchmark: a generated 10,000-paragraph document.

Reports import time, editor page server time and query count (first, middle and last page),
PO and bilingual HTML export time. Run: `make bench` or
`.venv/bin/python bench/bench_core.py [--units 10000] [--postgres]`.
Targets (issue 2, this 2-core machine): import and each export < 2 s, editor page < 150 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time

from _setup import postgres_available, reset_postgres_database, setup_django

WORDS = (
    "the working class revolution party international bureaucracy theory program struggle "
    "capitalist state socialist policy history Trotsky opposition perspective national "
    "imperialism congress strike workers peasants movement leadership defeat question"
).split()


def paragraph(rng: random.Random, i: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(20, 90))]
    words[0] = words[0].capitalize()
    return f"{i}. " + " ".join(words) + "."


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    if args.db == "both":
        # Django configures one database per process: run each in its own.
        dbs = ["sqlite"] + (["postgres"] if postgres_available() else [])
        results = []
        for db in dbs:
            out = subprocess.run(
                [sys.executable, __file__, "--db", db, "--units", str(args.units)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
        print(
            "| database | units | import | editor page (median) | queries/page "
            "| PO export | HTML export |"
        )
        print("|---|---|---|---|---|---|---|")
        for r in results:
            print(
                f"| {r['db']} | {r['units']:,} | {r['import']:.2f} s | {r['page_ms']:.0f} ms "
                f"| {r['queries']} | {r['po']:.2f} s | {r['html']:.2f} s |"
            )
        return
    print(json.dumps(run_once(args.db, args.units)))


def run_once(which: str, units: int) -> dict:
    url = reset_postgres_database("workbench_bench") if which == "postgres" else None
    setup_django(url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from workbench.models import Language, Membership, Translation, Unit
    from workbench.permissions import SYSTEM
    from workbench.selectors.exports import bilingual_html_export, po_export
    from workbench.services.documents import import_document

    rng = random.Random(7)
    text = "\n\n".join(paragraph(rng, i) for i in range(units)).encode()
    import_s, result = timed(
        lambda: import_document(SYSTEM, text, filename="book.txt", language_code="en")
    )
    doc = result.document
    de = Language.objects.get(code="de")
    user = get_user_model().objects.create_user("bench", password="x")
    Membership.objects.create(user=user, language=de, role="reviewer", state="active")
    # Translate half of the book so pages and exports carry real rows.
    segs = list(Unit.objects.filter(document=doc).order_by("position")[: units // 2])
    Translation.objects.bulk_create(
        [
            Translation(
                unit=s,
                language=de,
                text="Übersetzung " + s.source[:200],
                status="translated",
                source_checksum=s.checksum,
                author=user,
            )
            for s in segs
        ],
        batch_size=2000,
    )
    client = Client()
    client.force_login(user)
    pages = max(1, units // 50)
    page_times, queries = [], 0
    for page in (1, pages // 2, pages):
        url = f"/d/{doc.slug}/de/?page={page}"
        client.get(url)  # warm caches (templates, connection)
        for _ in range(5):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                page_times.append(time.perf_counter() - t0)
            assert response.status_code == 200
            queries = max(queries, len(ctx.captured_queries))
    po_s, _ = timed(lambda: po_export(doc, de), repeat=3)
    html_s, _ = timed(lambda: bilingual_html_export(doc, [de]), repeat=3)
    row = {
        "db": "PostgreSQL" if which == "postgres" else "SQLite",
        "units": units,
        "import": import_s,
        "page_ms": statistics.median(page_times) * 1000,
        "queries": queries,
        "po": po_s,
        "html": html_s,
    }
    return row


if __name__ == "__main__":
    main()
