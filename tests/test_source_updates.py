"""A new version of a document's source: every translation stays with the right unit."""

from __future__ import annotations

import re
from io import StringIO

import polib
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from workbench.models import Document, Revision, Translation, Unit, UnitSource
from workbench.permissions import SYSTEM
from workbench.selectors.editor import editor_page
from workbench.selectors.source_changes import attach_source_changes, source_changes
from workbench.services.documents import DocumentError, import_document
from workbench.services.source_updates import confirm_source_change, update_document_source
from workbench.services.translations import ConflictError, save_translation
from workbench.status import effective_status
from workbench.text.fingerprint import source_checksum

TITLE = "# The years of crisis"
P = {
    "a": "The revolution of 1917 did not come from nowhere; it grew out of decades of agrarian "
    "crisis, war and the collapse of the old administration.",
    "b": "Industrialisation required capital, and capital in a peasant country could only come "
    "from the countryside, which made the question of grain prices central.",
    "c": "Foreign trade remained a state monopoly throughout the period, a decision defended "
    "against strong pressure from within the party itself.",
    "d": "Historians still disagree about how far the leadership foresaw the consequences of "
    "the policies adopted in the late twenties.",
    "e1": "Local soviets in the provinces often had neither the staff nor the money to carry "
    "out the decrees.",
    "e2": "The decrees themselves were often contradictory, written in haste in the capital by "
    "commissariats that did not consult each other.",
    "f": "The army was demobilised in stages, and the returning soldiers brought with them new "
    "expectations of what the government owed them.",
    "g": "Education spread quickly in the towns, less quickly in the villages, where the school "
    "was frequently the only public building.",
    "h": "Prices in the private market rose sharply each winter, when supplies from the villages "
    "fell and the cities competed for bread.",
    "i": "None of this was settled by the end of the decade.",
    "new": "A wholly new paragraph about the railways, which carried grain, soldiers and "
    "newspapers across the country.",
}


def md(*parts: str) -> bytes:
    return "\n\n".join(parts).encode() + b"\n"


V1 = md(TITLE, P["a"], P["b"], P["c"], P["d"], P["e1"] + " " + P["e2"], P["f"], P["g"], P["h"],
        P["i"])  # fmt: skip
# unchanged: title, a, c, i; edited: b; moved: f (now before c); split: e1 + e2 -> e1, e2;
# merged: g + h -> one paragraph; deleted: d; new: "new".
B_EDITED = P["b"].replace("grain prices central", "grain prices decisive")
GH = P["g"] + " " + P["h"]
V2 = md(TITLE, P["a"], B_EDITED, P["f"], P["c"], P["e1"], P["e2"], GH, P["new"], P["i"])


@pytest.fixture
def doc(languages):
    return import_document(
        SYSTEM, V1, filename="crisis.md", language_code="en", slug="crisis"
    ).document


def seg(document, key) -> Unit:
    return Unit.objects.get(document=document, key=key)


def key_of(document, text) -> str:
    return Unit.objects.get(document=document, source=text, is_active=True).key


def de_text(key: str, source: str = "") -> str:
    """A translation that passes the quality checks (approval is blocked on errors): no
    digits of its own (the key's are spelled as letters), the source's numbers, a full stop."""
    numbers = " ".join(re.findall(r"\d+", source))
    return f"DE {key.translate(_LETTERS)} {numbers}".strip() + "."


_LETTERS = str.maketrans("0123456789", "abcdefghij")


def translate_all(document, user, language, status="translated"):
    for s in Unit.objects.filter(document=document, is_active=True):
        save_translation(
            user, s, language, de_text(s.key, s.source), status=status, base_version=None
        )


def status_of(document, key, language) -> str:
    s = seg(document, key)
    t = Translation.objects.filter(unit=s, language=language).first()
    return effective_status(t, s.checksum)


def run_update(path, slug="crisis"):
    out, err = StringIO(), StringIO()
    call_command(
        "import_document", str(path), "--lang", "en", "--slug", slug, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_every_category_keeps_translations_on_the_right_unit(doc, reviewer, languages, tmp_path):
    de = languages["de"]
    translate_all(doc, reviewer, de, status="approved")
    before = {s.key: s.source for s in Unit.objects.filter(document=doc)}
    key = {name: key_of(doc, text) for name, text in P.items() if name not in ("e1", "e2", "new")}
    key["e"] = key_of(doc, P["e1"] + " " + P["e2"])
    revisions_before = Revision.objects.count()

    path = tmp_path / "crisis-v2.md"
    path.write_bytes(V2)
    out, err = run_update(path)

    assert out.strip().splitlines()[-1] == "crisis"  # the slug stays the last line
    assert "unchanged: 4" in err and "edited: 1" in err and "moved: 1" in err
    assert "split (parts): 2" in err and "merged: 1" in err and "new: 1" in err
    assert "deleted: 1" in err

    active = list(Unit.objects.filter(document=doc, is_active=True).order_by("position"))
    assert [s.position for s in active] == list(range(1, 11))
    # unchanged: same key, still approved, same text
    for name in ("a", "i"):
        assert status_of(doc, key[name], de) == "approved"
    assert seg(doc, "u0001").kind == "title" and status_of(doc, "u0001", de) == "approved"
    # edited: same key, text kept, outdated
    b = seg(doc, key["b"])
    assert b.source == B_EDITED and status_of(doc, key["b"], de) == "outdated"
    assert Translation.objects.get(unit=b, language=de).text == de_text(key["b"], P["b"])
    # moved: key kept, new place, still approved
    assert [s.key for s in active].index(key["f"]) == 3
    assert status_of(doc, key["f"], de) == "approved"
    # split: the first part keeps the key (outdated), the second is a new unit
    first = seg(doc, key["e"])
    assert first.source == P["e1"] and status_of(doc, key["e"], de) == "outdated"
    second = Unit.objects.get(document=doc, source=P["e2"])
    assert second.key == "u0011"  # after the highest existing key, u0010
    assert status_of(doc, second.key, de) == "untranslated"
    # merged: the best matching unit keeps its key, the other is retired with its translation
    merged = Unit.objects.get(document=doc, source=GH)
    assert merged.key in (key["g"], key["h"]) and status_of(doc, merged.key, de) == "outdated"
    other = key["h"] if merged.key == key["g"] else key["g"]
    assert not seg(doc, other).is_active
    other_text = Translation.objects.get(unit__key=other, language=de).text
    assert other_text == de_text(other, P["g"] if other == key["g"] else P["h"])
    # deleted: inactive, translation and history kept, old source untouched
    d = seg(doc, key["d"])
    assert not d.is_active and d.source == before[key["d"]]
    assert Translation.objects.filter(unit=d, language=de).exists()
    assert Revision.objects.filter(translation__unit=d).exists()
    # new: a new key, untranslated
    new = Unit.objects.get(document=doc, source=P["new"])
    assert new.key == "u0012" and status_of(doc, new.key, de) == "untranslated"
    # nothing typed is lost: no revision disappeared, none was added by the update
    assert Revision.objects.count() == revisions_before
    assert Translation.objects.filter(unit__document=doc).count() == 10
    # every source text a unit has now has a UnitSource row; old ones are kept too
    for s in Unit.objects.filter(document=doc):
        assert UnitSource.objects.filter(unit=s, checksum=s.checksum, text=s.source).exists()
    assert UnitSource.objects.filter(unit=b, checksum=source_checksum(P["b"])).exists()


def test_update_result_and_dry_run(doc, admin_user, languages):
    result = update_document_source(admin_user, doc, V2, filename="v2.md", dry_run=True)
    assert result.dry_run and result.counts["edited"] == 1 and result.counts["deleted"] == 1
    # A preview stores nothing.
    assert not Unit.objects.filter(document=doc, source=P["new"]).exists()
    assert Unit.objects.filter(document=doc).count() == 10
    result = update_document_source(admin_user, doc, V2, filename="v2.md")
    assert result.created_keys == ["u0011", "u0012"]
    assert len(result.deactivated_keys) == 2 and result.units == 10
    doc.refresh_from_db()
    assert doc.origin_filename == "v2.md"


def test_only_document_managers_may_update(doc, translator, reviewer):
    for user in (translator, reviewer, None):
        with pytest.raises(PermissionDenied):
            update_document_source(user, doc, V2, filename="v2.md")
    assert not Unit.objects.filter(document=doc, source=P["new"]).exists()


def test_keys_are_never_reused(doc, admin_user):
    # Drop the last paragraph (the highest key, u0010), then add a new one: it must not get
    # u0010 back, or an old PO file would put its translation on the wrong text.
    last = key_of(doc, P["i"])
    assert last == "u0010"
    without_last = V1.replace(b"\n\n" + P["i"].encode(), b"")
    update_document_source(admin_user, doc, without_last, filename="v2.md")
    assert not seg(doc, last).is_active
    update_document_source(admin_user,doc, without_last + b"\n" + P["new"].encode() + b"\n",
                           filename="v3.md")  # fmt: skip
    new = Unit.objects.get(document=doc, source=P["new"], is_active=True)
    assert new.key == "u0011"
    assert seg(doc, last).source == P["i"] and not seg(doc, last).is_active


def test_edit_counts_outdated_translations(doc, reviewer, languages, admin_user):
    translate_all(doc, reviewer, languages["de"])
    translate_all(doc, reviewer, languages["fr"])
    v2 = V1.replace(b"grain prices central", b"grain prices decisive")
    result = update_document_source(admin_user, doc, v2, filename="v2.md")
    assert result.counts["edited"] == 1 and result.outdated_translations == 2


def test_a_removed_unit_comes_back_with_its_translation(doc, reviewer, languages, admin_user):
    de = languages["de"]
    translate_all(doc, reviewer, de, status="approved")
    c_key = key_of(doc, P["c"])
    without_c = V1.replace(P["c"].encode() + b"\n\n", b"")
    update_document_source(admin_user, doc, without_c, filename="wrong.md")
    assert not seg(doc, c_key).is_active
    result = update_document_source(admin_user, doc, V1, filename="right.md")
    assert result.counts["restored"] == 1
    assert seg(doc, c_key).is_active and status_of(doc, c_key, de) == "approved"
    assert [s.key for s in Unit.objects.filter(document=doc, is_active=True)] == [
        f"u{i:04d}" for i in range(1, 11)
    ]


def test_bad_new_version_changes_nothing(doc, admin_user, tmp_path):
    before = list(Unit.objects.filter(document=doc).values_list("key", "source", "is_active"))
    with pytest.raises(DocumentError):
        update_document_source(admin_user, doc, b"   \n\n", filename="empty.md")
    path = tmp_path / "v2.md"
    path.write_bytes(V2)
    with pytest.raises(CommandError, match="source language"):
        call_command("import_document", str(path), "--lang", "de", "--slug", "crisis",
                     stdout=StringIO(), stderr=StringIO())  # fmt: skip
    after = list(Unit.objects.filter(document=doc).values_list("key", "source", "is_active"))
    assert after == before


def test_new_document_form_still_refuses_a_taken_slug(doc, admin_user):
    # Only an explicit update (the command, the "new version" page) touches an existing doc.
    with pytest.raises(DocumentError, match="exists already"):
        import_document(admin_user, V2, filename="v2.md", language_code="en", slug="crisis")
    assert not Unit.objects.filter(document=doc, source=P["new"]).exists()


def test_po_export_marks_outdated_units_fuzzy_with_previous_msgid(doc, reviewer, languages,
                                                                  tmp_path):  # fmt: skip
    translate_all(doc, reviewer, languages["de"], status="approved")
    b_key = key_of(doc, P["b"])
    path = tmp_path / "v2.md"
    path.write_bytes(V2)
    run_update(path)
    out = StringIO()
    call_command("export_po", "crisis", "--lang", "de", stdout=out)
    po = polib.pofile(out.getvalue())
    entry = next(e for e in po if e.msgctxt == b_key)
    assert entry.msgid == B_EDITED and entry.msgstr == de_text(b_key, P["b"])
    assert "fuzzy" in entry.flags and entry.previous_msgid == P["b"]
    fresh = next(e for e in po if e.msgctxt == key_of(doc, P["a"]))
    assert "fuzzy" not in fresh.flags and fresh.previous_msgid is None
    # Retired units are not exported.
    assert len(po) == 10


def _outdate_b(doc, reviewer, languages, status="approved"):
    de = languages["de"]
    translate_all(doc, reviewer, de, status=status)
    update_document_source(
        SYSTEM,
        doc,
        V1.replace(b"grain prices central", b"grain prices, central"),
        filename="v2.md",
    )
    b = Unit.objects.get(document=doc, source__contains="grain prices, central")
    return b, Translation.objects.get(unit=b, language=de)


def test_reviewer_confirms_a_typo_fix_and_it_stays_approved(doc, reviewer, languages):
    b, t = _outdate_b(doc, reviewer, languages)
    assert effective_status(t, b.checksum) == "outdated"
    result = confirm_source_change(reviewer, t, base_version=t.version)
    assert result.changed
    t.refresh_from_db()
    assert effective_status(t, b.checksum) == "approved"
    assert t.source_checksum == b.checksum and t.text == de_text(b.key, P["b"])
    assert t.version == 2
    rev = Revision.objects.filter(translation=t).first()
    assert rev.action == Revision.ACTION_CONFIRM and rev.author == reviewer
    assert rev.source_checksum == b.checksum and rev.status == "approved"
    # Confirming again changes nothing (no new revision).
    assert not confirm_source_change(reviewer, t).changed
    assert Revision.objects.filter(translation=t).count() == 2
    # And the PO export no longer marks it fuzzy.
    out = StringIO()
    call_command("export_po", "crisis", "--lang", "de", stdout=out)
    entry = next(e for e in polib.pofile(out.getvalue()) if e.msgctxt == b.key)
    assert "fuzzy" not in entry.flags and entry.previous_msgid is None


def test_confirm_keeps_a_translated_status_too(doc, reviewer, languages):
    b, t = _outdate_b(doc, reviewer, languages, status="translated")
    confirm_source_change(reviewer, t)
    t.refresh_from_db()
    assert effective_status(t, b.checksum) == "translated"


def test_translator_cannot_confirm_and_stale_version_conflicts(doc, reviewer, translator,
                                                               languages):  # fmt: skip
    b, t = _outdate_b(doc, reviewer, languages)
    with pytest.raises(PermissionDenied):
        confirm_source_change(translator, t)
    with pytest.raises(ConflictError):
        confirm_source_change(reviewer, t, base_version=t.version - 1)
    t.refresh_from_db()
    assert t.source_checksum != b.checksum and t.version == 1


def test_confirm_view(doc, reviewer, translator, outsider, languages, client):
    b, t = _outdate_b(doc, reviewer, languages)
    url = reverse("confirm_source", args=["crisis", "de", b.key])
    # Anonymous: to the login page; translator and outsider: refused. Nothing stored.
    assert client.post(url, {"version": t.version}).status_code == 302
    for user in (translator, outsider):
        assert login(Client(), user).post(url, {"version": t.version}).status_code == 403
    t.refresh_from_db()
    assert t.source_checksum != b.checksum
    # CSRF is enforced.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer)
    assert strict.post(url, {"version": t.version}).status_code == 403
    # A stale version: conflict, nothing stored.
    c = login(Client(), reviewer)
    response = c.post(url, {"version": 0}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    t.refresh_from_db()
    assert t.source_checksum != b.checksum
    # The editor's fetch gets the re-rendered row.
    response = c.post(url, {"version": t.version}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "approved" and data["version"] == 2
    assert f'id="u-{b.key}"' in data["html"]
    # A plain form post redirects back to the unit.
    response = c.post(url, {"version": 2, "next": "/d/crisis/de/?page=1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#u-{b.key}")
    response = c.post(url, {"version": 2, "next": "https://evil.example/"})
    assert response["Location"].startswith("/d/crisis/de/")


def test_source_change_selector_is_one_query_and_renders_a_safe_diff(
    doc, reviewer, translator, languages, django_assert_num_queries, rf
):
    de = languages["de"]
    translate_all(doc, reviewer, de)
    v2 = V1.replace(b"grain prices central", b"grain &lt;script&gt; prices decisive")
    v2 = v2.replace(b"state monopoly", b"state <em>monopoly</em>")
    update_document_source(SYSTEM, doc, v2, filename="v2.md")
    _, rows = editor_page(doc, de)
    with django_assert_num_queries(1):
        attach_source_changes(rows)
    changed = {row.unit.key: row.source_change for row in rows if row.source_change}
    b_key = Unit.objects.get(document=doc, source__contains="decisive").key
    c_key = Unit.objects.get(document=doc, source__contains="<em>monopoly</em>").key
    assert set(changed) == {b_key, c_key}
    html = changed[b_key].diff_html
    assert "<del>central</del>" in html and "&lt;script&gt;" in html
    assert "<script>" not in html
    assert changed[b_key].previous == P["b"] and changed[b_key].wording_changed
    assert not changed[c_key].wording_changed  # emphasis only
    with django_assert_num_queries(0):
        attach_source_changes([row for row in rows if row.unit.key not in changed])

    request = rf.get("/d/crisis/de/")
    row = next(r for r in rows if r.unit.key == b_key)
    context = {
        "change": row.source_change,
        "seg": row.unit,
        "tr": row.translation,
        "document": doc,
        "language": de,
        "request": request,
    }
    as_reviewer = render_to_string("workbench/_source_diff.html", {**context, "can_review": True})
    assert "<del>central</del>" in as_reviewer and "<script>" not in as_reviewer
    assert reverse("confirm_source", args=["crisis", "de", b_key]) in as_reviewer
    partial = "workbench/_source_diff.html"
    as_translator = render_to_string(partial, {**context, "can_review": False})
    assert "<del>central</del>" in as_translator and "confirm-source" not in as_translator
    assert render_to_string(partial, {**context, "change": None}).strip() == ""


def test_source_changes_with_unknown_previous_source(doc, reviewer, languages):
    de = languages["de"]
    s = seg(doc, "u0002")
    save_translation(reviewer, s, de, "Text", base_version=None)
    Translation.objects.filter(unit=s).update(source_checksum="0" * 40)
    _, rows = editor_page(doc, de)
    change = source_changes(rows)[s.pk]
    assert change.previous is None and change.diff_html == ""


def test_source_update_page(doc, admin_user, translator, client, languages):
    url = reverse("source_update", args=["crisis"])
    assert client.get(url).status_code == 302  # login first
    c = login(Client(), translator)
    assert c.get(url).status_code == 403
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("v2.md", V2)
    assert c.post(url, {"file": upload}).status_code == 403
    assert not Unit.objects.filter(document=doc, source=P["new"]).exists()

    admin = login(Client(), admin_user)
    page = admin.get(url)
    assert page.status_code == 200 and b'name="file"' in page.content
    response = admin.post(url, {"file": SimpleUploadedFile("v2.md", V2), "preview": "on"})
    assert response.status_code == 200 and "Preview" in response.content.decode()
    assert not Unit.objects.filter(document=doc, source=P["new"]).exists()
    response = admin.post(url, {"file": SimpleUploadedFile("v2.md", V2)})
    body = response.content.decode()
    assert response.status_code == 200 and "The source was updated" in body
    assert "u0011, u0012" in body
    assert Unit.objects.filter(document=doc, source=P["new"], is_active=True).exists()
    response = admin.post(url, {"file": SimpleUploadedFile("empty.md", b"\n")})
    assert response.status_code == 400
    # The document page links to it for managers only.
    assert url in admin.get(reverse("document", args=["crisis"])).content.decode()
    assert url not in c.get(reverse("document", args=["crisis"])).content.decode()
    assert Document.objects.count() == 1


def test_an_alt_text_read_as_a_paragraph_before_becomes_an_image_description(
    admin_user, reviewer, languages
):
    """A document imported before alt texts had their own kind: the next source update gives
    the unit its kind and keeps its translation on it."""
    page = (
        b'<html lang="en"><body><h1>Wages</h1><p>The chart <img src="c.png" alt="Wages, 1900">'
        b" shows the fall.</p><p>More text.</p></body></html>"
    )
    doc = import_document(
        admin_user, page, filename="w.html", language_code="en", slug="wages"
    ).document
    alt = Unit.objects.get(document=doc, source="Wages, 1900")
    assert alt.kind == "image"
    Unit.objects.filter(pk=alt.pk).update(kind="paragraph")  # as stored before
    german = languages["de"]
    save_translation(reviewer, alt, german, "Löhne, 1900", base_version=None)
    update_document_source(admin_user, doc, page, filename="w.html")
    alt.refresh_from_db()
    assert alt.kind == "image" and alt.is_active
    assert Translation.objects.get(unit=alt, language=german).text == "Löhne, 1900"
