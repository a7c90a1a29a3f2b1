"""Translation progress per document and language (units and words by status)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When

from workbench.models import Language, Translation, Unit
from workbench.text.records import (
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_OUTDATED,
    STATUS_TRANSLATED,
    STATUS_UNTRANSLATED,
)


@dataclass
class Progress:
    units_total: int = 0
    words_total: int = 0
    units: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    words: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def units_done(self) -> int:
        """Translated or approved (waiting for review counts as translated)."""
        return self.units[STATUS_TRANSLATED] + self.units[STATUS_APPROVED]

    @property
    def words_done(self) -> int:
        return self.words[STATUS_TRANSLATED] + self.words[STATUS_APPROVED]

    def percent(self, status: str, *, words: bool = True) -> float:
        total = self.words_total if words else self.units_total
        counts = self.words if words else self.units
        return round(100.0 * counts[status] / total, 1) if total else 0.0

    @property
    def translated_percent(self) -> float:
        return round(100.0 * self.words_done / self.words_total, 1) if self.words_total else 0.0

    @property
    def approved_percent(self) -> float:
        return self.percent(STATUS_APPROVED)

    @property
    def waiting_percent(self) -> float:
        """Translated and waiting for review (the second unit of the progress bar)."""
        return self.percent(STATUS_TRANSLATED)

    def finish(self) -> Progress:
        counted_units = sum(v for k, v in self.units.items() if k != STATUS_UNTRANSLATED)
        counted_words = sum(v for k, v in self.words.items() if k != STATUS_UNTRANSLATED)
        self.units[STATUS_UNTRANSLATED] = max(self.units_total - counted_units, 0)
        self.words[STATUS_UNTRANSLATED] = max(self.words_total - counted_words, 0)
        for status in (STATUS_DRAFT, STATUS_OUTDATED):
            self.units.setdefault(status, 0)
            self.words.setdefault(status, 0)
        return self

    def as_dict(self) -> dict:
        return {
            "units_total": self.units_total,
            "words_total": self.words_total,
            "units": dict(self.units),
            "words": dict(self.words),
        }


_EFFECTIVE_STATUS = Case(
    When(~Q(source_checksum=F("unit__checksum")), then=Value(STATUS_OUTDATED)),
    default=F("status"),
    output_field=CharField(),
)


def progress_by_document(
    document_ids: Iterable[int], languages: Iterable[Language]
) -> dict[tuple[int, str], Progress]:
    """Two grouped queries for any number of documents and languages."""
    document_ids = list(document_ids)
    languages = list(languages)
    totals = {
        row["document_id"]: (row["units"], row["words"] or 0)
        for row in Unit.objects.filter(document_id__in=document_ids, is_active=True)
        .values("document_id")
        .annotate(units=Count("id"), words=Sum("word_count"))
    }
    result: dict[tuple[int, str], Progress] = {}
    for doc_id in document_ids:
        units, words = totals.get(doc_id, (0, 0))
        for lang in languages:
            result[(doc_id, lang.code)] = Progress(units_total=units, words_total=words)
    rows = (
        Translation.objects.filter(
            unit__document_id__in=document_ids,
            unit__is_active=True,
            language__in=languages,
        )
        .exclude(text="")
        .annotate(effective=_EFFECTIVE_STATUS)
        .values("unit__document_id", "language__code", "effective")
        .annotate(units=Count("id"), words=Sum("unit__word_count"))
    )
    for row in rows:
        progress = result.get((row["unit__document_id"], row["language__code"]))
        if progress is not None:
            progress.units[row["effective"]] += row["units"]
            progress.words[row["effective"]] += row["words"] or 0
    for progress in result.values():
        progress.finish()
    return result
