#!/usr/bin/env python3
"""Concordance search at a million units, the query of this version beside the one before it
(measures; not a test).

    .venv/bin/python bench/bench_memory.py --db postgres --sizes 1000000 --recall 0 --keep
    .venv/bin/python bench/bench_concordance.py [--phrases 100] [--rounds 2]

Runs on the memory bench_memory.py built and kept (PostgreSQL, workbench_bench_memory). The
phrases are made as bench_memory.py makes them (2-4 words cut from stored units, seeded), and
each is searched with `selectors.memory.concordance`, the whole search a user waits for: the
newest entries first, then the word-pair index, the page loaded. "before" is the phrase query
of the previous version (text/fulltext.py asked for the first pair by the first letter of the
second word only); its lexemes are a subset of today's, so both run on the same index and the
same cache. Rounds alternate before/now phrase by phrase after one warming pass; the database
is otherwise idle (the load average is printed). Also counts the rows the index lets through
(the candidates PostgreSQL re-reads) for the slowest phrases.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time

from _setup import ROOT

DB_NAME = "workbench_bench_memory"


def _before(needle: str) -> str | None:
    """The phrase query before the `~` form existed (for comparison only)."""
    from workbench.text import fulltext
    from workbench.text.memory import words

    tokens = words(needle)
    if len(tokens) < 2:
        return None
    open_start = needle[:1] == tokens[0][:1]
    open_end = needle[-1:] == tokens[-1][-1:]
    pairs = list(zip(tokens, tokens[1:], strict=False))
    terms = []
    for i, (a, b) in enumerate(pairs):
        if i == 0 and open_start:
            terms.append(f"{fulltext._quote(fulltext._first_pair(a, b))}:*")
        elif i == len(pairs) - 1 and open_end:
            terms.append(f"{fulltext._quote(fulltext._pair(a, b))}:*")
        else:
            terms.append(fulltext._quote(fulltext._pair(a, b)))
    return " & ".join(terms)


def _kept_memory_exists() -> bool:
    try:
        import psycopg

        url = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
        with psycopg.connect(url, connect_timeout=2) as conn:
            row = conn.execute("SELECT count(*) FROM workbench_memoryentry").fetchone()
            return bool(row and row[0])
    except Exception:
        return False


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phrases", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if not _kept_memory_exists():
        print(f"No kept memory in {DB_NAME}: run bench_memory.py --db postgres --keep first.")
        return
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.db import connection

    from workbench.models import Language, MemoryEntry
    from workbench.selectors import memory as selectors
    from workbench.text import fulltext
    from workbench.text import memory as tm

    en, de = Language.objects.get(code="en"), Language.objects.get(code="de")
    size = MemoryEntry.objects.count()
    top = MemoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    rng = random.Random(8)
    phrases: list[str] = []
    while len(phrases) < args.phrases:
        text = (
            MemoryEntry.objects.filter(pk=rng.randint(1, top)).values_list("source", flat=True)
        ).first()
        if not text:
            continue
        words = re.sub(r"<[^>]+>", "", text).split()
        start = rng.randrange(max(1, len(words) - 4))
        phrases.append(" ".join(words[start : start + rng.randint(2, 4)]))

    now_query = fulltext.tsquery_literal
    versions = {"before": _before, "now": now_query}

    def timed(version: str, phrase: str) -> float:
        fulltext.tsquery_literal = versions[version]
        try:
            t0 = time.perf_counter()
            selectors.concordance(phrase, en, de)
            return (time.perf_counter() - t0) * 1000
        finally:
            fulltext.tsquery_literal = now_query

    for phrase in phrases:  # warming pass: both versions, every phrase
        timed("before", phrase)
        timed("now", phrase)
    times: dict[str, list[list[float]]] = {v: [] for v in versions}
    for _ in range(args.rounds):
        this_round: dict[str, list[float]] = {v: [] for v in versions}
        for phrase in phrases:
            for version in versions:
                this_round[version].append(timed(version, phrase))
        for version in versions:
            times[version].append(this_round[version])

    def candidates(version: str, phrase: str) -> int | None:
        query = versions[version](tm.normalize_plain(phrase))
        if query is None:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM workbench_memoryentry WHERE source_language_id = %s AND "
                "target_language_id = %s AND (source_words @@ %s::tsquery OR "
                "target_words @@ %s::tsquery)",
                [en.pk, de.pk, query, query],
            )
            return cursor.fetchone()[0]

    print(
        f"{size:,} entries, {len(phrases)} phrases, {args.rounds} rounds after a warming pass; "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    print("| concordance query | round | p50 | p95 | max |")
    print("|---|---|---|---|---|")
    for version in versions:
        for n, values in enumerate(times[version], start=1):
            print(
                f"| {version} | {n} | {statistics.median(values):.0f} ms "
                f"| {percentile(values, 95):.0f} ms | {max(values):.0f} ms |"
            )
    worst = sorted(
        range(len(phrases)), key=lambda i: -max(times["before"][-1][i], times["now"][-1][i])
    )[:8]
    print("\n| phrase | before: candidates, ms | now: candidates, ms |")
    print("|---|---|---|")
    for i in worst:
        print(
            f"| {phrases[i]!r} | {candidates('before', phrases[i])}, "
            f"{times['before'][-1][i]:.0f} | {candidates('now', phrases[i])}, "
            f"{times['now'][-1][i]:.0f} |"
        )


if __name__ == "__main__":
    main()
