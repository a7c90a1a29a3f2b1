"""`manage.py align SLUG FILE --lang L`: the command-line contract (docs/architecture.md), errors.
By default it proposes and accepts (translations "translated", origin "aligned"); --dry-run
only proposes; bad input exits non-zero with nothing stored."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from workbench.models import AlignmentRun, Revision, Translation
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

from .conftest import FIXTURES, SAMPLE_MD
from .workflow import translate, units

GERMAN = FIXTURES / "foundations-socialism-in-one-country.de.md"
GOLD = FIXTURES / "foundations-socialism-in-one-country.de.gold.json"
UNRELATED = FIXTURES.parent / "tests" / "data" / "alignment" / "unrelated.de.md"


def align(*args: str) -> str:
    out = StringIO()
    call_command("align", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_align_proposes_accepts_and_prints_a_summary(sample_document, admin_user, languages):
    out = align("sample", str(GERMAN), "--lang", "de")
    assert "to sample (14 units): 14 links." in out
    assert "Links by kind: 1-1 x11, 0-1 x1, 1-2 x1, 2-1 x1" in out
    assert "Weakest links:" in out and "quality: anchors match" in out
    assert "Saved: 12 translations (needs review), 2 drafts from split paragraphs" in out
    assert "0 approved (kept)" in out
    run = AlignmentRun.objects.get()
    # Without --user the trusted operator writes with no author.
    assert run.state == AlignmentRun.STATE_ACCEPTED and run.accepted_by is None
    rows = Translation.objects.filter(language=languages["de"])
    assert rows.count() == 14
    assert set(rows.values_list("origin", flat=True)) == {"aligned"}
    assert sorted(rows.values_list("status", flat=True)) == sorted(
        [STATUS_TRANSLATED] * 12 + [STATUS_DRAFT] * 2
    )
    assert set(Revision.objects.values_list("action", flat=True)) == {Revision.ACTION_ALIGN}


def test_an_excerpt_is_aligned_without_force(sample_document, admin_user, languages, tmp_path):
    """Four paragraphs of the German chapter: the command says it is an excerpt and goes on
    (a notice is not a warning that the file looks wrong). About 60%: the excerpt's second
    paragraph is the first half of unit 4 (1,221 of the source's 5,800 characters), linked to
    it since an excerpt's omissions weigh the numbers and identifiers the excerpt never
    holds (it was linked to unit 5, and the share said 50%)."""
    blocks = [b for b in GERMAN.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    excerpt = tmp_path / "auszug.md"
    excerpt.write_text("\n\n".join(blocks[k] for k in (3, 4, 8, 9)), encoding="utf-8")
    out = align("sample", str(excerpt), "--lang", "de")
    assert "This translation covers about 60% of the source" in out
    run = AlignmentRun.objects.get()
    assert run.state == AlignmentRun.STATE_ACCEPTED
    linked = sum(len(s) for s, t, _score in run.links if s and t)
    assert 4 <= linked < 10  # the rest of the 14 units are left untranslated
    assert Translation.objects.filter(language=languages["de"]).count() == linked


def test_accept_flag_is_the_default(sample_document, admin_user, languages):
    align("sample", str(GERMAN), "--lang", "de", "--accept")
    assert Translation.objects.count() == 14


def test_dry_run_only_proposes(sample_document, admin_user):
    out = align("sample", str(GERMAN), "--lang", "de", "--dry-run")
    run = AlignmentRun.objects.get()
    assert run.state == AlignmentRun.STATE_PROPOSED
    assert f"/d/sample/de/align/{run.pk}/" in out
    assert Translation.objects.count() == 0


def test_min_confidence(sample_document, admin_user):
    out = align("sample", str(GERMAN), "--lang", "de", "--min-confidence", "1")
    run = AlignmentRun.objects.get()
    below = sum(len(s) for s, t, score in run.links if s and t and score < 1.0)
    assert below > 0  # the aligner is never certain of every link
    assert run.result["skipped_weak"] == below
    assert Translation.objects.count() == 14 - below
    assert f"{below} below the confidence threshold" in out


def test_user_option_records_the_author(sample_document, translator, languages):
    align("sample", str(GERMAN), "--lang", "de", "--user", "translator")
    assert set(Translation.objects.values_list("author__username", flat=True)) == {"translator"}


def test_approved_translations_are_kept_unless_asked(
    sample_document, admin_user, reviewer, languages
):
    de = languages["de"]
    heading = units(sample_document)[2]
    translate(
        reviewer, heading, de, "Die Konsequenzen des „Sozialismus in einem Land“", STATUS_APPROVED
    )
    out = align("sample", str(GERMAN), "--lang", "de")
    assert "1 approved (kept)" in out
    assert Translation.objects.get(unit=heading, language=de).status == STATUS_APPROVED
    align("sample", str(GERMAN), "--lang", "de", "--overwrite-approved")
    replaced = Translation.objects.get(unit=heading, language=de)
    assert replaced.status == STATUS_TRANSLATED and replaced.text.startswith("Die Folgen des")


def _nothing_stored():
    assert AlignmentRun.objects.count() == 0
    assert Translation.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", str(GERMAN), "--lang", "de"], "No document with the slug 'nope'"),
        (["sample", str(GERMAN), "--lang", "xx"], "Unknown language 'xx'"),
        (["sample", str(GERMAN), "--lang", "en"], "source language"),
        (["sample", "/no/such/file.md", "--lang", "de"], "No such file"),
        (["sample", str(GERMAN), "--lang", "de", "--min-confidence", "2"], "between 0 and 1"),
        (["sample", str(GERMAN), "--lang", "de", "--min-confidence", "high"], "a number"),
        (["sample", str(GERMAN), "--lang", "de", "--user", "ghost"], "No active user 'ghost'"),
        (["sample", str(GERMAN), "--lang", "de", "--user", "outsider"], "may not translate"),
        (["sample", str(UNRELATED), "--lang", "de"], "does not look like a translation"),
        (["sample", str(SAMPLE_MD), "--lang", "de"], "identical to the source"),
        (["sample", str(GERMAN), "--lang", "fr"], "looks like German rather than French"),
    ],
)
def test_bad_input_fails_and_stores_nothing(sample_document, admin_user, outsider, args, message):
    with pytest.raises(CommandError, match=message):
        align(*args)
    _nothing_stored()


def test_empty_and_unreadable_files(sample_document, admin_user, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n \n")
    with pytest.raises(CommandError, match="empty"):
        align("sample", str(empty), "--lang", "de")
    odd = tmp_path / "book.rtf"
    odd.write_bytes(b"PK")
    with pytest.raises(CommandError, match="Unsupported file type"):
        align("sample", str(odd), "--lang", "de")
    _nothing_stored()


def test_format_option_overrides_the_extension(sample_document, admin_user, tmp_path):
    unnamed = tmp_path / "translation"
    unnamed.write_bytes(GERMAN.read_bytes())
    with pytest.raises(CommandError, match="no extension"):
        align("sample", str(unnamed), "--lang", "de")
    align("sample", str(unnamed), "--lang", "de", "--format", "md", "--dry-run")
    run = AlignmentRun.objects.get()
    assert run.format == "md" and run.target_kinds[1] == "title"


def test_force_goes_on_despite_warnings(sample_document, admin_user):
    out = align("sample", str(UNRELATED), "--lang", "de", "--force", "--dry-run")
    assert "Dry run" in out
    assert AlignmentRun.objects.get().warnings[0]["code"] == "unrelated"


def test_without_a_user_on_a_database_without_superuser(sample_document, translator):
    # A fresh database has no superuser: the command still works, revisions have no author.
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    align("sample", str(GERMAN), "--lang", "de")
    t = Translation.objects.filter(language__code="de").exclude(text="").first()
    assert t is not None and t.author is None and t.origin == "aligned"


def test_load_demo_proposes_the_german_demo_alignment_once(db):
    call_command("load_demo", stdout=StringIO())
    run = AlignmentRun.objects.get()
    assert run.language.code == "de" and run.state == AlignmentRun.STATE_PROPOSED
    assert [[s, t] for s, t, _score in run.links] == json.loads(GOLD.read_text())
    assert Translation.objects.count() == 0  # the editor stays untranslated for the main demo
    run.state = AlignmentRun.STATE_DISCARDED
    run.save()
    call_command("load_demo", stdout=StringIO())
    assert AlignmentRun.objects.count() == 1
