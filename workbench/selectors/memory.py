"""Reads of the translation memory: suggestions for one unit, concordance search, TMX pairs.

A unit's suggestions cost a handful of queries whatever the memory's size (exact lookup by
hash, fuzzy candidates from the key index, their texts, quotations, one query to load what
is shown); see workbench/text/memory.py for the method and bench/bench_memory.py for the
figures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Substr

from workbench.formats.tmx import TmxPair, export_tmx
from workbench.models import (
    SQLITE_FULLTEXT_TABLE,
    SQLITE_FULLTEXT_TRIGGERS,
    Document,
    Language,
    MemoryEntry,
    MemoryKey,
    Unit,
)
from workbench.text import fulltext
from workbench.text import memory as tm
from workbench.text.diff import DiffBudget, SafeDiffHtml, diff_html, render_diff_html, word_diff
from workbench.text.records import STATUS_APPROVED

EXACT = "exact"
FUZZY = "fuzzy"
QUOTATION = "quotation"
# Suggestions of each kind shown for a unit.
LIMIT = 5
# Quotations looked up fuzzily (the longest ones without an exact match): each costs two
# queries, and the exact lookup of every fragment is one query for all.
FUZZY_QUOTATIONS = 2
QUOTATION_MIN_SCORE = 75
# Postings read per key of the query, and candidates re-scored: the bounds that keep a
# lookup fast when a key is common (a frequent word pair); rarer keys carry the match.
POSTINGS_PER_KEY = 2000
CANDIDATES = 200
# Alt+1..9 insert suggestion 1..9 (aids.js).
KEYBOARD_SUGGESTIONS = 9


@dataclass
class MemoryMatch:
    entry: MemoryEntry
    score: int
    kind: str  # EXACT, FUZZY or QUOTATION
    identical: bool  # the same source markup, not only the same normalised text
    diff: SafeDiffHtml | None = None  # memory source -> the unit's source (or fragment)
    fragment: str = ""  # QUOTATION: the piece of the unit's paragraph that matched
    number: int = 0  # 1-based position among all suggestions; 1..9 have a key

    @property
    def document(self) -> Document | None:
        translation = self.entry.translation
        return translation.unit.document if translation is not None else None

    @property
    def unit(self) -> Unit | None:
        translation = self.entry.translation
        return translation.unit if translation is not None else None

    @property
    def approved(self) -> bool:
        return self.entry.status == STATUS_APPROVED

    @property
    def has_key(self) -> bool:
        return 0 < self.number <= KEYBOARD_SUGGESTIONS


@dataclass
class Suggestions:
    exact: list[MemoryMatch] = field(default_factory=list)
    fuzzy: list[MemoryMatch] = field(default_factory=list)
    quotations: list[MemoryMatch] = field(default_factory=list)

    def __iter__(self) -> Iterator[MemoryMatch]:
        yield from self.exact
        yield from self.fuzzy
        yield from self.quotations

    def __bool__(self) -> bool:
        return bool(self.exact or self.fuzzy or self.quotations)


# The concordance's word indexes are for the database only (large on long texts).
INDEX_ONLY = ("source_words", "target_words")


def _display_queryset():
    return MemoryEntry.objects.select_related(
        "translation__unit__document", "source_language", "target_language"
    ).defer(*INDEX_ONLY)


def _best_first(entry: MemoryEntry, source: str) -> tuple:
    return (entry.source == source, entry.status == STATUS_APPROVED, entry.updated_at, entry.pk)


def _distinct(entries: list[MemoryEntry]) -> list[MemoryEntry]:
    """One suggestion per (source, translation): the same pair stored by several documents
    (or imported too) is one line."""
    keep = tm.dedupe((e.source_norm, e.target_norm) for e in entries)
    return [entries[i] for i in keep]


def fuzzy_candidates(
    normalised: str, source_language_id: int, target_language_id: int, min_score: int
) -> list[int]:
    """Ids of the entries sharing most sketch keys with the text (at most CANDIDATES), read
    from the (key, length, entry) index: one index range per key, each cut at
    POSTINGS_PER_KEY, in one statement that runs on SQLite and PostgreSQL alike."""
    keys = tm.index_keys(normalised, tm.pair_code(source_language_id, target_language_id))
    if not keys:
        return []
    low, high = tm.length_window(len(normalised), min_score)
    qn = connection.ops.quote_name
    table, entry, key, length = (
        qn(MemoryKey._meta.db_table),
        qn("entry_id"),
        qn("key"),
        qn("length"),
    )
    parts = [
        f"SELECT {entry} FROM (SELECT {entry} FROM {table} WHERE {key} = %s "
        f"AND {length} BETWEEN %s AND %s LIMIT {POSTINGS_PER_KEY}) AS k{n}"
        for n in range(len(keys))
    ]
    sql = (
        f"SELECT {entry}, COUNT(*) AS shared FROM ({' UNION ALL '.join(parts)}) AS hits "
        f"GROUP BY {entry} ORDER BY shared DESC, {entry} DESC LIMIT {CANDIDATES}"
    )
    params: list[int] = []
    for value in keys:
        params += [value, low, high]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def fuzzy_ids(
    normalised: str,
    source_language_id: int,
    target_language_id: int,
    *,
    min_score: int = tm.DEFAULT_MIN_SCORE,
    limit: int = LIMIT,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    """(entry id, score) of the best fuzzy matches, best first, re-scored exactly (on the
    first tm.MAX_SCORED_CHARS characters of each text: bounded work for any length)."""
    ids = [
        i
        for i in fuzzy_candidates(normalised, source_language_id, target_language_id, min_score)
        if i not in exclude
    ]
    if not ids:
        return []
    texts = dict(
        MemoryEntry.objects.filter(
            pk__in=ids,
            source_language_id=source_language_id,
            target_language_id=target_language_id,
        )
        # Only what `rank` reads: 200 candidates of 200 KB would be 40 MB to load.
        .annotate(head=Substr("source_norm", 1, tm.MAX_SCORED_CHARS))
        .values_list("pk", "head")
    )
    return tm.rank(normalised, texts, min_score=min_score, limit=limit)


def suggestions(
    source: str,
    source_language_id: int,
    target_language_id: int,
    *,
    own: tuple[int, int] | None = None,
    limit: int = LIMIT,
    min_score: int = tm.DEFAULT_MIN_SCORE,
) -> Suggestions:
    """Exact, fuzzy and quotation matches for a unit's source markup in a language pair.

    `own` is (unit id, language id) of the unit itself: its own entry is left out while
    it holds the current source (it is the text in the editor), and shown as a fuzzy match
    once the source changed (the previous translation)."""
    normalised = tm.normalize(source)
    result = Suggestions()
    if not normalised:
        return result
    budget = DiffBudget()  # the diffs of the suggestions share one bound on their work
    pair = {"source_language_id": source_language_id, "target_language_id": target_language_id}

    def is_own(entry: MemoryEntry) -> bool:
        return (
            own is not None
            and entry.translation is not None
            and entry.translation.unit_id == own[0]
            and entry.target_language_id == own[1]
        )

    exact = [
        e
        for e in _display_queryset().filter(source_hash=tm.text_hash(normalised), **pair)
        if e.source_norm == normalised and not is_own(e)
    ]
    exact.sort(key=lambda e: _best_first(e, source), reverse=True)
    result.exact = [
        MemoryMatch(e, 100, EXACT, identical=e.source == source,
                    diff=None if e.source == source else diff_html(e.source, source,
                                                                   budget=budget))
        for e in _distinct(exact)[:limit]
    ]  # fmt: skip
    seen = {m.entry.pk for m in result.exact} | {e.pk for e in exact}

    scored = fuzzy_ids(
        normalised, source_language_id, target_language_id,
        min_score=min_score, limit=limit * 3, exclude=seen,
    )  # fmt: skip
    quotation_hits = _quotation_matches(source, pair, limit=limit, exclude=seen)
    # Each entry is shown once, as what it matches best: a block quote found inside this
    # paragraph is a quotation (its translation goes in at the cursor), even when the whole
    # paragraph resembles it too.
    whole = dict(scored)
    as_quotation: dict[int, tuple[int, str]] = {}
    for entry_id, score, fragment in quotation_hits:
        if score >= whole.get(entry_id, 0) and score > as_quotation.get(entry_id, (-1, ""))[0]:
            as_quotation[entry_id] = (score, fragment)
    wanted = set(whole) | set(as_quotation)
    loaded = _display_queryset().in_bulk(list(wanted)) if wanted else {}
    fuzzy = [
        (loaded[entry_id], score)
        for entry_id, score in scored
        if entry_id in loaded
        and entry_id not in as_quotation
        and not (is_own(loaded[entry_id]) and loaded[entry_id].source_norm == normalised)
    ]
    score_of = {e.pk: s for e, s in fuzzy}
    result.fuzzy = [
        MemoryMatch(
            e,
            score_of[e.pk],
            FUZZY,
            identical=False,
            diff=diff_html(e.source, source, budget=budget),
        )
        for e in _distinct([e for e, _ in fuzzy])[:limit]
    ]
    quoted = [loaded[entry_id] for entry_id in as_quotation if entry_id in loaded]
    for entry in _distinct(quoted)[:limit]:
        score, fragment = as_quotation[entry.pk]
        ops = word_diff(tm.plain_text(entry.source), fragment, markup=False, budget=budget)
        result.quotations.append(
            MemoryMatch(entry, score, QUOTATION, identical=False,
                        diff=render_diff_html(ops) if score < 100 else None, fragment=fragment)
        )  # fmt: skip
    for number, match in enumerate(result, start=1):
        match.number = number
    return result


def _quotation_matches(
    source: str, pair: dict[str, int], *, limit: int, exclude: set[int]
) -> list[tuple[int, int, str]]:
    """(entry id, score, fragment) for the quotations and sentences of a paragraph: exact
    matches of every fragment (one query), fuzzy ones of the longest quotations."""
    pieces = tm.fragments(source)
    if not pieces:
        return []
    by_hash = {tm.text_hash(p.normalised): p for p in pieces}
    rows = MemoryEntry.objects.filter(source_hash__in=list(by_hash), **pair).values_list(
        "pk", "source_hash", "source_norm", "status", "updated_at"
    )
    exact: dict[str, list[tuple]] = {}
    for pk, digest, normalised, status, updated in rows:
        piece = by_hash.get(digest)
        if piece is not None and piece.normalised == normalised and pk not in exclude:
            exact.setdefault(piece.normalised, []).append((status == STATUS_APPROVED, updated, pk))
    found: list[tuple[int, int, str]] = []
    for piece in pieces:
        if piece.normalised in exact:
            best = max(exact[piece.normalised])
            found.append((best[2], 100, piece.text))
    missing = sorted(
        (p for p in pieces if p.kind == tm.QUOTATION and p.normalised not in exact),
        key=lambda p: len(p.normalised),
        reverse=True,
    )
    for piece in missing[:FUZZY_QUOTATIONS]:
        for entry_id, score in fuzzy_ids(
            piece.normalised, pair["source_language_id"], pair["target_language_id"],
            min_score=QUOTATION_MIN_SCORE, limit=1, exclude=exclude,
        ):  # fmt: skip
            found.append((entry_id, score, piece.text))
    return found[: limit * 2]


def suggestions_for_unit(unit: Unit, language: Language) -> Suggestions:
    """What the editor's aids panel shows for one unit (unit.document must be loaded)."""
    return suggestions(
        unit.source,
        unit.document.source_language_id,
        language.pk,
        own=(unit.pk, language.pk),
    )


# --- concordance ----------------------------------------------------------------------------

MIN_QUERY = 2
PER_PAGE = 20
# Newest entries scanned first for a page of a common phrase (about 40 ms at most).
RECENT = 10_000


@dataclass
class ConcordanceHit:
    entry: MemoryEntry
    source_parts: list[tuple[bool, str]]  # plain text pieces, True where the query matched
    target_parts: list[tuple[bool, str]]

    @property
    def document(self) -> Document | None:
        translation = self.entry.translation
        return translation.unit.document if translation is not None else None


@dataclass
class ConcordancePage:
    hits: list[ConcordanceHit]
    number: int
    has_previous: bool
    has_next: bool
    too_short: bool = False  # the phrase has fewer than MIN_QUERY characters


def _like(needle: str) -> str:
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _columns(side: str) -> tuple[str, ...]:
    return {"both": ("source", "target"), "source": ("source",), "target": ("target",)}[side]


def _recent_matches(
    needle: str, pair: dict[str, int], side: str, offset: int, count: int
) -> list[int]:
    """Ids of matches among the RECENT newest entries of the pair, newest first. When there
    are `count` of them past `offset`, they are exactly the page the whole memory would give
    (every older match has a smaller id), found by reading RECENT rows, however common the
    phrase: the case in which an index is slowest, since it has to collect all matches."""
    qn = connection.ops.quote_name
    table = qn(MemoryEntry._meta.db_table)
    columns = [f"{c}_norm" for c in _columns(side)]
    condition = " OR ".join(f"{qn(c)} LIKE %s ESCAPE '\\'" for c in columns)
    sql = (
        f"SELECT {qn('id')} FROM (SELECT {qn('id')}, {qn('source_norm')}, {qn('target_norm')} "
        f"FROM {table} WHERE {qn('source_language_id')} = %s AND {qn('target_language_id')} = %s "
        f"ORDER BY {qn('id')} DESC LIMIT {RECENT}) AS recent WHERE {condition} "
        f"ORDER BY {qn('id')} DESC LIMIT %s OFFSET %s"
    )
    params: list[int | str] = [pair["source_language_id"], pair["target_language_id"]]
    params += [_like(needle)] * len(columns) + [count, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def sqlite_fulltext_ready(conn=None) -> bool:
    """Whether SQLite's FTS5 concordance table and all its triggers exist. Django rebuilds a
    SQLite table for some schema changes, which drops its triggers: the search then falls
    back to scanning (same results) until `ensure_fulltext` runs again: a migration that
    changes workbench_memoryentry ends with it, as 0008 does; `rebuild_memory` runs it too."""
    conn = conn or connection
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = %s OR "
            "(type = 'trigger' AND name IN (%s, %s, %s))",
            [SQLITE_FULLTEXT_TABLE, *SQLITE_FULLTEXT_TRIGGERS],
        )
        return cursor.fetchone()[0] == 1 + len(SQLITE_FULLTEXT_TRIGGERS)


def _indexed_matches(
    needle: str, pair: dict[str, int], side: str, offset: int, count: int
) -> list[int] | None:
    """Ids of every match in the pair, newest first, found through the database's full-text
    index; None where that index cannot answer (a one-word phrase on PostgreSQL, fewer than
    three characters or no FTS5 table on SQLite), and the caller scans.

    PostgreSQL: the GIN index of the word pairs (text/fulltext.py) lets through the entries
    that have the phrase's word pairs, LIKE decides. SQLite: an FTS5 trigram phrase query
    is itself the exact substring test."""
    qn = connection.ops.quote_name
    table = qn(MemoryEntry._meta.db_table)
    languages = f"{qn('source_language_id')} = %s AND {qn('target_language_id')} = %s"
    params: list[int | str] = [pair["source_language_id"], pair["target_language_id"]]
    if connection.vendor == "postgresql":
        query = fulltext.tsquery_literal(needle)
        if query is None:
            return None
        alternatives = []
        for column in _columns(side):
            words, norm = qn(f"{column}_words"), qn(f"{column}_norm")
            # `|| ''`: the LIKE only decides here; left bare, the planner estimates it by
            # default as selective and takes the trigram index, which collects every row
            # holding the phrase's trigrams (seconds for common words at a million rows).
            alternatives.append(
                f"(({words} @@ %s::tsquery OR {words} IS NULL) "
                f"AND ({norm} || '') LIKE %s ESCAPE '\\')"
            )
            params += [query, _like(needle)]
        sql = (
            f"SELECT {qn('id')} FROM {table} WHERE {languages} AND ({' OR '.join(alternatives)}) "
            f"ORDER BY {qn('id')} DESC LIMIT %s OFFSET %s"
        )
    elif connection.vendor == "sqlite":
        if len(needle) < 3 or not sqlite_fulltext_ready():
            return None
        fts = SQLITE_FULLTEXT_TABLE
        names = " ".join(f"{c}_norm" for c in _columns(side))
        phrase = '"' + needle.replace('"', '""') + '"'
        sql = (
            f"SELECT {qn('id')} FROM {table} WHERE {languages} AND {qn('id')} IN "
            f"(SELECT rowid FROM {fts} WHERE {fts} MATCH %s) "
            f"ORDER BY {qn('id')} DESC LIMIT %s OFFSET %s"
        )
        params.append(f"{{{names}}} : {phrase}")
    else:
        return None
    params += [count, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def concordance(
    query: str,
    source_language: Language,
    target_language: Language,
    *,
    side: str = "both",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ConcordancePage:
    """Entries whose source (or translation, or either) contains the phrase, newest first.

    Compared in normalised form (case, quote style, markup ignored); no total count, which
    would cost O(matches) for a common phrase. A common phrase fills its page from the
    newest entries (`_recent_matches`); a rarer one is looked up in the whole memory through
    the database's full-text index (`_indexed_matches`), or, where that cannot serve (a single
    word on PostgreSQL, where the trigram index of pg_trgm serves the LIKE), by LIKE."""
    needle = tm.normalize_plain(query)
    page = max(page, 1)
    if len(needle) < MIN_QUERY:
        return ConcordancePage([], page, False, False, too_short=True)
    if side not in ("both", "source", "target"):
        side = "both"
    pair = {"source_language_id": source_language.pk, "target_language_id": target_language.pk}
    offset = (page - 1) * per_page
    ids = _recent_matches(needle, pair, side, offset, per_page + 1)
    indexed = None
    if len(ids) <= per_page:
        indexed = _indexed_matches(needle, pair, side, offset, per_page + 1)
        if indexed is not None:
            ids = indexed
    if len(ids) > per_page or indexed is not None:
        loaded = _display_queryset().in_bulk(ids)
        rows = [loaded[pk] for pk in ids if pk in loaded]
    else:
        where = Q()
        for column in _columns(side):
            contains = Q(**{f"{column}_norm__contains": needle})
            if connection.vendor == "postgresql":
                # The trigram index holds the rows that have their word index
                # (memory_store.TRIGRAM_INDEX_SQL); the others (a TMX import's, until the
                # job has indexed them) are found through memory_*_unindexed.
                words = f"{column}_words__isnull"
                where |= (contains & Q(**{words: False})) | (contains & Q(**{words: True}))
            else:
                where |= contains
        rows = list(
            _display_queryset()
            .filter(where, **pair)
            .order_by("-pk")[offset : offset + per_page + 1]
        )
    hits = [
        ConcordanceHit(
            entry,
            tm.highlight(tm.plain_text(entry.source), query),
            tm.highlight(tm.plain_text(entry.target), query),
        )
        for entry in rows[:per_page]
    ]
    return ConcordancePage(hits, page, page > 1, len(rows) > per_page)


# --- TMX ----------------------------------------------------------------------------------


def _tmx_pair(entry: MemoryEntry, source_code: str, target_code: str) -> TmxPair:
    translation = entry.translation
    return TmxPair(
        source=entry.source,
        target=entry.target,
        source_lang=source_code,
        target_lang=target_code,
        key=translation.unit.key if translation is not None else None,
        document=translation.unit.document.slug if translation is not None else None,
        created=entry.created_at,
        changed=entry.updated_at,
        note=entry.origin_name or None,
        props=(("x-status", entry.status), ("x-origin", entry.origin)),
    )


def document_tmx_pairs(document: Document, language: Language) -> list[TmxPair]:
    """The pairs of a document's active units translated into `language`, in order."""
    entries = (
        MemoryEntry.objects.filter(
            translation__unit__document=document,
            translation__unit__is_active=True,
            target_language=language,
        )
        .defer(*INDEX_ONLY)
        .select_related("translation__unit__document")
        .order_by("translation__unit__position")
    )
    source_code = document.source_language.code
    return [_tmx_pair(entry, source_code, language.code) for entry in entries]


def memory_tmx_pairs(source_language: Language, target_language: Language) -> Iterator[TmxPair]:
    """Every pair of the memory in one language pair, oldest first, streamed from the
    database in chunks."""
    entries = (
        MemoryEntry.objects.filter(source_language=source_language, target_language=target_language)
        .defer(*INDEX_ONLY)
        .select_related("translation__unit__document")
        .order_by("pk")
    )
    for entry in entries.iterator(chunk_size=2000):
        yield _tmx_pair(entry, source_language.code, target_language.code)


def document_tmx(document: Document, language: Language) -> bytes:

    return export_tmx(
        document_tmx_pairs(document, language), source_language=document.source_language.code
    )


def memory_tmx(source_language: Language, target_language: Language) -> bytes:

    return export_tmx(
        memory_tmx_pairs(source_language, target_language), source_language=source_language.code
    )
