"""Comments on a unit: threaded, visible in the editor and on the review screen, written
only by the language's translators and reviewers, plain text, constant queries."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from workbench.models import Comment
from workbench.selectors.comments import comment_thread

from .conftest import login
from .workflow import make_document, queries_for, translate, units


@pytest.fixture
def doc(languages):
    return make_document(["First paragraph.", "Second paragraph.", "Third paragraph."])


def _add_url(seg, lang="de"):
    return reverse("unit_comment_add", args=["doc", lang, seg.key])


def _panel_url(seg, lang="de"):
    return reverse("unit_comments", args=["doc", lang, seg.key])


def test_translator_comments_and_replies_in_a_thread(client, translator, reviewer, doc, languages):
    seg = units(doc)[0]
    login(client, translator)
    response = client.post(_add_url(seg), {"text": "Is “Partei” right here?"})
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert data["count"] == 1 and "Is “Partei” right here?" in data["html"]
    question = Comment.objects.get()

    other = login(Client(), reviewer)
    response = other.post(_add_url(seg), {"text": "Yes, keep it.", "parent": question.pk})
    assert json.loads(response.content)["count"] == 2
    client.post(_add_url(seg), {"text": "A second question."})

    items = comment_thread(seg, languages["de"])
    assert [(i.comment.text, i.depth) for i in items] == [
        ("Is “Partei” right here?", 0),
        ("Yes, keep it.", 1),
        ("A second question.", 0),
    ]
    assert items[1].parent == question
    body = client.get(_panel_url(seg)).content.decode()
    assert "in reply to translator" in body
    assert 'class="comment depth-1"' in body


def test_comment_count_shows_on_the_editor_row(client, translator, doc, languages):
    first, second = units(doc)[:2]
    login(client, translator)
    client.post(_add_url(second), {"text": "one"})
    client.post(_add_url(second), {"text": "two"})
    body = client.get(reverse("editor", args=["doc", "de"])).content.decode()
    row = body[body.index(f'id="u-{second.key}"') :]
    row = row[: row.index("</article>")]
    assert 'aria-controls="c-' + second.key + '"' in row
    assert '<span class="count">(2)</span>' in row
    first_row = body[body.index(f'id="u-{first.key}"') :]
    assert '<span class="count">(0)</span>' in first_row[: first_row.index("</article>")]


def test_comments_show_on_the_review_screen(client, translator, reviewer, doc, languages):
    seg = units(doc)[1]
    translate(translator, seg, languages["de"], "Zweiter Absatz.")
    login(client, translator)
    client.post(_add_url(seg), {"text": "Please check the article."})
    login(client, reviewer)
    body = client.get(reverse("review", args=["doc", "de"])).content.decode()
    assert '<span class="count">(1)</span>' in body
    assert "Please check the article." in client.get(_panel_url(seg)).content.decode()


@pytest.mark.parametrize("who, lang", [("outsider", "de"), ("translator", "fr")])
def test_non_members_may_not_comment(client, request, doc, who, lang):
    login(client, request.getfixturevalue(who))
    response = client.post(_add_url(units(doc)[0], lang), {"text": "hello"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_anonymous_may_not_comment(client, doc):
    response = client.post(_add_url(units(doc)[0]), {"text": "hello"})
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_csrf_is_enforced(translator, doc):
    client = login(Client(enforce_csrf_checks=True), translator)
    assert client.post(_add_url(units(doc)[0]), {"text": "hello"}).status_code == 403
    assert not Comment.objects.exists()


def test_reply_must_belong_to_the_same_unit(client, translator, doc, languages):
    first, second = units(doc)[:2]
    login(client, translator)
    client.post(_add_url(first), {"text": "on the first unit"})
    parent = Comment.objects.get()
    response = client.post(_add_url(second), {"text": "misplaced", "parent": parent.pk})
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_empty_comment_is_refused(client, translator, doc):
    login(client, translator)
    assert client.post(_add_url(units(doc)[0]), {"text": "  \n "}).status_code == 400
    assert not Comment.objects.exists()


def test_comment_text_is_shown_as_text(client, translator, doc):
    login(client, translator)
    client.post(_add_url(units(doc)[0]), {"text": '<script>alert(1)</script><b onclick="x">hi</b>'})
    body = client.get(_panel_url(units(doc)[0])).content.decode()
    assert "<script>alert(1)" not in body and "<b onclick" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_readers_see_the_thread_but_no_form(client, translator, doc):
    login(client, translator)
    client.post(_add_url(units(doc)[0]), {"text": "visible"})
    body = Client().get(_panel_url(units(doc)[0])).content.decode()
    assert "visible" in body and "comment-form" not in body


def test_editor_page_queries_do_not_grow_with_comments(client, translator, languages):
    doc = make_document([f"Paragraph {i} here." for i in range(30)], slug="doc")
    unit_rows = units(doc)
    url = reverse("editor", args=["doc", "de"])

    def comment_on(segs):
        for seg in segs:
            Comment.objects.create(unit=seg, language=languages["de"], author=translator, text="?")

    login(client, translator)
    comment_on(unit_rows[:1])
    few = queries_for(client, url)
    comment_on(unit_rows[1:20])
    many = queries_for(client, url)
    assert few == many <= 14
    assert client.get(url).content.decode().count('<span class="count">(1)</span>') == 20
