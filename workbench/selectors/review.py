"""The review screen: one page of a language's units waiting for review (or outdated), each
with the word-level diff against the previous version of its translation."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy

from workbench import status as status_rules
from workbench.models import (
    CheckDismissal,
    Document,
    Language,
    Revision,
    Translation,
    Unit,
    UnitSource,
)
from workbench.selectors.checks import row_problems
from workbench.selectors.comments import annotate_comment_counts
from workbench.selectors.editor import PluralBox, attach_plurals, with_last_revision
from workbench.selectors.source_changes import SourceChange
from workbench.text.diff import DiffBudget, SafeDiffHtml, diff_html
from workbench.text.placeables import markup_counts, to_tokens
from workbench.text.records import STATUS_OUTDATED, STATUS_TRANSLATED

REVIEW_MODES = (STATUS_TRANSLATED, STATUS_OUTDATED)
MARKUP_LABELS = {
    "fnref": gettext_lazy("footnote references"),
    "em": gettext_lazy("emphasis"),
    "strong": gettext_lazy("strong"),
    "a": gettext_lazy("links"),
    "code": gettext_lazy("code"),
    "sup": gettext_lazy("superscript"),
    "sub": gettext_lazy("subscript"),
    "del": gettext_lazy("deleted text"),
    "ins": gettext_lazy("inserted text"),
    "img": gettext_lazy("images"),
}


@dataclass
class ReviewRow:
    unit: Unit
    translation: Translation
    status: str
    # The last different text this translation had, and the diff from it to the current one.
    previous_text: str | None
    diff: SafeDiffHtml | None
    # For an outdated translation: what changed in the source since (see source_changes.py).
    source_change: SourceChange | None
    comment_count: int = 0
    # A unit with plural forms (a gettext catalog's): all of them, as the editor has them.
    plural_source: str = ""
    plural_boxes: list[PluralBox] = field(default_factory=list)

    @cached_property
    def tokens(self) -> str:
        """The translation as the edit box shows it (text/placeables.py)."""
        return to_tokens(self.translation.text, source=self.unit.source)

    @cached_property
    def markup_changes(self) -> list[tuple[str, int, int]]:
        """(what, before, after) for each kind of inline markup whose count changed since the
        previous version: the words of the diff say "\\[1] → [1]", this says "footnote
        references: 0 → 1"."""
        if self.previous_text is None:
            return []
        before = markup_counts(self.previous_text)
        after = markup_counts(self.translation.text)
        return [
            (str(MARKUP_LABELS[kind]), before[kind], after[kind])
            for kind in before
            if before[kind] != after[kind]
        ]

    @cached_property
    def blocking_errors(self) -> int:
        """Errors of the current text that block approval (dismissed ones do not)."""
        problems = row_problems(self.unit, self.translation)
        return sum(1 for p in problems if p.is_error and not p.dismissal)


def _with_previous_versions(qs):
    """Annotate translations with their last different text and the source they were made
    from: correlated subqueries, so a page costs one query however long the history."""
    previous = (
        Revision.objects.filter(translation=OuterRef("pk"))
        .exclude(text=OuterRef("text"))
        .order_by("-created_at", "-id")
        .values("text")[:1]
    )
    old_source = UnitSource.objects.filter(
        unit=OuterRef("unit"), checksum=OuterRef("source_checksum")
    ).values("text")[:1]
    return (
        with_last_revision(qs)
        .select_related("unit", "author")
        .annotate(previous_text=Subquery(previous), old_source=Subquery(old_source))
    )


def review_queryset(document: Document, language: Language, mode: str):
    return (
        _with_previous_versions(
            Translation.objects.filter(
                status_rules.translation_filter(mode),
                unit__document=document,
                unit__is_active=True,
                language=language,
            ).exclude(text="")
        )
        .order_by("unit__position")
        # The rows' check results (selectors/checks.row_problems): two queries a page.
        .prefetch_related(
            "problems",
            Prefetch(
                "unit__dismissals",
                queryset=CheckDismissal.objects.filter(language=language).select_related(
                    "dismissed_by"
                ),
                to_attr="current_dismissals",
            ),
        )
    )


def review_page(
    document: Document,
    language: Language,
    *,
    mode: str = STATUS_TRANSLATED,
    page: int | str = 1,
    per_page: int | None = None,
) -> tuple[Page, list[ReviewRow]]:
    """Constant queries per page: count, the page (previous texts and old sources as
    subqueries), comment counts."""
    if mode not in REVIEW_MODES:
        mode = STATUS_TRANSLATED
    paginator = Paginator(
        review_queryset(document, language, mode), per_page or settings.EDITOR_PAGE_SIZE
    )
    page_obj = paginator.get_page(page)
    budget = DiffBudget()  # the page's diffs share one bound on their work
    rows = [review_row_for(t, budget) for t in page_obj.object_list]
    annotate_comment_counts(rows, language)
    attach_plurals(rows, language, document)
    return page_obj, rows


def review_row_for(translation: Translation, budget: DiffBudget | None = None) -> ReviewRow:
    unit = translation.unit
    previous = getattr(translation, "previous_text", None)
    old_source = getattr(translation, "old_source", None)
    outdated = translation.source_checksum != unit.checksum
    return ReviewRow(
        unit=unit,
        translation=translation,
        status=status_rules.effective_status(translation, unit.checksum),
        previous_text=previous,
        # Compared as the translation box shows them (tokens), so that a change of markup
        # only (a plain "[1]" becoming a footnote reference, emphasis added) shows too.
        diff=(
            diff_html(
                to_tokens(previous, source=unit.source),
                to_tokens(translation.text, source=unit.source),
                markup=False,
                budget=budget,
            )
            if previous is not None
            else None
        ),
        source_change=(
            SourceChange(previous=old_source, current=unit.source, budget=budget)
            if outdated
            else None
        ),
    )


def review_row(unit: Unit, language: Language) -> ReviewRow | None:
    """One row, after an action (the unit may no longer be waiting: any status is shown)."""
    translation = _with_previous_versions(
        Translation.objects.filter(unit=unit, language=language)
    ).first()
    if translation is None:
        return None
    row = review_row_for(translation)
    annotate_comment_counts([row], language)
    attach_plurals([row], language, unit.document)
    return row
