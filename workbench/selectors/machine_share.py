"""The guard's figure per document and language: the share of the translated text that is
unmodified machine output, and whether it blocks exporting the document as final
(limits.machine_unmodified_limit, a site setting)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Sum, Value
from django.db.models.functions import Cast, Coalesce, Length
from django.utils.translation import gettext as _

from workbench import limits
from workbench.models import Document, Language, Translation


@dataclass(frozen=True)
class MachineShare:
    share: float  # 0-1 of the characters of the current translations
    limit: float  # 0-1, the site setting
    machine_units: int  # units whose translation started from an engine

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    @property
    def limit_percent(self) -> int:
        return round(self.limit * 100)

    @property
    def blocked(self) -> bool:
        return self.share > self.limit


def machine_share(document: Document, language: Language) -> MachineShare:
    """One aggregate query over the document's current translations into `language`."""
    length = Cast(Length("text"), FloatField())
    row = (
        Translation.objects.filter(unit__document=document, unit__is_active=True, language=language)
        .exclude(text="")
        .aggregate(
            total=Sum(length),
            machine=Sum(Coalesce(F("machine_share"), Value(0.0)) * length),
            machine_units=Count("machine_share"),  # counts the non-null ones
        )
    )
    total = row["total"] or 0.0
    share = (row["machine"] or 0.0) / total if total else 0.0
    return MachineShare(share, limits.machine_unmodified_limit(), int(row["machine_units"] or 0))


def final_export_refusal(document: Document, language: Language) -> str | None:
    """Why the document cannot be exported as final in `language` (None: it can)."""
    figures = machine_share(document, language)
    if not figures.blocked:
        return None
    return _(
        "%(percent)s%% of this translation is unmodified machine translation; a document can "
        "be exported as final with at most %(limit)s%%. Edit the machine-translated units "
        "(the progress page and the unedited-machine-translation check show which) first."
    ) % {"percent": figures.percent, "limit": figures.limit_percent}
