#!/usr/bin/env python3
"""Translation-memory benchmark (measures; not a test).

    .venv/bin/python bench/bench_memory.py [--db both|sqlite|postgres]
        [--sizes 100000,1000000] [--sqlite-size 100000] [--queries 200] [--recall 40]
        [--trgm-baseline]

Builds a memory of generated English->German units on PostgreSQL (a database it creates
and drops, postgres://postgres@127.0.0.1:5432/workbench_bench_memory) for each of --sizes,
and on SQLite (bench/out/bench_memory.sqlite3) for --sqlite-size, then measures:

* lookup latency: `selectors.memory.suggestions`, everything the aids panel does for the
  memory (exact, fuzzy with diffs, quotations, loading what is shown), over --queries
  queries: a third exact (a stored unit with other markup and spacing), a third near (a
  stored unit with 5-30% of its words changed), a third unrelated (a new unit);
* recall of the fuzzy index: for --recall near queries, the share of the true top five
  matches of 60% or more (found by scoring every unit with rapidfuzz) that the lookup finds;
* concordance search latency (100 phrases of 2-4 words taken from stored units);
* with --trgm-baseline (PostgreSQL): pg_trgm's similarity search (`%`, GIN index) for five
  of the near queries, the method the sketch index replaces, with a 30 s timeout.

Units are generated, not downloaded: sentences from a word-bigram chain over the English
texts in the repository and ../shared/corpus (the seed chapter, the Python tutorial
alignment cases), with 18% of the content words replaced by words of a 60,000-word
Zipf-distributed vocabulary, so that the memory has a real archive's long tail of names
and terms; 45% of units are one sentence, the rest 2-5 (a paragraph). Rows are written with
COPY (PostgreSQL) or executemany (SQLite), computed with the same functions as the services
(workbench.text.memory), and the indexes are built after loading.

Prints a Markdown table to paste into the README.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import statistics
import subprocess
import sys
import time
from array import array
from datetime import UTC, datetime
from pathlib import Path

from _setup import OUT, ROOT, postgres_available, reset_postgres_database

DB_NAME = "workbench_bench_memory"
SHARED = ROOT.parent / "shared" / "corpus"
_WORD = re.compile(r"\w+(?:[’'-]\w+)*|[.,;:!?]")


def _texts(pattern_roots: list[tuple[Path, str]]) -> str:
    seen: set[str] = set()
    out = []
    for root, pattern in pattern_roots:
        if not root.is_dir():
            continue
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8", errors="replace")
            if text not in seen:
                seen.add(text)
                out.append(text)
    return "\n\n".join(out)


def english_text() -> str:
    return _texts(
        [
            (SHARED / "seed", "*.txt"),
            (SHARED / "align-dev", "*/source.txt"),
            (ROOT / "fixtures", "*.txt"),
            (ROOT / "tests" / "data" / "align", "*/source.txt"),
        ]
    )


def translated_text() -> str:
    return _texts(
        [
            (SHARED / "align-dev", "fr-*/target.txt"),
            (ROOT / "fixtures", "*.de.md"),
            (ROOT / "tests" / "data" / "align", "man-de-*/target.txt"),
        ]
    )


class Generator:
    """Paragraphs from a word-bigram chain, with Zipf-distributed rare words mixed in."""

    def __init__(self, text: str, seed: int, vocabulary: int = 60_000, rare: float = 0.18):
        self.rng = random.Random(seed)
        self.rare = rare
        tokens = _WORD.findall(text)
        self.chain: dict[str, list[str]] = {}
        previous = "."
        for token in tokens:
            self.chain.setdefault(previous, []).append(token)
            previous = token
        syllables = ("ka to ri men sha vo lin dre pa su nov gel bar tis quo zen mar ex ul or an "
                     "ber stein ski ow ia ism ist tion").split()  # fmt: skip
        words: set[str] = set()
        while len(words) < vocabulary:
            words.add("".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 4))))
        self.vocabulary = sorted(words)
        self.rng.shuffle(self.vocabulary)
        total, self.cumulative = 0.0, []
        for rank in range(vocabulary):
            total += 1 / (rank + 1) ** 1.05
            self.cumulative.append(total)
        self.total = total

    def rare_word(self) -> str:
        index = bisect.bisect(self.cumulative, self.rng.random() * self.total)
        return self.vocabulary[min(index, len(self.vocabulary) - 1)]

    def sentence(self) -> str:
        length = self.rng.randint(5, 35)
        word = self.rng.choice(self.chain["."])
        out: list[str] = []
        while len(out) < length or word not in ".!?":
            if word.isalpha() and len(word) > 3 and self.rng.random() < self.rare:
                out.append(self.rare_word())
            else:
                out.append(word)
            word = self.rng.choice(self.chain.get(word) or self.chain["."])
            if len(out) > 80:
                word = "."
        out.append(word if word in ".!?" else ".")
        text = re.sub(r" ([.,;:!?])", r"\1", " ".join(out))
        return text[0].upper() + text[1:]

    def unit(self) -> str:
        r = self.rng.random()
        count = 1 if r < 0.45 else 2 if r < 0.7 else self.rng.randint(3, 5)
        return " ".join(self.sentence() for _ in range(count))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- one database, one size (in its own process: Django configures one database) ---------------


def setup(database_url: str | None) -> None:
    """Django on a fresh benchmark database. The tables come straight from the models (as in
    the tests, which run without migrations), so the benchmark measures the code as it is
    whatever state the migration files are in; the PostgreSQL trigram indexes the migration
    adds are made by ensure_trigram_indexes after loading."""
    import os

    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        db = OUT / "bench_memory.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    class NoMigrations(dict):  # what pytest-django's --no-migrations does: every app
        def __contains__(self, app: object) -> bool:
            return True

        def __getitem__(self, app: str) -> None:
            return None

    settings.MIGRATION_MODULES = NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    from workbench.models import Language
    from workbench.text.languages import KNOWN

    for code in ("en", "de"):
        info = KNOWN[code]
        Language.objects.get_or_create(
            code=code, defaults={"name": info.name, "direction": info.direction}
        )


def _drop_indexes() -> list:
    from django.db import connection

    from workbench.models import MemoryEntry, MemoryKey

    dropped = []
    with connection.schema_editor() as editor:
        for model in (MemoryEntry, MemoryKey):
            for index in model._meta.indexes:
                editor.remove_index(model, index)
                dropped.append((model, index))
    return dropped


def _add_indexes(dropped: list) -> None:
    from django.db import connection

    from workbench.services.memory_store import ensure_fulltext, ensure_trigram_indexes

    with connection.schema_editor() as editor:
        for model, index in dropped:
            editor.add_index(model, index)
    ensure_trigram_indexes(connection)
    # The concordance's full-text index (migration 0008): GIN on PostgreSQL, an FTS5 table
    # filled from the loaded rows on SQLite.
    ensure_fulltext(connection)


def _load(size: int, source_id: int, target_id: int, keep_norms: bool, sample: set[int]):
    """Generate and write `size` entries; returns (norms or None, sampled sources)."""
    from django.db import connection, transaction

    from workbench.text import fulltext, markup
    from workbench.text import memory as tm

    english = Generator(english_text(), seed=11)
    german = Generator(translated_text(), seed=12)
    pair = tm.pair_code(source_id, target_id)
    now = datetime.now(UTC)
    norms: list[str] | None = [] if keep_norms else None
    sampled: dict[int, str] = {}
    entry_columns = (
        "id, source_language_id, target_language_id, source, target, source_norm, target_norm, "
        "source_hash, target_hash, length, status, origin, origin_name, created_at, updated_at"
    )
    postgres = connection.vendor == "postgresql"
    if postgres:  # the concordance's word positions, as services.memory_store writes them
        entry_columns += ", source_words, target_words"

    def rows():
        for pk in range(1, size + 1):
            text = markup.escape_text(english.unit())
            if english.rng.random() < 0.1:  # some inline markup, as real units have
                text = re.sub(r"\b(\w{6,})\b", r"<em>\1</em>", text, count=1)
            target = markup.escape_text(german.unit())
            norm = tm.normalize(text)
            target_norm = tm.normalize(target)
            if norms is not None:
                norms.append(norm)
            if pk in sample:
                sampled[pk] = text
            entry = (
                pk, source_id, target_id, text, target, norm, target_norm, tm.text_hash(norm),
                tm.text_hash(target_norm), len(norm), "translated", "typed", "bench", now, now,
            )  # fmt: skip
            if postgres:
                entry += (fulltext.tsvector_literal(norm), fulltext.tsvector_literal(target_norm))
            keys = [(pk, key, len(norm)) for key in tm.index_keys(norm, pair)]
            yield entry, keys

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor:
            entries_copy = f"COPY workbench_memoryentry ({entry_columns}) FROM STDIN"
            # One COPY at a time per connection: the keys wait, packed (16 per entry).
            key_entries, key_values, key_lengths = array("q"), array("q"), array("l")
            with cursor.copy(entries_copy) as copy:
                for entry, keys in rows():
                    copy.write_row(entry)
                    for entry_id, key, length in keys:
                        key_entries.append(entry_id)
                        key_values.append(key)
                        key_lengths.append(length)
            with cursor.copy("COPY workbench_memorykey (entry_id, key, length) FROM STDIN") as copy:
                for key in zip(key_entries, key_values, key_lengths, strict=True):
                    copy.write_row(key)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('workbench_memoryentry', 'id'), %s)", [size]
            )
        raw.commit()
    else:
        placeholders = ", ".join(["%s"] * 15)
        with transaction.atomic(), connection.cursor() as cursor:
            batch_entries: list[tuple] = []
            batch_keys: list[tuple] = []
            for entry, keys in rows():
                batch_entries.append(entry)
                batch_keys.extend(keys)
                if len(batch_entries) >= 10_000:
                    cursor.executemany(
                        f"INSERT INTO workbench_memoryentry ({entry_columns}) "
                        f"VALUES ({placeholders})",
                        batch_entries,
                    )
                    cursor.executemany(
                        "INSERT INTO workbench_memorykey (entry_id, key, length) "
                        "VALUES (%s, %s, %s)",
                        batch_keys,
                    )
                    batch_entries, batch_keys = [], []
            if batch_entries:
                cursor.executemany(
                    f"INSERT INTO workbench_memoryentry ({entry_columns}) VALUES ({placeholders})",
                    batch_entries,
                )
                cursor.executemany(
                    "INSERT INTO workbench_memorykey (entry_id, key, length) VALUES (%s, %s, %s)",
                    batch_keys,
                )
    return norms, sampled


def _edit(text: str, rng: random.Random, fraction: float, words: Generator) -> str:
    tokens = text.split(" ")
    for _ in range(max(1, int(len(tokens) * fraction))):
        position = rng.randrange(len(tokens))
        action = rng.random()
        if action < 0.5:
            tokens[position] = words.rare_word()
        elif action < 0.75 and len(tokens) > 3:
            del tokens[position]
        else:
            tokens.insert(position, words.rare_word())
    return " ".join(tokens)


def _restyle(text: str, rng: random.Random) -> str:
    """The same text with other inline markup and spacing: still an exact match."""
    text = re.sub(r"</?em>", "", text)
    words = text.split(" ")
    position = rng.randrange(len(words))
    if re.fullmatch(r"\w+", words[position]):
        words[position] = f"<strong>{words[position]}</strong>"
    return "  ".join(words[:3]) + " " + " ".join(words[3:])


def _size_mb() -> float:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('workbench_memoryentry') "
                "+ pg_total_relation_size('workbench_memorykey')"
            )
            return cursor.fetchone()[0] / 2**20
    path = Path(connection.settings_dict["NAME"])
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20


def run_once(
    which: str, size: int, queries: int, recall: int, trgm: bool, keep: bool = False
) -> dict:
    url = reset_postgres_database(DB_NAME) if which == "postgres" else None
    setup(url)
    from django.db import connection
    from rapidfuzz import fuzz, process

    from workbench.models import Language
    from workbench.selectors import memory as selectors
    from workbench.text import memory as tm

    en, de = Language.objects.get(code="en"), Language.objects.get(code="de")
    rng = random.Random(5)
    n_exact = queries // 3
    n_near = queries // 3
    n_new = queries - n_exact - n_near
    picks = rng.sample(range(1, size + 1), n_exact + n_near)
    started = time.perf_counter()
    dropped = _drop_indexes()
    norms, sampled = _load(size, en.pk, de.pk, keep_norms=recall > 0, sample=set(picks))
    _add_indexes(dropped)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    build_s = time.perf_counter() - started

    fresh = Generator(english_text(), seed=99)
    workload: list[tuple[str, str]] = []
    for pk in picks[:n_exact]:
        workload.append(("exact", _restyle(sampled[pk], rng)))
    for pk in picks[n_exact:]:
        workload.append(("near", _edit(sampled[pk], rng, rng.uniform(0.05, 0.3), fresh)))
    for _ in range(n_new):
        workload.append(("unrelated", fresh.unit()))
    rng.shuffle(workload)

    for _kind, text in workload[:10]:  # warm the caches and the connection
        selectors.suggestions(text, en.pk, de.pk)
    times: dict[str, list[float]] = {"exact": [], "near": [], "unrelated": []}
    found = {"exact": 0, "near": 0}
    for kind, text in workload:
        t0 = time.perf_counter()
        result = selectors.suggestions(text, en.pk, de.pk)
        times[kind].append((time.perf_counter() - t0) * 1000)
        if kind == "exact" and result.exact:
            found["exact"] += 1
        if kind == "near" and (result.fuzzy or result.exact):
            found["near"] += 1

    recall_hits = recall_total = 0
    if recall and norms is not None:
        near = [text for kind, text in workload if kind == "near"][:recall]
        for text in near:
            query = tm.normalize(text)
            truth = process.extract(query, norms, scorer=fuzz.ratio, score_cutoff=60, limit=5)
            ours = {pk for pk, _ in selectors.fuzzy_ids(query, en.pk, de.pk, limit=15)}
            for _choice, _score, index in truth:
                recall_total += 1
                recall_hits += (index + 1) in ours

    phrase_rng = random.Random(8)
    phrases = []
    for pk in picks[:100]:
        words = re.sub(r"<[^>]+>", "", sampled[pk]).split()
        start = phrase_rng.randrange(max(1, len(words) - 4))
        phrases.append(" ".join(words[start : start + phrase_rng.randint(2, 4)]))
    concordance_ms = []
    for phrase in phrases:
        t0 = time.perf_counter()
        selectors.concordance(phrase, en, de)
        concordance_ms.append((time.perf_counter() - t0) * 1000)

    trgm_ms: list[float] = []
    if trgm and connection.vendor == "postgresql":
        near = [text for kind, text in workload if kind == "near"][:5]
        with connection.cursor() as cursor:
            for text in near:
                query = tm.normalize(text)
                t0 = time.perf_counter()
                try:
                    cursor.execute("SET statement_timeout = '30s'")
                    cursor.execute("SET pg_trgm.similarity_threshold = 0.5")
                    cursor.execute(
                        "SELECT id FROM workbench_memoryentry WHERE source_norm %% %s "
                        "ORDER BY similarity(source_norm, %s) DESC LIMIT 5",
                        [query, query],
                    )
                    cursor.fetchall()
                    trgm_ms.append((time.perf_counter() - t0) * 1000)
                except Exception:  # the timeout: report it as such
                    trgm_ms.append(float("inf"))
            cursor.execute("RESET statement_timeout")

    everything = [t for values in times.values() for t in values]
    row = {
        "db": "PostgreSQL" if which == "postgres" else "SQLite",
        "units": size,
        "build_s": build_s,
        "size_mb": _size_mb(),
        "p50": statistics.median(everything),
        "p95": percentile(everything, 95),
        "max": max(everything),
        **{f"{kind}_p95": percentile(values, 95) for kind, values in times.items()},
        "exact_found": f"{found['exact']}/{n_exact}",
        "near_found": f"{found['near']}/{n_near}",
        "recall": recall_hits / recall_total if recall_total else None,
        "recall_n": recall_total,
        "concordance_p50": statistics.median(concordance_ms),
        "concordance_p95": percentile(concordance_ms, 95),
        "trgm_ms": statistics.median(trgm_ms) if trgm_ms else None,
    }
    if which == "postgres" and not keep:
        connection.close()
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    return row


def _fmt_ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value == float("inf"):
        return "> 30 s"
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sizes", default="100000,1000000", help="PostgreSQL memory sizes")
    parser.add_argument("--sqlite-size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recall", type=int, default=40, help="near queries checked (0: none)")
    parser.add_argument("--trgm-baseline", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help=f"keep the PostgreSQL database {DB_NAME} afterwards"
    )
    parser.add_argument("--worker", nargs=2, metavar=("DB", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        which, size = args.worker[0], int(args.worker[1])
        row = run_once(which, size, args.queries, args.recall, args.trgm_baseline, args.keep)
        print(json.dumps(row))
        return
    runs: list[tuple[str, int]] = []
    if args.db in ("sqlite", "both"):
        runs.append(("sqlite", args.sqlite_size))
    if args.db in ("postgres", "both"):
        if postgres_available():
            runs += [("postgres", int(s)) for s in args.sizes.split(",") if s]
        else:
            print("PostgreSQL at 127.0.0.1:5432 does not answer: PostgreSQL runs skipped.")
    results = []
    for which, size in runs:
        command = [sys.executable, __file__, "--worker", which, str(size),
                   "--queries", str(args.queries), "--recall", str(args.recall)]  # fmt: skip
        if args.trgm_baseline:
            command.append("--trgm-baseline")
        if args.keep:
            command.append("--keep")
        out = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    print(
        "| database | units | build | size | lookup p50 | lookup p95 | p95 exact / near / "
        "unrelated | found exact, near | fuzzy recall | concordance p50 / p95 | pg_trgm `%` |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        recall = f"{r['recall']:.1%} of {r['recall_n']}" if r["recall"] is not None else "–"
        print(
            f"| {r['db']} | {r['units']:,} | {r['build_s']:.0f} s | {r['size_mb']:,.0f} MB "
            f"| {_fmt_ms(r['p50'])} | {_fmt_ms(r['p95'])} "
            f"| {_fmt_ms(r['exact_p95'])} / {_fmt_ms(r['near_p95'])} / "
            f"{_fmt_ms(r['unrelated_p95'])} | {r['exact_found']}, {r['near_found']} "
            f"| {recall} | {_fmt_ms(r['concordance_p50'])} / {_fmt_ms(r['concordance_p95'])} "
            f"| {_fmt_ms(r['trgm_ms'])} |"
        )


if __name__ == "__main__":
    main()
