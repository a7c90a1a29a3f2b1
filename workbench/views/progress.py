"""Progress of a document in one language: statuses, contributors, a chart over time."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workbench import permissions
from workbench import status as status_rules
from workbench.selectors.contributors import contributors
from workbench.selectors.machine_share import machine_share
from workbench.selectors.progress import progress_by_document
from workbench.selectors.timeline import DayPoint, progress_timeline
from workbench.text.records import (
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_OUTDATED,
    STATUS_TRANSLATED,
    STATUS_UNTRANSLATED,
)
from workbench.views.access import document_readers
from workbench.views.editor import _target

# The order of the status table, most advanced first.
STATUS_ORDER = (
    STATUS_APPROVED,
    STATUS_TRANSLATED,
    STATUS_DRAFT,
    STATUS_OUTDATED,
    STATUS_UNTRANSLATED,
)

# The chart's drawing area inside the SVG viewBox (user units; the SVG scales to its box).
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


@dataclass
class Chart:
    width: int
    height: int
    translated_points: str
    approved_points: str
    y_ticks: list[tuple[float, int]]  # (y, value)
    x_first: str
    x_last: str
    plot_left: int
    plot_right: int
    plot_bottom: int
    changes: list[DayPoint]  # days where a count moved, for the table alternative


def build_chart(points: list[DayPoint], total: int) -> Chart | None:
    """Geometry for an inline SVG line chart of cumulative units per day."""
    if not points:
        return None
    top = max(total, points[-1].translated, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(points)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else 0)

    def y(value: int) -> float:
        return TOP + plot_h * (1 - value / top)

    def polyline(values: list[int]) -> str:
        coords = [(x(i), y(v)) for i, v in enumerate(values)]
        if n == 1:  # one day: a flat line across, not an invisible dot
            coords.append((LEFT + plot_w, coords[0][1]))
        return " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)

    changes = [
        p
        for before, p in zip([None, *points], points, strict=False)
        if before is None or (p.translated, p.approved) != (before.translated, before.approved)
    ]
    ticks = sorted({0, top // 2, top})
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        translated_points=polyline([p.translated for p in points]),
        approved_points=polyline([p.approved for p in points]),
        y_ticks=[(round(y(v), 1), v) for v in ticks],
        x_first=points[0].day.isoformat(),
        x_last=points[-1].day.isoformat(),
        plot_left=LEFT,
        plot_right=LEFT + plot_w,
        plot_bottom=TOP + plot_h,
        changes=changes,
    )


@document_readers
@require_GET
def progress(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    prog = progress_by_document([document.pk], [language])[(document.pk, language.code)]
    statuses = [
        {
            "status": status,
            "label": status_rules.status_label(status),
            "units": prog.units[status],
            "words": prog.words[status],
            "percent": prog.percent(status),
        }
        for status in STATUS_ORDER
    ]
    return render(
        request,
        "workbench/progress.html",
        {
            "document": document,
            "language": language,
            "progress": prog,
            "active_units": prog.units_total,  # the downloads' size rule
            "statuses": statuses,
            "contributors": contributors(document, language),
            "chart": build_chart(progress_timeline(document, language), prog.units_total),
            "can_review": permissions.can_review(request.user, language),
            "machine": machine_share(document, language),
        },
    )
