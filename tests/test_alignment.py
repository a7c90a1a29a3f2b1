"""Aligning a published translation to a stored document: the services (propose, correct,
accept, discard), who may do it, warnings for the wrong file, the screen and its exports."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from lxml import html as lxml_html

from workbench.formats.tmx import read_tmx
from workbench.models import AlignmentRun, MemoryEntry, Revision, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.selectors import alignment_plan
from workbench.selectors.alignment import notice_messages, warning_messages
from workbench.selectors.memory import suggestions
from workbench.services import alignment as services
from workbench.services.alignment_accept import accept_alignment
from workbench.services.alignment_propose import _memory_pairs, propose_alignment
from workbench.services.documents import DocumentError, import_document
from workbench.text import sentences
from workbench.text.align import file_checks
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

from .conftest import FIXTURES, SAMPLE_MD, login
from .workflow import translate, units

GERMAN = FIXTURES / "foundations-socialism-in-one-country.de.md"
GOLD = json.loads((FIXTURES / "foundations-socialism-in-one-country.de.gold.json").read_text())

DATA = FIXTURES.parent / "tests" / "data" / "alignment"
# A German text on something else entirely (baking bread): "a different document".
UNRELATED = (DATA / "unrelated.de.md").read_bytes()
# The start of the chapter in Russian, uploaded as German.
RUSSIAN = (DATA / "start.ru.txt").read_bytes()

# An approved translation of unit 3 (the heading) that differs from the file's.
APPROVED = "Die Konsequenzen des „Sozialismus in einem Land“"


@pytest.fixture
def german() -> bytes:
    return GERMAN.read_bytes()


@pytest.fixture
def run(sample_document, translator, languages, german) -> AlignmentRun:
    return propose_alignment(translator, sample_document, languages["de"], german, GERMAN.name)


def _links(run: AlignmentRun) -> list:
    return [[s, t] for s, t, _score in run.links]


def _translations(language) -> dict[str, Translation]:
    return {
        t.unit.key: t for t in Translation.objects.filter(language=language).select_related("unit")
    }


# --- proposing ------------------------------------------------------------------------------


def test_propose_stores_one_proposed_run_and_no_translation(run, sample_document, translator):
    assert run.state == AlignmentRun.STATE_PROPOSED
    assert run.created_by == translator
    assert run.format == "md" and run.filename == GERMAN.name
    assert len(run.source_units) == 14 and len(run.target_paragraphs) == 15
    assert run.target_kinds[12] == "paragraph" and run.target_kinds[14] == "footnote"
    assert run.source_units == [s.pk for s in units(sample_document)]
    assert _links(run) == GOLD
    assert all(0.0 <= score <= 1.0 for _s, _t, score in run.links)
    assert set(run.quality) >= {"anchor_rate", "length_agreement", "mean_evidence", "null_rate"}
    assert run.quality["looks_unrelated"] is False
    assert run.warnings == []
    assert Translation.objects.count() == 0


def test_existing_translations_are_used_as_memory(sample_document, translator, languages, german):
    # A unit already translated exactly as the file has it: still the gold alignment.
    seg = units(sample_document)[3]
    paragraph = german.decode().split("\n\n")[3]
    translate(translator, seg, languages["de"], paragraph)
    run = propose_alignment(translator, sample_document, languages["de"], german, "de.md")
    assert _links(run) == GOLD
    assert _memory_pairs(sample_document, languages["de"]) == [(seg.source, paragraph)]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_language"])
def test_propose_refused_for_non_members(
    who, sample_document, languages, outsider, translator, german
):
    from django.contrib.auth.models import AnonymousUser

    user, language = {
        "anonymous": (AnonymousUser(), languages["de"]),
        "outsider": (outsider, languages["de"]),
        "other_language": (translator, languages["fr"]),  # a German translator, French file
    }[who]
    with pytest.raises(PermissionDenied):
        propose_alignment(user, sample_document, language, german, GERMAN.name)
    assert AlignmentRun.objects.count() == 0


def test_reviewer_and_admin_may_propose(sample_document, languages, reviewer, admin_user, german):
    propose_alignment(reviewer, sample_document, languages["de"], german, GERMAN.name)
    propose_alignment(admin_user, sample_document, languages["es"], german, GERMAN.name)
    assert AlignmentRun.objects.count() == 2


def test_empty_file_is_an_error_and_nothing_is_stored(sample_document, translator, languages):
    with pytest.raises(DocumentError, match="empty"):
        propose_alignment(translator, sample_document, languages["de"], b"  \n\n ", "x.txt")
    assert AlignmentRun.objects.count() == 0


def test_po_file_and_source_language_are_refused(
    sample_document, translator, admin_user, languages
):
    po = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    po += b'msgid "a"\nmsgstr "b"\n'
    with pytest.raises(services.AlignmentError, match="PO"):
        propose_alignment(translator, sample_document, languages["de"], po, "x.po")
    with pytest.raises(services.AlignmentError, match="source language"):
        propose_alignment(admin_user, sample_document, languages["en"], b"Hello", "x.txt")
    assert AlignmentRun.objects.count() == 0


def _codes(run: AlignmentRun) -> list[str]:
    return [w["code"] for w in run.warnings]


def test_unrelated_file_gets_a_warning(sample_document, translator, languages):
    run = propose_alignment(translator, sample_document, languages["de"], UNRELATED, "brot.md")
    assert run.quality["looks_unrelated"] is True
    assert _codes(run) == [file_checks.WARN_UNRELATED]
    [message] = warning_messages(run)
    assert "does not look like a translation of this document" in message
    assert run.state == AlignmentRun.STATE_PROPOSED and Translation.objects.count() == 0


def test_the_source_itself_is_not_a_translation(sample_document, translator, languages):
    run = propose_alignment(
        translator, sample_document, languages["de"], SAMPLE_MD.read_bytes(), SAMPLE_MD.name
    )
    assert _codes(run) == [file_checks.WARN_SAME_AS_SOURCE]
    assert "100% of the file's paragraphs are identical to the source" in warning_messages(run)[0]


def test_german_file_uploaded_as_french_is_flagged(sample_document, reviewer, languages, german):
    run = propose_alignment(reviewer, sample_document, languages["fr"], german, GERMAN.name)
    assert _codes(run) == [file_checks.WARN_LANGUAGE]
    assert warning_messages(run) == [
        "The file looks like German rather than French: check that you chose the right language."
    ]


def test_wrong_script_is_flagged(sample_document, translator, languages):
    run = propose_alignment(translator, sample_document, languages["de"], RUSSIAN, "ru.txt")
    assert file_checks.WARN_SCRIPT in _codes(run)
    assert any("Cyrillic" in m for m in warning_messages(run))


def test_the_right_file_in_the_right_language_has_no_warning(run):
    assert warning_messages(run) == []


def test_an_excerpt_is_said_to_be_partial(client, sample_document, translator, languages, german):
    """Four paragraphs of the German chapter: an excerpt, not an unrelated file; the screen
    says how much of the source it covers (units 3, 4, 8-10 and 11: about 60%, see
    test_align_command.test_an_excerpt_is_aligned_without_force)."""
    blocks = [b for b in german.decode().split("\n\n") if b.strip()]
    excerpt = "\n\n".join(blocks[k] for k in (3, 4, 8, 9)).encode()
    run = propose_alignment(translator, sample_document, languages["de"], excerpt, "auszug.md")
    assert _codes(run) == [file_checks.WARN_PARTIAL]
    assert run.quality["looks_unrelated"] is False and 0.3 < run.quality["coverage"] < 0.7
    assert warning_messages(run) == []  # nothing wrong with the file: a notice, not a warning
    [message] = notice_messages(run)
    assert message.startswith("This translation covers about 60% of the source")
    # every paragraph of the excerpt is linked, most of the source is left untranslated
    assert all(s for s, t, _score in run.links if t)
    assert sum(len(s) for s, t, _score in run.links if not t) > len(run.source_units) / 2
    login(client, translator)
    page = lxml_html.fromstring(client.get(_run_url(run)).content)
    [notice] = page.xpath('//p[@class="notice"]')
    assert notice.text_content().startswith("This translation covers about 60% of the source")
    assert not page.xpath('//*[@role="alert"]')


# --- correcting ----------------------------------------------------------------------------
# The gold links by index: 4 is [4]-[4, 5] (a paragraph split in the file), 5 is [5, 6]-[6] (two
# merged), 10 is [11]-[11], 11 is []-[12] (the translator's note), 13 the footnote.


def _correct(user, run, op, index):
    return services.correct_alignment(user, run, op, index, version=run.version)


@pytest.mark.parametrize(
    ("op", "index", "changed"),
    [
        ("merge", 10, {10: [[11], [11, 12]], 11: None}),
        ("split", 4, {4: [[4], [4]], 4.5: [[], [5]]}),
        ("split", 5, {5: [[5], [6]], 5.5: [[6], []]}),
        ("up", 11, {10: [[11], [11, 12]], 11: None}),
        ("down", 10, {10: [[11], []], 11: [[], [11, 12]]}),
        ("unmatch", 3, {3: [[3], []], 3.5: [[], [3]]}),
    ],
)
def test_each_correction(run, translator, op, index, changed):
    expected = {float(k): v for k, v in enumerate(GOLD)}
    for key, value in changed.items():
        if value is None:
            del expected[float(key)]
        else:
            expected[float(key)] = value
    corrected = _correct(translator, run, op, index)
    assert _links(corrected) == [expected[k] for k in sorted(expected)]
    assert corrected.version == 2
    # the links a person touched are confirmed; the others keep the aligner's score
    touched = {k for k, v in changed.items() if v is not None}
    scores = [score for _s, _t, score in corrected.links]
    for position, key in enumerate(sorted(expected)):
        if key in touched:
            assert scores[position] == 1.0
    run.refresh_from_db()
    assert run.links == corrected.links and run.version == 2


def test_shift_down_and_back_up_restores_the_links(run, translator):
    run = _correct(translator, run, "down", 10)
    run = _correct(translator, run, "up", 11)
    assert _links(run) == GOLD and run.version == 3


@pytest.mark.parametrize(
    ("op", "index", "why"),
    [
        ("merge", 13, "no next link"),
        ("split", 0, "can be split"),
        ("up", 0, "no link before it"),
        ("down", 13, "no link after it"),
        ("unmatch", 11, "unmatched already"),
    ],
)
def test_impossible_corrections_change_nothing(run, translator, op, index, why):
    with pytest.raises(services.AlignmentError, match=why):
        _correct(translator, run, op, index)
    run.refresh_from_db()
    assert _links(run) == GOLD and run.version == 1


def test_unknown_operation_and_link_are_refused(run, translator):
    with pytest.raises(services.AlignmentError):
        _correct(translator, run, "shuffle", 0)
    with pytest.raises(services.AlignmentError):
        _correct(translator, run, "merge", 14)
    run.refresh_from_db()
    assert run.version == 1


def test_a_stale_correction_is_refused(run, translator):
    stale = run.version
    _correct(translator, run, "unmatch", 3)
    with pytest.raises(services.StaleAlignmentError) as caught:
        services.correct_alignment(translator, run, "merge", 0, version=stale)
    assert caught.value.run.version == 2
    run.refresh_from_db()
    assert _links(run)[:2] == GOLD[:2] and run.version == 2


def test_corrections_need_a_team_member(run, outsider, reviewer, languages):
    with pytest.raises(PermissionDenied):
        _correct(outsider, run, "unmatch", 3)
    run.refresh_from_db()
    assert _links(run) == GOLD and run.version == 1
    assert _correct(reviewer, run, "unmatch", 3).version == 2  # a German reviewer may


def test_an_accepted_run_cannot_be_corrected(run, translator):
    accept_alignment(translator, run)
    run.refresh_from_db()
    with pytest.raises(services.AlignmentError, match="accepted already"):
        _correct(translator, run, "unmatch", 3)


def test_accept_after_a_correction_uses_the_corrected_links(
    run, sample_document, translator, languages
):
    run = _correct(translator, run, "split", 5)  # [5, 6]-[6] -> [5]-[6] and [6]-[]
    result = accept_alignment(translator, run)
    assert result["drafts"] == 0 and result["untranslated"] == 1 and result["written"] == 13
    segs = units(sample_document)
    written = _translations(languages["de"])
    assert written[segs[5].key].text == run.target_paragraphs[6]
    assert written[segs[5].key].status == STATUS_TRANSLATED
    assert segs[6].key not in written


# --- accepting ------------------------------------------------------------------------------


def test_accept_stores_sentence_pairs_that_a_later_paragraph_finds(
    run, sample_document, translator, languages
):
    """Issue 17: the sentences inside accepted paragraphs go into the memory too, so a new
    paragraph that shares one sentence with an aligned one gets a match."""
    en, de = sample_document.source_language, languages["de"]
    # the heading paragraph's sentence, in a new paragraph of two sentences
    unit = units(sample_document)[3]
    first = sentences.split_markup(unit.source, [1, 1])[0]
    later = f"{first} This second sentence was never translated by anybody at all."
    assert suggestions(later, en.pk, de.pk).quotations == []  # nothing before accepting

    result = accept_alignment(translator, run)
    assert result["sentence_pairs"] >= 20
    stored = MemoryEntry.objects.filter(translation__isnull=True, origin="aligned")
    assert stored.count() == result["sentence_pairs"]
    assert {e.origin_name for e in stored} == {GERMAN.name}
    found = suggestions(later, en.pk, de.pk).quotations
    assert [(m.score, m.entry.source) for m in found] == [(100, first)]
    assert found[0].entry.target.startswith("Während Trotzki und die Linke Opposition")
    assert found[0].entry.target.count(".") == 1  # one German sentence, not the paragraph

    # the same file accepted again adds no pair twice
    again = propose_alignment(translator, sample_document, de, GERMAN.read_bytes(), "b.md")
    Translation.objects.all().delete()
    assert accept_alignment(translator, again)["sentence_pairs"] == 0
    assert stored.count() == result["sentence_pairs"]


def test_accept_writes_aligned_translations_with_history(
    run, sample_document, translator, languages
):
    result = accept_alignment(translator, run)
    de = languages["de"]
    segs = units(sample_document)
    by_key = _translations(de)
    # 14 units: 11 1-1 links, one 1-2 (joined), one 2-1 (split into two drafts); the
    # translator's note (0-1) is stored nowhere.
    assert len(by_key) == 14
    assert result == {
        "written": 12,
        "drafts": 2,
        "unchanged": 0,
        "skipped_approved": 0,
        "replaced_approved": 0,
        "sentence_pairs": result["sentence_pairs"],
        "kept_existing": 0,
        "replaced_existing": 0,
        "skipped_weak": 0,
        "unsplit": 0,
        "untranslated": 0,
        "notes": 1,
    }
    german = [p for p in GERMAN.read_text().split("\n\n")]
    assert by_key[segs[3].key].text.startswith("Während Trotzki und die Linke Opposition")
    assert by_key[segs[3].key].status == STATUS_TRANSLATED
    # 1-2: the split paragraph joined again with a space
    assert by_key[segs[4].key].text == f"{german[4]} {german[5]}"
    # 2-1: the merged paragraph cut where the English paragraph ends, both pieces drafts
    assert by_key[segs[5].key].text.endswith("auf den Verrat des TUC am Streik nicht vorbereitet.")
    assert by_key[segs[6].key].text.startswith("Noch größere Katastrophen folgten.")
    assert {by_key[segs[5].key].status, by_key[segs[6].key].status} == {STATUS_DRAFT}
    assert not any("Anmerkung des Übersetzers" in t.text for t in by_key.values())
    for t in by_key.values():
        assert t.origin == "aligned" and t.author == translator and t.version == 1
        assert t.source_checksum == t.unit.checksum
    revisions = Revision.objects.filter(translation__language=de)
    assert revisions.count() == 14
    assert set(revisions.values_list("action", flat=True)) == {Revision.ACTION_ALIGN}
    assert "Aligned from foundations-socialism-in-one-country.de.md" in revisions.first().comment
    run.refresh_from_db()
    assert run.state == AlignmentRun.STATE_ACCEPTED and run.accepted_by == translator
    assert run.accepted_at is not None and run.result == result


def test_approved_translation_is_kept_without_the_flag(
    run, sample_document, translator, reviewer, languages
):
    de = languages["de"]
    seg = units(sample_document)[2]
    translate(reviewer, seg, de, APPROVED, status=STATUS_APPROVED)
    plan = alignment_plan.plan_acceptance(run)
    [conflict] = alignment_plan.approved_conflicts(run, plan)
    assert conflict.unit == seg and conflict.current == APPROVED
    result = accept_alignment(translator, run)
    assert result["skipped_approved"] == 1 and result["written"] == 11
    kept = Translation.objects.get(unit=seg, language=de)
    assert kept.text == APPROVED and kept.status == STATUS_APPROVED


def test_approved_translation_is_replaced_with_the_flag(
    run, sample_document, translator, reviewer, languages
):
    de = languages["de"]
    seg = units(sample_document)[2]
    translate(reviewer, seg, de, APPROVED, status=STATUS_APPROVED)
    # A translator may not replace an approved translation: nothing is written.
    with pytest.raises(PermissionDenied, match="only reviewers of the German team"):
        accept_alignment(translator, run, overwrite_approved=True)
    assert not Translation.objects.filter(language=de).exclude(unit=seg).exists()
    result = accept_alignment(reviewer, run, overwrite_approved=True)
    assert result["replaced_approved"] == 1 and result["written"] == 12
    replaced = Translation.objects.get(unit=seg, language=de)
    assert replaced.status == STATUS_TRANSLATED and replaced.text == run.target_paragraphs[2]
    # the approved text stays in the history
    assert replaced.revisions.filter(text=APPROVED, status=STATUS_APPROVED).exists()


def test_approved_translation_with_the_same_text_is_left_alone(
    run, sample_document, translator, reviewer, languages
):
    de = languages["de"]
    seg = units(sample_document)[0]
    translate(reviewer, seg, de, run.target_paragraphs[0], status=STATUS_APPROVED)
    assert alignment_plan.approved_conflicts(run, alignment_plan.plan_acceptance(run)) == []
    result = accept_alignment(reviewer, run, overwrite_approved=True)
    assert result["unchanged"] == 1 and result["replaced_approved"] == 0
    assert Translation.objects.get(unit=seg, language=de).status == STATUS_APPROVED


def test_only_confident_links_are_accepted(run, sample_document, translator, languages):
    links = run.links
    links[3][2] = 0.3  # make the link of unit 4 weak
    links[5][2] = 0.5  # and the 2-1 link
    run.links = links
    run.save()
    result = accept_alignment(translator, run, only_confident=0.6)
    assert result["skipped_weak"] == 3 and result["written"] == 11 and result["drafts"] == 0
    written = _translations(languages["de"])
    segs = units(sample_document)
    assert segs[3].key not in written and segs[5].key not in written and segs[6].key not in written


def test_accept_refused_for_outsider_and_other_language(run, outsider, reviewer, languages):
    with pytest.raises(PermissionDenied):
        accept_alignment(outsider, run)
    run.refresh_from_db()
    assert run.state == AlignmentRun.STATE_PROPOSED and Translation.objects.count() == 0


def test_accept_twice_is_refused(run, translator):
    accept_alignment(translator, run)
    with pytest.raises(services.AlignmentError, match="accepted already"):
        accept_alignment(translator, run)
    assert Revision.objects.count() == 14


def test_accept_refuses_an_alignment_of_an_older_source(run, sample_document, translator):
    seg = units(sample_document)[2]
    Unit.objects.filter(pk=seg.pk).update(checksum="0" * 40)
    with pytest.raises(services.AlignmentError, match="document changed"):
        accept_alignment(translator, run)
    assert Translation.objects.count() == 0


def test_accept_with_a_stale_version_is_refused(run, translator):
    with pytest.raises(services.StaleAlignmentError):
        accept_alignment(translator, run, version=run.version + 1)
    assert Translation.objects.count() == 0


def test_discard(run, translator, outsider):
    with pytest.raises(PermissionDenied):
        services.discard_alignment(outsider, run)
    services.discard_alignment(translator, run)
    run.refresh_from_db()
    assert run.state == AlignmentRun.STATE_DISCARDED
    with pytest.raises(services.AlignmentError):
        accept_alignment(translator, run)
    assert Translation.objects.count() == 0


def test_one_to_many_is_joined_and_many_to_one_falls_back_when_unsplittable(translator, languages):
    doc = import_document(
        SYSTEM,
        b"First unit here.\n\nSecond unit.\n\nThird unit.",
        filename="d.txt",
        language_code="en",
        slug="small",
    ).document
    target = b"Erste Einheit hier und zweite Einheit ohne Satzende\n\nDritte\n\nEinheit."
    run = propose_alignment(translator, doc, languages["de"], target, "t.txt")
    run.links = [[[0, 1], [0], 1.0], [[2], [1, 2], 1.0]]
    run.save()
    result = accept_alignment(translator, run)
    assert result["unsplit"] == 1 and result["drafts"] == 1 and result["written"] == 1
    segs = units(doc)
    written = _translations(languages["de"])
    assert written[segs[0].key].text == "Erste Einheit hier und zweite Einheit ohne Satzende"
    assert written[segs[0].key].status == STATUS_DRAFT
    assert segs[1].key not in written
    assert written[segs[2].key].text == "Dritte Einheit."


# --- splitting a paragraph between units (pure) ---------------------------------------------------


def test_split_markup_cuts_at_the_sentence_boundary_nearest_the_proportions():
    text = "Eins zwei drei. Vier fünf sechs sieben acht neun zehn. Elf zwölf."
    assert sentences.split_markup(text, [15, 40, 10]) == [
        "Eins zwei drei.",
        "Vier fünf sechs sieben acht neun zehn.",
        "Elf zwölf.",
    ]
    assert sentences.split_markup(text, [50, 10]) == [
        "Eins zwei drei. Vier fünf sechs sieben acht neun zehn.",
        "Elf zwölf.",
    ]


def test_split_markup_never_cuts_inside_an_element_or_after_an_abbreviation():
    text = (
        "Er ging. <em>Sie blieb. Lange.</em> Im 20. Jahrhundert, S. 176. "
        'Ende<sup class="fnref">1</sup>. Danach.'
    )
    cuts = [text[offset : offset + 8] for offset, _visible in sentences.sentence_cuts(text)]
    assert cuts == ["<em>Sie ", "Im 20. J", "Ende<sup", "Danach."]
    pieces = sentences.split_markup(text, [1, 1, 1])
    assert pieces is not None and len(pieces) == 3
    assert all(p.count("<em>") == p.count("</em>") for p in pieces)
    assert sentences.split_markup("Ein einziger Satz ohne Grenze", [1, 1]) is None


def test_split_markup_handles_cjk_sentence_ends():
    assert sentences.split_markup("日本語の文です。次の文です。", [1, 1]) == [
        "日本語の文です。",
        "次の文です。",
    ]


# --- the screen ------------------------------------------------------------------------------


def _upload_url(lang="de"):
    return reverse("alignment_upload", args=["sample", lang])


def _run_url(run, suffix=""):
    return reverse("alignment", args=["sample", run.language.code, run.pk]) + suffix


def test_upload_page_needs_a_team_member(client, sample_document, outsider, translator):
    response = client.get(_upload_url())
    assert response.status_code == 302 and reverse("login") in response["Location"]
    login(client, outsider)
    assert client.get(_upload_url()).status_code == 403
    assert client.post(_upload_url(), {"file": _file(GERMAN.read_bytes())}).status_code == 403
    login(client, translator)
    assert client.get(_upload_url("fr")).status_code == 403
    assert AlignmentRun.objects.count() == 0


def _file(data: bytes, name: str = GERMAN.name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_upload_proposes_and_shows_the_run(client, sample_document, translator):
    login(client, translator)
    page = client.get(_upload_url())
    assert page.status_code == 200
    # the demo translation shipped in fixtures/ is offered for this document
    assert reverse("alignment_demo", args=["sample", "de"]).encode() in page.content
    response = client.post(_upload_url(), {"file": _file(GERMAN.read_bytes())})
    run = AlignmentRun.objects.get()
    assert response.status_code == 302 and response["Location"] == _run_url(run)
    page = client.get(_run_url(run))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Link 5 (1-2)" in body and "Link 6 (2-1)" in body and "Link 12 (0-1)" in body
    assert "Anmerkung des Übersetzers" in body and "strong" in body


def test_upload_errors_are_shown_and_nothing_is_stored(client, sample_document, translator):
    login(client, translator)
    response = client.post(_upload_url(), {"file": _file(b"   ", "empty.txt")})
    assert response.status_code == 400 and b"The file is empty." in response.content
    response = client.post(_upload_url(), {"file": _file(b"x", "book.rtf")})
    assert response.status_code == 400 and b"Unsupported file type .rtf" in response.content
    assert AlignmentRun.objects.count() == 0


def test_demo_button_aligns_the_fixture(client, sample_document, translator):
    login(client, translator)
    response = client.post(reverse("alignment_demo", args=["sample", "de"]))
    run = AlignmentRun.objects.get()
    assert response.status_code == 302 and _links(run) == GOLD
    # no demo for a language without one
    login(client, translator)
    assert client.post(reverse("alignment_demo", args=["sample", "fr"])).status_code == 403


def test_warnings_are_shown_on_the_run_page(client, sample_document, translator, languages):
    run = propose_alignment(translator, sample_document, languages["de"], UNRELATED, "brot.md")
    login(client, translator)
    body = client.get(_run_url(run)).content.decode()
    assert 'role="alert"' in body and "does not look like a translation of this document" in body


def test_run_page_refused_to_others(client, run, outsider, reviewer):
    assert client.get(_run_url(run)).status_code == 302
    login(client, outsider)
    assert client.get(_run_url(run)).status_code == 403
    assert client.get(_run_url(run, "alignment.tmx")).status_code == 403
    assert client.post(_run_url(run, "accept"), {"mode": "all"}).status_code == 403
    assert client.post(_run_url(run, "discard")).status_code == 403
    run.refresh_from_db()
    assert run.state == AlignmentRun.STATE_PROPOSED and Translation.objects.count() == 0
    login(client, reviewer)  # a German reviewer may
    assert client.get(_run_url(run)).status_code == 200


def test_weakest_first_order(client, run, translator):
    links = run.links
    links[8][2] = 0.2
    run.links = links
    run.save()
    login(client, translator)
    body = client.get(_run_url(run, "?order=weakest")).content.decode()
    first = body.index('id="l9"')
    assert first < body.index('id="l1"')
    assert "weak" in body[first : first + 800]


def _long_document(n: int, slug: str):
    source = "\n\n".join(f"Paragraph {i} says {i * 7} things about item {i}." for i in range(n))
    target = "\n\n".join(f"Absatz {i} sagt {i * 7} Dinge über Punkt {i}." for i in range(n))
    doc = import_document(
        SYSTEM,
        source.encode(),
        filename=f"{slug}.txt",
        language_code="en",
        slug=slug,
    ).document
    return doc, target.encode()


def test_the_screen_costs_constant_queries(
    client, translator, languages, django_assert_max_num_queries
):
    login(client, translator)
    counts = []
    for n, slug in ((20, "short"), (450, "long")):
        doc, target = _long_document(n, slug)
        run = propose_alignment(translator, doc, languages["de"], target, "t.txt")
        url = reverse("alignment", args=[slug, "de", run.pk])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            for page in (1, 2):
                response = client.get(url + f"?page={page}&order=weakest")
                assert response.status_code == 200
        counts.append(len(queries))
        with django_assert_max_num_queries(12):
            client.get(url)
    assert counts[0] == counts[1]


def test_correction_needs_a_team_member_and_a_version(client, run, outsider, translator):
    url = _run_url(run, "correct")
    login(client, outsider)
    assert client.post(url, {"op": "merge", "index": 0, "version": run.version}).status_code == 403
    login(client, translator)
    response = client.post(url, {"op": "merge", "index": 0}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 400
    run.refresh_from_db()
    assert _links(run) == GOLD and run.version == 1


def test_correction_with_fetch_returns_the_rows(client, run, translator):
    login(client, translator)
    response = client.post(
        _run_url(run, "correct"),
        {"op": "unmatch", "index": 3, "version": 1, "order": "document", "page": 1},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == 2 and data["error"] == ""
    assert data["html"].count("<article") == 15 and "Link 5 (0-1)" in data["html"]
    assert "15 links" in data["summary"]
    # the same version again: refused, and the current rows come back
    response = client.post(
        _run_url(run, "correct"),
        {"op": "merge", "index": 0, "version": 1},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 409 and response.json()["version"] == 2
    assert response.json()["html"].count("<article") == 15
    run.refresh_from_db()
    assert run.version == 2 and len(run.links) == 15


def test_correction_without_javascript_redirects_back(client, run, translator):
    login(client, translator)
    response = client.post(
        _run_url(run, "correct"),
        {"op": "merge", "index": 10, "version": 1, "order": "weakest", "page": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == _run_url(run, "?order=weakest#l11")
    impossible = client.post(
        _run_url(run, "correct"), {"op": "merge", "index": 12, "version": 2}, follow=True
    )
    assert "The last link has no next link to merge with." in impossible.content.decode()


def test_accept_view_asks_before_replacing_approved(
    client, run, sample_document, translator, reviewer, languages
):
    de = languages["de"]
    seg = units(sample_document)[2]
    translate(reviewer, seg, de, APPROVED, status=STATUS_APPROVED)
    login(client, translator)
    response = client.post(_run_url(run, "accept"), {"mode": "all", "version": run.version})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Replace existing translations?" in body and seg.key in body
    assert APPROVED in body
    run.refresh_from_db()
    assert run.state == AlignmentRun.STATE_PROPOSED and Translation.objects.count() == 1
    response = client.post(
        _run_url(run, "accept"), {"mode": "all", "version": run.version, "overwrite": "no"}
    )
    assert response.status_code == 302
    assert Translation.objects.get(unit=seg, language=de).status == STATUS_APPROVED
    assert Translation.objects.filter(language=de).count() == 14
    page = client.get(response["Location"]).content.decode()
    assert "1 approved translation kept" in page and "Accepted by translator" in page


def test_accept_view_asks_before_replacing_drafts_and_units_waiting_for_review(
    client, run, sample_document, translator, reviewer, languages
):
    """Only empty units are filled without asking: a draft and a unit just sent back with a
    comment are listed and kept unless the translator chooses to replace them."""
    from workbench.services.review import reject

    de = languages["de"]
    draft_unit, sent_unit = units(sample_document)[2:4]
    translate(translator, draft_unit, de, "Mein Entwurf.", status="draft")
    waiting = translate(translator, sent_unit, de, "Zur Prüfung.")
    reject(reviewer, sent_unit, de, base_version=waiting.version, reason="Bitte prüfen")
    login(client, translator)
    body = client.post(_run_url(run, "accept"), {"mode": "all", "version": run.version})
    body = body.content.decode()
    assert "Replace existing translations?" in body
    assert "Mein Entwurf." in body and "Zur Prüfung." in body
    assert 'value="unapproved"' in body and 'value="yes"' not in body  # a translator
    response = client.post(
        _run_url(run, "accept"), {"mode": "all", "version": run.version, "overwrite": "no"}
    )
    assert response.status_code == 302
    assert Translation.objects.get(unit=draft_unit, language=de).text == "Mein Entwurf."
    assert Translation.objects.get(unit=sent_unit, language=de).text == "Zur Prüfung."
    page = client.get(response["Location"]).content.decode()
    assert "2 existing translations kept" in page


def test_accept_view_can_replace_what_is_not_approved(
    client, run, sample_document, translator, languages
):
    de = languages["de"]
    draft_unit = units(sample_document)[2]
    translate(translator, draft_unit, de, "Mein Entwurf.", status="draft")
    login(client, translator)
    client.post(
        _run_url(run, "accept"),
        {"mode": "all", "version": run.version, "overwrite": "unapproved"},
    )
    assert Translation.objects.get(unit=draft_unit, language=de).text != "Mein Entwurf."
    run.refresh_from_db()
    assert run.result["replaced_existing"] == 1


def test_the_threshold_field_holds_a_number_the_browser_reads_in_every_language(
    client, run, translator
):
    """A number input takes a dot whatever the page's language: "0,8" (German) was dropped
    by the browser, the field was empty and "accept" said the threshold was wrong."""
    login(client, translator)
    page = client.get(_run_url(run), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'lang="de"' in page
    assert re.search(r'name="threshold"[^>]*value="0\.8"', page)


def test_accept_view_with_threshold(client, run, translator, languages):
    links = run.links
    links[0][2] = 0.1
    run.links = links
    run.save()
    login(client, translator)
    response = client.post(
        _run_url(run, "accept"), {"mode": "confident", "threshold": "0.8", "version": run.version}
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.result["skipped_weak"] == 1 and Translation.objects.count() == 13
    # a bad threshold is refused, nothing stored
    other = propose_alignment(
        translator, run.document, languages["de"], GERMAN.read_bytes(), "x.md"
    )
    client.post(_run_url(other, "accept"), {"mode": "confident", "threshold": "2", "version": 1})
    other.refresh_from_db()
    assert other.state == AlignmentRun.STATE_PROPOSED


def test_discard_view(client, run, translator):
    login(client, translator)
    response = client.post(_run_url(run, "discard"), {"version": run.version})
    assert response.status_code == 302 and response["Location"] == _upload_url()
    run.refresh_from_db()
    assert run.state == AlignmentRun.STATE_DISCARDED


# --- exports of a proposed alignment ------------------------------------------------------------


def test_bilingual_html_of_a_proposed_run(client, run, translator):
    login(client, translator)
    response = client.get(_run_url(run, "alignment.html") + "?download=0")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    tree = lxml_html.fromstring(response.content)
    rows = tree.xpath("//table[contains(@class, 'bilingual')]/tbody/tr")
    assert len(rows) == len(run.links) == 14
    text = " ".join(tree.text_content().split())
    assert "Noch größere Katastrophen folgten." in text and "Anmerkung des Übersetzers" in text
    assert "attachment" in client.get(_run_url(run, "alignment.html"))["Content-Disposition"]
    assert Translation.objects.count() == 0


def test_tmx_of_a_proposed_run(client, run, translator, sample_document):
    login(client, translator)
    response = client.get(_run_url(run, "alignment.tmx"))
    assert response.status_code == 200
    pairs = read_tmx(response.content)
    assert len(pairs) == 13  # every link with both sides; the translator's note has no pair
    segs = units(sample_document)
    merged = next(p for p in pairs if p.key == f"{segs[5].key}+{segs[6].key}")
    assert merged.source == f"{segs[5].source} {segs[6].source}"
    assert merged.target.startswith("Die internationalen Folgen") and merged.target_lang == "de"
    assert dict(merged.props)["x-link"] == "2-1"
    assert Translation.objects.count() == 0


def test_accept_refreshes_checks_and_memory_once_for_all_units(run, translator, languages):
    # Acceptance defers the per-unit side effects and refreshes them in bulk: every written
    # translation must still reach the memory, and its check problems must be stored.
    from workbench.models import MemoryEntry, TranslationProblem

    accept_alignment(translator, run)
    written = Translation.objects.filter(
        language=languages["de"], status=STATUS_TRANSLATED
    ).exclude(text="")
    assert written.exists()
    assert MemoryEntry.objects.filter(translation__in=written).count() == written.count()
    # The sample's footnoted block quote keeps its reference in the German fixture, so no
    # footnote error; the point is that problems were computed, i.e. the rows are consistent
    # with a fresh check of each written translation.
    from workbench.selectors.quality import check_translation

    for t in written.select_related("unit", "language"):
        fresh = {p.check_id for p in check_translation(t.unit, t.language, t.text)}
        stored = set(
            TranslationProblem.objects.filter(translation=t).values_list("check_id", flat=True)
        )
        assert stored == fresh, t.unit.key


def test_a_paragraph_without_a_counterpart_is_not_labelled_strong(run):
    from workbench.selectors.alignment import AlignmentRow
    from workbench.text.align.links import Link

    orphan = AlignmentRow(0, Link((), (3,), 1.0))
    assert orphan.band_label == "only in the file, no source"
    untranslated = AlignmentRow(0, Link((2,), (), 1.0))
    assert untranslated.band_label == "no translation in the file"
    assert AlignmentRow(0, Link((1,), (1,), 1.0)).band_label != orphan.band_label
