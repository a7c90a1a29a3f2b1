"""Notifications: made by the services where things happen, shown under the bell, e-mailed
(over real SMTP) at once or in the daily digest, once each, in the recipient's language, with
an unsubscribe link that works signed out."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from workbench.models import Membership, Notification, Profile
from workbench.services import notifications as service
from workbench.services.comments import add_comment
from workbench.services.review import reject
from workbench.services.source_updates import update_document_source
from workbench.services.teams import decide_request, request_membership

from .conftest import login
from .smtp import body_text
from .workflow import make_document, translate, units

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(translator, reviewer, outsider):
    for user in (translator, reviewer, outsider):
        user.email = f"{user.username}@example.org"
        user.save()
    return translator, reviewer, outsider


def _unit(languages, translator, text="Eins."):
    document = make_document(["One.", "Two."], slug="doc")
    unit = units(document)[0]
    translate(translator, unit, languages["de"], text)
    return document, unit


def test_sent_back_reaches_the_translator_in_the_bell_and_by_mail(
    client, emails, languages, smtp_inbox, django_capture_on_commit_callbacks
):
    translator, reviewer, _ = emails
    document, unit = _unit(languages, translator)
    with django_capture_on_commit_callbacks(execute=True):
        reject(reviewer, unit, languages["de"], base_version=1, reason="Wrong tense.")
    note = Notification.objects.get(recipient=translator)
    assert note.kind == "sent_back" and note.detail == "Wrong tense."
    assert note.path == f"/d/doc/de/#u-{unit.key}"
    assert not Notification.objects.filter(recipient=reviewer).exists()  # not the actor

    login(client, translator)
    home = client.get("/").content.decode()
    assert "Notifications: 1 unread" in home
    page = client.get("/notifications/").content.decode()
    assert "reviewer sent back your translation" in page and "Wrong tense." in page

    mail = smtp_inbox.wait_for("translator@example.org")[0]
    body = body_text(mail)
    assert "Wrong tense." in body and f"/d/doc/de/#u-{unit.key}" in body
    assert mail["List-Unsubscribe"]
    # Opening it marks it read.
    client.post("/notifications/read", {"id": note.pk, "open": note.path})
    assert "Notifications: 0 unread" in client.get("/").content.decode()


def test_mail_is_in_the_recipients_interface_language(
    emails, languages, smtp_inbox, django_capture_on_commit_callbacks
):
    translator, reviewer, _ = emails
    Profile.objects.create(user=translator, ui_language="de")
    document, unit = _unit(languages, translator)
    with django_capture_on_commit_callbacks(execute=True):
        reject(reviewer, unit, languages["de"], base_version=1, reason="Zeitform.")
    body = body_text(smtp_inbox.wait_for("translator@example.org")[0])
    # "Reason:" is in the German catalog already (the new strings come with the next refresh).
    assert "Grund: Zeitform." in body
    # The language by its name in German, not the stored English name ("German").
    assert "(Deutsch)" in body and "(German)" not in body


def test_comments_reach_the_translator_the_replied_and_the_mentioned(
    emails, languages, django_capture_on_commit_callbacks, admin_user
):
    translator, reviewer, outsider = emails
    Membership.objects.create(user=outsider, language=languages["de"], state="active")
    document, unit = _unit(languages, translator)
    first = add_comment(outsider, unit, languages["de"], "Is this right?")
    assert Notification.objects.get(recipient=translator).kind == "comment"
    add_comment(reviewer, unit, languages["de"], "Yes, @outsider and @nobody.", parent_id=first.pk)
    kinds = dict(Notification.objects.filter(actor=reviewer).values_list("recipient", "kind"))
    # The outsider is mentioned and replied to: one notification (the mention).
    assert kinds == {outsider.pk: "mention", translator.pk: "comment"}


def test_join_request_reaches_reviewers_and_acceptance_the_volunteer(
    emails, languages, outsider, reviewer
):
    membership = request_membership(outsider, languages["de"])
    assert Notification.objects.get(recipient=reviewer).kind == "join_request"
    decide_request(reviewer, membership.pk, accept=True)
    accepted = Notification.objects.get(recipient=outsider)
    assert accepted.kind == "accepted" and accepted.path == "/"


def test_a_source_update_tells_each_translator_how_many_are_outdated(emails, languages, admin_user):
    translator, *_ = emails
    document = make_document(["One.", "Two."], slug="doc")
    for unit, text in zip(units(document), ["Eins.", "Zwei."], strict=True):
        translate(translator, unit, languages["de"], text)
    update_document_source(admin_user, document, b"One changed.\n\nTwo changed.", filename="v2.txt")
    note = Notification.objects.get(recipient=translator)
    assert note.kind == "outdated" and note.count == 2
    assert "outdated 2 of your translations" in note.summary()


def test_the_digest_mails_each_notification_once_and_waits_after_a_failure(
    emails, languages, settings, smtp_inbox, django_capture_on_commit_callbacks
):
    translator, reviewer, _ = emails
    Profile.objects.create(user=translator, email_notifications="daily")
    document, unit = _unit(languages, translator)
    with django_capture_on_commit_callbacks(execute=True):
        reject(reviewer, unit, languages["de"], base_version=1, reason="First.")
    assert not smtp_inbox.to("translator@example.org")  # daily: nothing at once

    # The mail server is down: the command fails, nothing is marked mailed.
    port = settings.EMAIL_PORT
    from .smtp import free_port

    settings.EMAIL_PORT = free_port()
    with pytest.raises(CommandError):
        call_command("send_notification_digest", stdout=StringIO())
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1

    settings.EMAIL_PORT = port
    out = StringIO()
    call_command("send_notification_digest", stdout=out)
    assert "digests sent: 1" in out.getvalue()
    call_command("send_notification_digest", stdout=StringIO())  # nothing new: no mail
    (digest,) = smtp_inbox.wait_for("translator@example.org")
    assert "daily digest" in digest["Subject"] and "First." in body_text(digest)


def test_never_means_no_mail_and_the_unsubscribe_link_works_signed_out(
    emails, languages, smtp_inbox, django_capture_on_commit_callbacks
):
    translator, reviewer, _ = emails
    document, unit = _unit(languages, translator)
    with django_capture_on_commit_callbacks(execute=True):
        reject(reviewer, unit, languages["de"], base_version=1, reason="One.")
    link = re.search(r"https?://[^/\s]+(/notifications/unsubscribe/\S+/)", body_text(
        smtp_inbox.wait_for("translator@example.org")[0]))  # fmt: skip
    guest = Client()
    assert "Stop all notification e-mails" in guest.get(link.group(1)).content.decode()
    guest.post(link.group(1))
    assert Profile.objects.get(user=translator).email_notifications == "never"
    forged = link.group(1).replace(":", "x", 1)
    assert guest.post(forged).status_code == 400

    translate(translator, unit, languages["de"], "Eins!")
    with django_capture_on_commit_callbacks(execute=True):
        reject(reviewer, unit, languages["de"], base_version=3, reason="Two.")
    assert len(smtp_inbox.to("translator@example.org")) == 1  # no second mail
    assert Notification.objects.filter(recipient=translator).count() == 2  # the bell has both


def test_the_list_is_only_ones_own(client, emails, languages):
    translator, reviewer, outsider = emails
    document, unit = _unit(languages, translator)
    reject(reviewer, unit, languages["de"], base_version=1, reason="Private reason.")
    note = Notification.objects.get()
    login(client, outsider)
    assert "Private reason." not in client.get("/notifications/").content.decode()
    client.post("/notifications/read", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None
    assert Client().get("/notifications/").status_code == 302


def test_unsubscribe_tokens_are_signed(translator):
    token = service.unsubscribe_token(translator)
    assert service.user_from_unsubscribe_token(token) == translator
    assert service.user_from_unsubscribe_token(token + "x") is None


def test_reviewers_hear_once_when_a_document_reaches_100_percent(
    emails, languages, reviewer, django_capture_on_commit_callbacks, smtp_inbox
):
    from django.contrib.auth import get_user_model

    from workbench.services.review import approve

    translator, *_ = emails
    second = get_user_model().objects.create_user("second", "second@example.org", "x" * 12)
    Membership.objects.create(
        user=second,
        language=languages["de"],
        role=Membership.ROLE_REVIEWER,
        state=Membership.STATE_ACTIVE,
    )
    document = make_document(["One.", "Two.", "Three."], slug="doc")
    one, two, three = units(document)
    translate(translator, one, languages["de"], "Eins.")
    translate(translator, two, languages["de"], "Zwei.", status="draft")  # a draft is not done
    translate(translator, three, languages["de"], "Drei.")
    assert not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        translate(translator, two, languages["de"], "Zwei.")  # the last one: 100% translated
    reached = Notification.objects.filter(kind="doc_translated")
    assert sorted(n.recipient.username for n in reached) == ["reviewer", "second"]
    assert reached[0].path == "/d/doc/de/"
    assert "doc is now fully translated into German" in reached[0].summary().replace(
        document.title, "doc"
    )
    assert smtp_inbox.wait_for("reviewer@example.org")  # mailed at once (the default)

    translate(translator, two, languages["de"], "Zwei!")  # still 100%: no second notice
    assert Notification.objects.filter(kind="doc_translated").count() == 2

    for unit in (one, two):
        current = unit.translations.get(language=languages["de"])
        approve(reviewer, unit, languages["de"], base_version=current.version)
    assert not Notification.objects.filter(kind="doc_approved").exists()
    current = three.translations.get(language=languages["de"])
    approve(reviewer, three, languages["de"], base_version=current.version)
    # The reviewer who approved the last unit is not told what they just did.
    approved = Notification.objects.get(kind="doc_approved")
    assert approved.recipient == second and approved.actor == reviewer
    assert "fully approved in German" in approved.summary()
