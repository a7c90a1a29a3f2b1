"""Progress per document and language: statuses, contributors, the chart over time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from workbench.models import Revision
from workbench.selectors.contributors import contributors
from workbench.selectors.timeline import DayPoint, progress_timeline
from workbench.services.review import approve, reject
from workbench.views.progress import build_chart

from .workflow import make_document, queries_for, translate, units


@pytest.fixture
def doc(languages):
    # 2 + 3 + 4 + 1 words
    return make_document(["One two.", "One two three.", "One two three four.", "One."])


def _at(revision_filter, day: date):
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    Revision.objects.filter(**revision_filter).update(created_at=moment)


def test_progress_page_shows_units_and_words_by_status(
    client, doc, translator, reviewer, languages
):
    de = languages["de"]
    first, second, third, _fourth = units(doc)
    translate(translator, first, de, "Eins zwei.")
    translate(translator, second, de, "Eins zwei drei.")
    approve(reviewer, second, de, base_version=1)
    translate(translator, third, de, "Eins zwei drei vier.", status="draft")
    response = client.get(reverse("progress", args=["doc", "de"]))
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('class="progress-table status-table"') :]
    table = table[: table.index("</table>")]
    for status, label, unit_count, words in [
        ("approved", "approved", 1, 3),
        ("translated", "needs review", 1, 2),
        ("draft", "draft", 1, 4),
        ("untranslated", "untranslated", 1, 1),
    ]:
        row = f'<tr class="status-{status}"><th scope="row">{label}</th>'
        assert f"{row}<td>{unit_count}</td><td>{words}</td>" in table
    assert "<svg" in body and 'class="line translated"' in body
    # Linked from the document page.
    document_page = client.get(reverse("document", args=["doc"])).content.decode()
    assert reverse("progress", args=["doc", "de"]) in document_page


def test_contributors(doc, translator, reviewer, languages):
    de = languages["de"]
    first, second, third, _ = units(doc)
    translate(translator, first, de, "Eins zwei.")
    translate(translator, first, de, "Eins, zwei.")
    translate(translator, second, de, "Eins zwei drei.")
    approve(reviewer, second, de, base_version=1)
    translate(reviewer, third, de, "Eins zwei drei vier.")
    reject(reviewer, first, de, base_version=2, reason="why the comma?")
    people = {c.name: c for c in contributors(doc, de)}
    translator_, reviewer_ = people["translator"], people["reviewer"]
    assert (translator_.units, translator_.words, translator_.saves) == (2, 5, 3)
    assert (reviewer_.units, reviewer_.words, reviewer_.saves) == (1, 4, 1)
    assert (people["reviewer"].approvals, people["reviewer"].sent_back) == (1, 1)
    assert [c.name for c in contributors(doc, de)] == ["translator", "reviewer"]  # most words first


def test_timeline_is_cumulative_per_day_and_counts_each_unit_once(
    doc, translator, reviewer, languages
):
    de = languages["de"]
    first, second, third, _ = units(doc)
    day1, day3 = date(2026, 3, 1), date(2026, 3, 3)
    translate(translator, first, de, "Eins zwei.")
    translate(translator, first, de, "Eins, zwei.")  # the same unit again: still one unit
    translate(translator, second, de, "Eins zwei drei.", status="draft")  # drafts do not count
    _at({"translation__unit__in": [first, second]}, day1)
    translate(translator, third, de, "Eins zwei drei vier.")
    approve(reviewer, first, de, base_version=2)
    _at({"translation__unit": third}, day3)
    _at({"action": "approve"}, day3)
    points = progress_timeline(doc, de)
    assert points == [
        DayPoint(day1, 1, 0),
        DayPoint(date(2026, 3, 2), 1, 0),  # days without activity are filled in
        DayPoint(day3, 2, 1),
    ]
    day4 = date(2026, 3, 4)
    assert progress_timeline(doc, de, until=day4)[-1] == DayPoint(day4, 2, 1)


def test_chart_geometry():
    start = date(2026, 1, 1)
    counts = [(1, 0), (1, 0), (4, 2)]
    points = [DayPoint(start + timedelta(days=i), t, a) for i, (t, a) in enumerate(counts)]
    chart = build_chart(points, total=4)
    first, middle, last = chart.translated_points.split()
    # x runs over the plot area from the first to the last day; y is 0 at the bottom.
    assert first.split(",")[0] == f"{chart.plot_left:.1f}"
    assert last.split(",")[0] == f"{chart.plot_right:.1f}"
    assert float(last.split(",")[1]) < float(first.split(",")[1])
    assert float(last.split(",")[1]) == pytest.approx(min(y for y, _ in chart.y_ticks))
    assert [p.day for p in chart.changes] == [start, start + timedelta(days=2)]
    assert build_chart([], total=4) is None
    single = build_chart(points[:1], total=4)
    assert len(single.translated_points.split()) == 2  # a line, not an invisible dot


def test_nothing_translated_yet(client, doc):
    body = client.get(reverse("progress", args=["doc", "de"])).content.decode()
    assert "Nothing has been translated yet." in body and "progress-chart" not in body


def test_progress_page_costs_constant_queries(client, translator, reviewer, languages):
    doc = make_document([f"Paragraph {i} here." for i in range(60)], slug="doc")
    unit_rows = units(doc)
    url = reverse("progress", args=["doc", "de"])

    def work_on(segs):
        for seg in segs:
            translate(translator, seg, languages["de"], f"Absatz {seg.position} hier.")
        for seg in segs[::2]:
            approve(reviewer, seg, languages["de"], base_version=1)

    work_on(unit_rows[:3])
    few = queries_for(client, url)
    work_on(unit_rows[3:])
    many = queries_for(client, url)
    assert few == many <= 10
    assert "<td>60</td>" in client.get(url).content.decode()
