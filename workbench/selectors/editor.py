"""One page of the side-by-side editor: units with their translation in one language."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from workbench import status as status_rules
from workbench.formats.po_catalog import source_markup
from workbench.models import (
    CheckDismissal,
    Document,
    Language,
    Membership,
    Revision,
    Translation,
    Unit,
    UnitCatalogEntry,
)
from workbench.selectors.checks import CHECK_FILTERS, parse_check_filter, unit_has_problem
from workbench.text import placeables as placeable_tokens
from workbench.text.plurals import plural_forms
from workbench.text.records import STATUS_UNTRANSLATED

FILTERS = ("all", "untranslated", "draft", "translated", "outdated", "approved", "todo")
# Plus quality-check filters: "problems" and "check:<id>" (see selectors/checks.py).
FILTERS += CHECK_FILTERS


@dataclass
class PluralBox:
    index: int
    examples: str  # "1, 21, 31, …": the numbers that take this form
    text: str  # as the edit box shows it (tokens)
    markup: str = ""  # as stored (sanitised markup), for pages that show the text


@dataclass
class EditorRow:
    unit: Unit
    translation: Translation | None
    status: str
    # A unit with plural forms (a gettext msgid_plural): the plural source, escaped, and one
    # box per form of the language (`attach_plurals`).
    plural_source: str = ""
    plural_boxes: list[PluralBox] = field(default_factory=list)

    @cached_property
    def tokens(self) -> str:
        """The translation as the box shows it: tokens, never HTML (text/placeables.py)."""
        text = self.translation.text if self.translation else ""
        return placeable_tokens.to_tokens(text, source=self.unit.source)

    @cached_property
    def source_tokens(self) -> str:
        """The source as tokens, for "Copy source"."""
        return placeable_tokens.to_tokens(self.unit.source, source=self.unit.source)

    @cached_property
    def placeables(self) -> list[placeable_tokens.Placeable]:
        return placeable_tokens.placeables(self.unit.source)


def attach_plurals(rows: list, language: Language, document: Document) -> None:
    """Mark the rows whose unit has plural forms, with a box per form of `language`
    labelled with its example numbers. One query for the page's units of a gettext catalog,
    none for other documents. Rows: the editor's, the review's (anything with `unit`,
    `translation`, `plural_source` and `plural_boxes`)."""
    if not rows or document.origin_format != "po":
        return
    plural_of = {
        unit_id: msgid_plural
        for unit_id, msgid_plural in UnitCatalogEntry.objects.filter(
            unit_id__in=[row.unit.pk for row in rows]
        ).values_list("unit_id", "data__msgid_plural")
        if msgid_plural
    }
    for row in rows:
        msgid_plural = plural_of.get(row.unit.pk)
        if msgid_plural is None:
            continue
        texts = (
            [row.translation.text, *(row.translation.plural_texts or [])]
            if (row.translation is not None)
            else [""]
        )
        forms = plural_forms(language.plural_forms, at_least=len(texts))
        row.plural_source = source_markup(msgid_plural)
        row.plural_boxes = [
            PluralBox(
                form.index,
                form.label(),
                # As the main box: tokens, never HTML (text/placeables.py).
                placeable_tokens.to_tokens(texts[form.index], source=row.unit.source)
                if form.index < len(texts)
                else "",
                texts[form.index] if form.index < len(texts) else "",
            )
            for form in forms
        ]


def with_last_revision(qs: QuerySet[Translation]) -> QuerySet[Translation]:
    """Translations annotated with their last revision: who made the last change
    (`last_actor`), what it was (`last_action`, a Revision action) and its comment (the
    reason of a send-back). Correlated subqueries: no query per row."""
    last = Revision.objects.filter(translation=OuterRef("pk")).order_by("-created_at", "-id")
    return qs.annotate(
        last_action=Subquery(last.values("action")[:1]),
        last_actor=Subquery(last.values("author__username")[:1]),
        last_comment=Subquery(last.values("comment")[:1]),
    )


def filtered_units(
    document: Document, language: Language, flt: str, *, check: str | None = None
) -> QuerySet[Unit]:
    """Units of `document` matching status filter `flt`; units with an open problem of check
    `check` ("" for any check) too, when given. `flt` may itself be "check:<id>"/"problems"."""
    qs = Unit.objects.filter(document=document, is_active=True)
    if (check_id := parse_check_filter(flt)) is not None:
        flt, check = "all", check_id
    if check is not None:
        qs = qs.filter(unit_has_problem(language, check))
    if flt in ("all", "", None):
        return qs
    has_any = Exists(
        Translation.objects.filter(unit=OuterRef("pk"), language=language).exclude(text="")
    )
    if flt == STATUS_UNTRANSLATED:
        return qs.filter(~has_any)
    if flt == "todo":  # everything a translator still has to touch
        done = Exists(
            Translation.objects.filter(
                status_rules.translation_filter("translated")
                | status_rules.translation_filter("approved"),
                unit=OuterRef("pk"),
                language=language,
            ).exclude(text="")
        )
        return qs.filter(~done)
    matching = Exists(
        Translation.objects.filter(
            status_rules.translation_filter(flt), unit=OuterRef("pk"), language=language
        ).exclude(text="")
    )
    return qs.filter(matching)


def editor_page(
    document: Document,
    language: Language,
    *,
    page: int | str = 1,
    flt: str = "all",
    per_page: int | None = None,
) -> tuple[Page, list[EditorRow]]:
    """A constant number of queries whatever the document's size: count, page, translations."""
    if flt not in FILTERS:
        flt = "all"
    units = (
        filtered_units(document, language, flt)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=with_last_revision(
                    Translation.objects.filter(language=language)
                    .select_related("author")
                    .prefetch_related("problems")
                ),
                to_attr="current",
            ),
            # The quality-check rows of the page (see selectors/checks.row_problems).
            Prefetch(
                "dismissals",
                queryset=CheckDismissal.objects.filter(language=language).select_related(
                    "dismissed_by"
                ),
                to_attr="current_dismissals",
            ),
        )
    )
    paginator = Paginator(units, per_page or settings.EDITOR_PAGE_SIZE)
    page_obj = paginator.get_page(page)
    rows = []
    for unit in page_obj.object_list:
        translation = unit.current[0] if unit.current else None
        rows.append(
            EditorRow(unit, translation, status_rules.effective_status(translation, unit.checksum))
        )
    attach_plurals(rows, language, document)
    return page_obj, rows


def unit_by_key(slug: str, key: str) -> Unit | None:
    """A unit with its document and source language, in one query (every per-unit view,
    the save path first). The document's translated titles and descriptions (two columns
    per content language, most of its width) are not read: no per-unit view shows them."""
    return (
        Unit.objects.select_related("document__source_language")
        .only(
            *(f.name for f in Unit._meta.concrete_fields),
            "document__id",
            "document__slug",
            "document__origin_format",
            "document__source_language",
            *(f"document__source_language__{f.name}" for f in Language._meta.concrete_fields),
        )
        .filter(document__slug=slug, key=key)
        .first()
    )


def editor_row(unit: Unit, language: Language, translation: Translation | None = None) -> EditorRow:
    """One unit's row; `translation` when the caller holds the current one (a save just
    wrote it), else one query."""
    mine = Translation.objects.filter(unit=unit, language=language)
    if translation is None:
        translation = with_last_revision(mine).select_related("author").first()
    elif not hasattr(translation, "last_action"):
        # A translation a save just wrote: its last revision is read in one query.
        last = with_last_revision(mine).values("last_action", "last_actor", "last_comment")
        for name, value in (last.first() or {}).items():
            setattr(translation, name, value)
    row = EditorRow(unit, translation, status_rules.effective_status(translation, unit.checksum))
    attach_plurals([row], language, unit.document)
    return row


def page_of_unit(document: Document, key: str, per_page: int | None = None) -> int:
    per_page = per_page or settings.EDITOR_PAGE_SIZE
    unit = Unit.objects.filter(document=document, key=key).values("position").first()
    if not unit:
        return 1
    before = Unit.objects.filter(
        document=document, is_active=True, position__lt=unit["position"]
    ).count()
    return before // per_page + 1


def join_request_pending(user, language: Language) -> bool:
    """Whether the signed-in `user` has asked to join `language`'s team and waits for an
    answer (the editor then says so instead of offering to ask again)."""
    return bool(
        user.is_authenticated
        and Membership.objects.filter(
            user=user, language=language, state=Membership.STATE_REQUESTED
        ).exists()
    )
