"""The write pipeline (services/writes.py) for many units at once: save_translation's rules,
in constant queries per batch."""

import pytest

from workbench.models import Revision, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services import writes
from workbench.services.documents import import_document
from workbench.services.errors import ConflictError
from workbench.services.translations import save_translation
from workbench.services.writes import Change


def save_translations(actor, language, changes, *, origin, action):
    assert action == Revision.ACTION_ALIGN
    return writes.write(actor, language, changes, kind=writes.ALIGN, origin=origin)


def _units(n: int) -> list[Unit]:
    text = "\n\n".join(f"Paragraph {i} of the book." for i in range(n))
    document = import_document(
        SYSTEM,
        text.encode(),
        filename="b.txt",
        language_code="en",
        slug=f"b{n}",
    ).document
    return list(
        Unit.objects.filter(document=document).select_related("document").order_by("position")
    )


def test_new_changed_and_unchanged_units_with_a_revision_each(translator, languages):
    de = languages["de"]
    first, second, third = _units(3)
    save_translation(translator, second, de, "Absatz 1 des Buches.", base_version=0)
    save_translation(translator, third, de, "Absatz 2", base_version=0)
    results = save_translations(
        translator,
        de,
        [
            Change(first, "Absatz 0 <script>x</script>des Buches.", "translated", 0),
            Change(second, "Absatz 1 des Buches.", "translated", 1),  # same text: no write
            Change(third, "Absatz 2 des Buches.", status="draft", base_version=1, comment="c"),
        ],
        origin="aligned",
        action=Revision.ACTION_ALIGN,
    )
    assert [r.changed for r in results] == [True, False, True]
    stored = {t.unit_id: t for t in Translation.objects.filter(language=de)}
    assert stored[first.pk].text == "Absatz 0 des Buches."  # sanitised
    assert (stored[first.pk].version, stored[first.pk].origin) == (1, "aligned")
    assert (stored[third.pk].version, stored[third.pk].status) == (2, "draft")
    assert stored[third.pk].author == translator
    revisions = Revision.objects.filter(action=Revision.ACTION_ALIGN)
    assert sorted(r.translation.unit_id for r in revisions) == [first.pk, third.pk]
    assert revisions.get(translation__unit=third).comment == "c"


def test_a_version_conflict_on_one_unit_stores_nothing(translator, languages):
    de = languages["de"]
    first, second = _units(2)
    save_translation(translator, second, de, "Jemand war schneller.", base_version=0)
    with pytest.raises(ConflictError):
        save_translations(
            translator,
            de,
            [
                Change(first, "Absatz 0", "translated", 0),
                Change(second, "Absatz 1", "translated", 0),
            ],
            origin="aligned",
            action=Revision.ACTION_ALIGN,
        )
    assert list(Translation.objects.values_list("text", flat=True)) == ["Jemand war schneller."]
    assert Revision.objects.count() == 1


def test_another_language_is_refused(translator, languages):
    (unit,) = _units(1)
    with pytest.raises(Exception) as refused:
        save_translations(
            translator,
            languages["fr"],
            [Change(unit, "Paragraphe", "translated", 0)],
            origin="aligned",
            action=Revision.ACTION_ALIGN,
        )
    assert refused.type.__name__ == "PermissionDenied"
    assert not Translation.objects.exists()


# Per batch: the lock, the inserts, the revisions, then the after-change step (stored check
# problems, memory entries and their index keys). SQLite's parameter limit makes batches of
# about 100 rows there, 500 on PostgreSQL; plus the permission check and the savepoints.
# A write that completes the document asks once whether it is complete and who reviews it
# (notifications.record_milestones).
# Measured: 18 queries for 10 units, 111 for 1,200 on SQLite (fewer on PostgreSQL). A save
# per unit took four or five queries each before the checks and the memory (over 5,000).
@pytest.mark.parametrize("n,limit", [(10, 18), (1200, 120)])
def test_queries_grow_by_batch_not_by_unit(
    translator, languages, n, limit, django_assert_max_num_queries
):
    de = languages["de"]
    units = _units(n)
    with django_assert_max_num_queries(limit):
        save_translations(
            translator,
            de,
            [Change(u, f"Absatz {u.position}", "translated", 0) for u in units],
            origin="aligned",
            action=Revision.ACTION_ALIGN,
        )
    assert Translation.objects.filter(language=de).count() == n
