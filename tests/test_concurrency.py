"""No lost work: two people saving the same unit from the same version. The second save is
refused with a conflict that shows both versions and lets them merge; on PostgreSQL real
concurrent transactions prove that exactly one of two saves wins. Presence: the editor shows
who else is working on the document."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from workbench.models import Membership, Presence, Revision, Translation
from workbench.services.translations import ConflictError, save_translation

from .conftest import login
from .workflow import current, make_document, units


@pytest.fixture
def doc(languages):
    return make_document(["The first paragraph.", "The second paragraph."])


def _save_url(seg, lang="de"):
    return reverse("save_unit", args=["doc", lang, seg.key])


# --- two clients in the editor -------------------------------------------------------------


def test_second_save_gets_both_versions_and_can_use_mine(
    client, translator, reviewer, doc, languages
):
    seg = units(doc)[0]
    alice, bob = client, Client()
    login(alice, translator)
    login(bob, reviewer)
    # Both opened the editor on the untranslated unit (version 0).
    theirs, mine = "Der erste Absatz.", "Der allererste Absatz."
    assert alice.post(_save_url(seg), {"text": theirs, "version": 0}).status_code == 200
    response = bob.post(_save_url(seg), {"text": mine, "version": 0})
    assert response.status_code == 409
    data = json.loads(response.content)
    assert (data["theirs"], data["theirs_author"], data["version"]) == (theirs, "translator", 1)
    assert data["diff"] == "Der <del>erste</del><ins>allererste</ins> Absatz."
    assert "Der erste Absatz." in data["html"]  # the row as it is now, for "keep theirs"
    assert current(seg, languages["de"]).text == "Der erste Absatz."  # nothing overwritten

    # "Use mine": the same text again, now from the version Bob has seen.
    response = bob.post(_save_url(seg), {"text": mine, "version": data["version"]})
    assert response.status_code == 200
    assert current(seg, languages["de"]).text == "Der allererste Absatz."
    # Both texts are in the history.
    texts = Revision.objects.order_by("id").values_list("text", flat=True)
    assert list(texts) == ["Der erste Absatz.", "Der allererste Absatz."]


def test_a_merge_is_saved_from_their_version(client, translator, reviewer, doc, languages):
    seg = units(doc)[1]
    other = login(Client(), reviewer)
    login(client, translator)
    client.post(_save_url(seg), {"text": "Der zweite Absatz.", "version": 0})
    refused = other.post(_save_url(seg), {"text": "Zweiter Absatz", "version": 0})
    seen = json.loads(refused.content)["version"]
    merged = other.post(_save_url(seg), {"text": "Der zweite Absatz!", "version": seen})
    assert merged.status_code == 200
    # A third save from the first editor's stale version is refused again.
    stale = client.post(_save_url(seg), {"text": "Überschrieben?", "version": 1})
    assert stale.status_code == 409
    assert current(seg, languages["de"]).text == "Der zweite Absatz!"


def test_editor_row_has_the_conflict_region(client, translator, doc):
    login(client, translator)
    body = client.get(reverse("editor", args=["doc", "de"])).content.decode()
    seg = units(doc)[0]
    assert f'class="conflict" id="cf-{seg.key}" tabindex="-1" role="group"' in body
    assert 'data-msg-keep-theirs="Keep theirs"' in body and 'data-msg-use-mine="Use mine"' in body


# --- presence -------------------------------------------------------------------------------


def _beat(client, lang="de"):
    return client.post(reverse("presence", args=["doc", lang]))


def test_editors_see_each_other(client, translator, reviewer, doc):
    alice, bob = login(client, translator), login(Client(), reviewer)
    assert json.loads(_beat(alice).content)["others"] == []
    assert json.loads(_beat(bob).content)["others"] == ["translator"]
    assert json.loads(_beat(alice).content)["others"] == ["reviewer"]
    assert Presence.objects.count() == 2
    _beat(alice)  # a second beat updates the row, never adds one
    assert Presence.objects.count() == 2
    # Someone on another language is not "here".
    assert json.loads(_beat(bob, "fr").content)["others"] == []


def test_people_not_seen_for_two_minutes_are_gone(client, translator, reviewer, doc):
    alice, bob = login(client, translator), login(Client(), reviewer)
    _beat(bob)
    Presence.objects.update(last_seen=timezone.now() - timedelta(minutes=3))
    assert json.loads(_beat(alice).content)["others"] == []


def test_readers_are_not_announced_nor_told_and_anonymous_is_refused(
    client, outsider, translator, doc
):
    _beat(login(Client(), translator))
    reader = login(Client(), outsider)
    response = _beat(reader)
    assert response.status_code == 403 and "others" not in json.loads(response.content)
    assert list(Presence.objects.values_list("user__username", flat=True)) == ["translator"]
    Presence.objects.all().delete()
    assert Client().post(reverse("presence", args=["doc", "de"])).status_code == 302
    strict = login(Client(enforce_csrf_checks=True), translator)
    assert _beat(strict).status_code == 403
    assert not Presence.objects.exists()


def test_editor_page_has_the_presence_line_for_team_members(client, translator, doc):
    assert 'id="presence"' not in client.get(reverse("editor", args=["doc", "de"])).content.decode()
    login(client, translator)
    body = client.get(reverse("editor", args=["doc", "de"])).content.decode()
    assert 'id="presence"' in body and reverse("presence", args=["doc", "de"]) in body


def test_review_screen_has_the_presence_line_too(client, reviewer, doc):
    login(client, reviewer)
    body = client.get(reverse("review", args=["doc", "de"])).content.decode()
    assert 'id="presence"' in body and reverse("presence", args=["doc", "de"]) in body


# --- real concurrent transactions (PostgreSQL) ----------------------------------------------


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _race(monkeypatch, unit, language, users_texts, base_version):
    """Run two saves from `base_version` in two threads (each with its own database
    connection). The first writes the unit's row, then holds its transaction open until the
    second is provably blocked by it (seen waiting on a lock in pg_stat_activity): on the row
    lock when the row existed, on the unique index when both create the first translation."""
    from workbench.services import writes

    first_wrote = threading.Event()
    release_first = threading.Event()
    original_store = writes._store

    def store_and_hold(*args, **kwargs):
        # The pipeline's write of the rows (services/writes.py), inside its transaction.
        original_store(*args, **kwargs)
        if threading.current_thread().name == "first":
            first_wrote.set()
            assert release_first.wait(20), "the second transaction never blocked"

    monkeypatch.setattr(writes, "_store", store_and_hold)
    outcomes: dict[str, object] = {}

    def run(name, user, text):
        try:
            save_translation(user, unit, language, text, base_version=base_version)
            outcomes[name] = "saved"
        except ConflictError as exc:
            outcomes[name] = exc
        except Exception as exc:  # noqa: BLE001 - reported below, not swallowed
            outcomes[name] = exc
        finally:
            close_old_connections()
            connection.close()

    (user1, text1), (user2, text2) = users_texts
    first = threading.Thread(target=run, args=("first", user1, text1), name="first")
    second = threading.Thread(target=run, args=("second", user2, text2), name="second")
    first.start()
    assert first_wrote.wait(20)
    second.start()
    deadline = time.monotonic() + 20
    while _waiting_on_a_lock() == 0:
        assert time.monotonic() < deadline, "the second save did not wait for the first"
        assert second.is_alive(), f"the second save did not wait: {outcomes.get('second')!r}"
        time.sleep(0.02)
    release_first.set()
    first.join(20)
    second.join(20)
    return outcomes


postgres_only = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    # SQLite serialises writers for the whole database, so two write transactions can never
    # overlap there: the behaviour is covered by the two-client tests above.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises writers"
    ),
]


def _apply(marks):
    def decorate(func):
        for mark in reversed(marks):
            func = mark(func)
        return func

    return decorate


@_apply(postgres_only)
@pytest.mark.parametrize("existing", [True, False], ids=["edit", "first-translation"])
def test_exactly_one_of_two_concurrent_saves_wins(monkeypatch, languages, existing):
    from django.contrib.auth import get_user_model

    doc = make_document(["A paragraph two people translate at once."], slug="race")
    seg = units(doc)[0]
    de = languages["de"]
    users = []
    for name in ("anna", "ben"):
        user = get_user_model().objects.create_user(name, password="pw-" + name)
        Membership.objects.create(user=user, language=de, state=Membership.STATE_ACTIVE)
        users.append(user)
    base = 0
    if existing:
        earlier = save_translation(users[0], seg, de, "Ein Absatz.", base_version=0)
        base = earlier.translation.version
    outcomes = _race(
        monkeypatch, seg, de, [(users[0], "Annas Fassung."), (users[1], "Bens Fassung.")], base
    )
    assert outcomes["first"] == "saved", outcomes
    assert isinstance(outcomes["second"], ConflictError), outcomes
    assert outcomes["second"].current.text == "Annas Fassung."  # theirs, for the merge view
    translation = Translation.objects.get(unit=seg, language=de)
    assert (translation.text, translation.version) == ("Annas Fassung.", base + 1)
    assert Revision.objects.filter(translation=translation, text="Bens Fassung.").count() == 0
