"""The one write path (services/writes.py): every writer gets the same bookkeeping, the
system actor replaces "user=None means trusted", the admin cannot bypass the pipeline, and
service errors become HTTP responses in one place."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from workbench.models import Revision, Translation, TranslationProblem, Unit
from workbench.models.memory import MemoryEntry
from workbench.permissions import SYSTEM, author_of, can_review, can_translate
from workbench.services import writes
from workbench.services.checks import ApprovalBlocked
from workbench.services.documents import import_document
from workbench.services.errors import ConflictError, ServiceError, TranslationError
from workbench.services.review import approve, reject
from workbench.services.source_updates import confirm_source_change, update_document_source
from workbench.services.writes import Change

from .conftest import login

FNREF = '<sup class="fnref">1</sup>'
SOURCE = "The party[^1] decided.\n\nA second paragraph.\n\nA third paragraph.\n\n[^1]: A note.\n"


@pytest.fixture
def units(languages):
    document = import_document(
        SYSTEM, SOURCE.encode(), filename="w.md", language_code="en", slug="w"
    ).document
    return list(
        Unit.objects.filter(document=document)
        .select_related("document__source_language")
        .order_by("position")
    )


def test_every_kind_of_write_leaves_revision_problems_and_memory(
    units, translator, reviewer, languages
):
    de = languages["de"]
    first = units[0]
    for kind in (writes.SAVE, writes.RESTORE, writes.IMPORT, writes.PREFILL, writes.ALIGN):
        Translation.objects.filter(unit=first).delete()
        (result,) = writes.write(
            translator, de, [Change(first, "Die Partei entschied.", "translated", 0)], kind=kind
        )
        t = result.translation
        assert (t.origin, t.author, t.version) == (kind.origin, translator, 1)
        assert Revision.objects.get(translation=t).action == kind.action
        # The after-change step ran: the dropped footnote is a stored problem, and the
        # translated pair is in the memory.
        assert TranslationProblem.objects.filter(translation=t, check_id="footnote-refs").exists()
        assert MemoryEntry.objects.filter(translation=t).exists()


def test_review_acts_keep_the_translators_credit_and_record_the_reviewer(
    units, translator, reviewer, languages
):
    de = languages["de"]
    second = units[1]
    writes.write(translator, de, [Change(second, "Ein zweiter Absatz.", "translated", 0)],
                 kind=writes.SAVE)  # fmt: skip
    approved = approve(reviewer, second, de, base_version=1).translation
    assert (approved.author, approved.reviewer, approved.status) == (translator, reviewer,
                                                                     "approved")  # fmt: skip
    sent_back = reject(reviewer, second, de, base_version=2, reason="Stil").translation
    assert (sent_back.status, sent_back.author, sent_back.reviewer) == ("draft", translator,
                                                                        reviewer)  # fmt: skip
    assert not MemoryEntry.objects.filter(translation=sent_back).exists()  # drafts leave it
    edited = approve(reviewer, second, de, base_version=3, text="Ein anderer Absatz.")
    assert (edited.translation.author, edited.translation.origin) == (reviewer, "typed")
    actions = list(
        Revision.objects.filter(translation=edited.translation)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["save", "approve", "reject", "approve"]


def test_confirm_attaches_the_new_source_through_the_pipeline(
    units, translator, reviewer, languages
):
    de = languages["de"]
    document = units[0].document
    third = units[2]
    writes.write(translator, de, [Change(third, "Ein dritter Absatz.", "translated", 0)],
                 kind=writes.SAVE)  # fmt: skip
    new = SOURCE.replace("A third paragraph.", "A third paragraph!")
    update_document_source(SYSTEM, document, new.encode(), filename="w.md")
    translation = Translation.objects.get(unit=third, language=de)
    with pytest.raises(PermissionDenied):
        confirm_source_change(translator, translation, base_version=1)
    with pytest.raises(ConflictError):
        confirm_source_change(reviewer, translation, base_version=7)
    result = confirm_source_change(reviewer, translation, base_version=1)
    third.refresh_from_db()
    assert result.changed and result.translation.source_checksum == third.checksum
    assert result.translation.reviewer == reviewer
    assert not confirm_source_change(reviewer, result.translation).changed  # nothing to do


def test_a_conflict_or_a_blocked_approval_stores_nothing(units, translator, reviewer, languages):
    de = languages["de"]
    first, second = units[0], units[1]
    with pytest.raises(ApprovalBlocked) as blocked:
        writes.write(reviewer, de, [Change(first, "Ohne Fußnote.", "approved", 0)],
                     kind=writes.SAVE)  # fmt: skip
    assert blocked.value.http_status == 422 and blocked.value.details()["problems"]
    writes.write(translator, de, [Change(second, "Schon da.", "translated", 0)], kind=writes.SAVE)
    with pytest.raises(ConflictError):
        writes.write(
            translator, de,
            [Change(first, f"Die Partei{FNREF}.", "translated", 0),
             Change(second, "Überschrieben?", "translated", 0)],
            kind=writes.ALIGN,
        )  # fmt: skip
    assert list(Translation.objects.values_list("text", flat=True)) == ["Schon da."]
    assert Revision.objects.count() == 1


def test_the_system_actor_may_write_and_is_nobody(units, languages):
    de = languages["de"]
    assert can_translate(SYSTEM, de) and can_review(SYSTEM, de)
    assert author_of(SYSTEM) is None
    (result,) = writes.write(SYSTEM, de, [Change(units[1], "Absatz.", "approved", None)],
                             kind=writes.IMPORT)  # fmt: skip
    assert result.translation.author is None and result.translation.reviewer is None
    assert Revision.objects.get().author is None


def test_anonymous_and_none_are_not_trusted(units, languages):
    from django.contrib.auth.models import AnonymousUser

    for actor in (None, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            writes.write(actor, languages["de"], [Change(units[1], "x", "translated", 0)],
                         kind=writes.SAVE)  # fmt: skip
        with pytest.raises(PermissionDenied):
            import_document(actor, b"Text.", filename="x.txt", language_code="en")


def test_an_unknown_status_and_a_unit_named_twice_are_refused(units, translator, languages):
    de = languages["de"]
    with pytest.raises(TranslationError):
        writes.write(translator, de, [Change(units[1], "x", "final", 0)], kind=writes.SAVE)
    with pytest.raises(TranslationError):
        writes.write(translator, de, [Change(units[1], "x", "translated", 0)] * 2,
                     kind=writes.SAVE)  # fmt: skip
    assert issubclass(TranslationError, ServiceError)


def test_approval_blocked_is_422_in_the_editor_and_on_the_review_screen(
    client, units, reviewer, languages
):
    first = units[0]
    login(client, reviewer)
    editor = client.post(
        reverse("save_unit", args=["w", "de", first.key]),
        {"text": "Ohne Fußnote.", "status": "approved", "version": "0"},
    )
    assert editor.status_code == 422 and editor.json()["problems"][0]["check"] == "footnote-refs"
    client.post(reverse("save_unit", args=["w", "de", first.key]),
                {"text": "Ohne Fußnote.", "version": "0"})  # fmt: skip
    review = client.post(reverse("review_approve", args=["w", "de", first.key]), {"version": "1"})
    assert review.status_code == 422 and review.json()["problems"][0]["check"] == "footnote-refs"


def test_the_admin_shows_units_and_translations_but_cannot_change_them(
    client, units, admin_user, languages
):
    t = writes.write(SYSTEM, languages["de"], [Change(units[1], "Absatz.", "translated", 0)],
                     kind=writes.SAVE)[0].translation  # fmt: skip
    client.force_login(admin_user)
    page = reverse("admin:workbench_translation_change", args=[t.pk])
    assert client.get(page).status_code == 200
    client.post(page, {"text": "Am Dienstweg vorbei.", "status": "approved"})
    t.refresh_from_db()
    assert (t.text, t.version) == ("Absatz.", 1)
    assert client.get(reverse("admin:workbench_translation_add")).status_code == 403
    assert client.post(reverse("admin:workbench_translation_delete", args=[t.pk]),
                       {"post": "yes"}).status_code == 403  # fmt: skip
    unit_page = reverse("admin:workbench_unit_change", args=[units[1].pk])
    client.post(unit_page, {"source": "Edited behind the service's back."})
    units[1].refresh_from_db()
    assert units[1].source == "A second paragraph."
    assert Translation.objects.filter(pk=t.pk).exists()


def test_author_of_is_the_signed_in_user_or_none(translator):
    from django.contrib.auth.models import AnonymousUser

    assert author_of(translator) is translator
    assert author_of(AnonymousUser()) is None
    assert author_of(None) is None
    assert author_of(SYSTEM) is None
