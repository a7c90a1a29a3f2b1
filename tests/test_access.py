"""Hostile input and access: login throttling, safe defaults, who reads and who changes what."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from workbench import permissions
from workbench.models import Membership, Revision, Translation
from workbench.selectors.exports import po_export
from workbench.services.po_import import CONFLICT_APPROVED, import_po

from .conftest import ROOT, login
from .workflow import make_document, translate, units

pytestmark = pytest.mark.django_db


# --- 6. login throttling --------------------------------------------------------------------


def _login(client, username, password, url="/accounts/login/", ip="203.0.113.7"):
    # allauth names the field "login"; the admin's form "username".
    field = "username" if url.startswith("/admin/") else "login"
    return client.post(url, {field: username, "password": password}, REMOTE_ADDR=ip)


def _age_attempts(by: timedelta) -> None:
    """As if the failures were `by` ago (the cool-off is counted from them)."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= by
        attempt.save()


def test_wrong_passwords_lock_the_account_until_the_cool_off(client, translator):
    for _ in range(25):
        assert _login(client, "translator", "wrong").status_code in (200, 429)
    refused = _login(client, "translator", "pw-translator")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Too many failed logins" in body and "15 minutes" in body
    assert "_auth_user_id" not in client.session
    # From another address too: the account itself is locked.
    assert _login(client, "translator", "pw-translator", ip="198.51.100.9").status_code == 429

    _age_attempts(timedelta(minutes=16))
    ok = _login(client, "translator", "pw-translator")
    assert ok.status_code == 302 and client.session["_auth_user_id"] == str(translator.pk)


def test_one_address_trying_many_accounts_is_locked_out(client, translator, reviewer):
    for n in range(12):
        _login(client, f"nobody{n}", "wrong")
    assert _login(client, "reviewer", "pw-reviewer").status_code == 429
    # The account is not locked elsewhere: a colleague at another address logs in.
    assert _login(client, "reviewer", "pw-reviewer", ip="198.51.100.9").status_code == 302


def test_the_admin_login_is_throttled_too(client, admin_user):
    url = reverse("admin:login")
    for _ in range(25):
        _login(client, "admin", "wrong", url=url)
    assert _login(client, "admin", "pw-admin", url=url).status_code == 429
    _age_attempts(timedelta(minutes=16))
    assert _login(client, "admin", "pw-admin", url=url).status_code == 302


@override_settings(AXES_COOLOFF_TIME=timedelta(minutes=1))
def test_a_failure_during_the_lockout_starts_the_wait_again(client, translator):
    for _ in range(10):
        _login(client, "translator", "wrong")
    _age_attempts(timedelta(seconds=50))
    assert _login(client, "translator", "wrong").status_code == 429  # restarts the minute
    _age_attempts(timedelta(seconds=30))
    assert _login(client, "translator", "pw-translator").status_code == 429


@override_settings(
    AXES_IPWARE_PROXY_COUNT=1,
    AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
    AXES_IPWARE_PROXY_ORDER="right-most",
)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, translator):
    # (LOGIN_PROXY_COUNT=1 sets these.) A client cannot choose its address by prepending one.
    for n in range(12):
        client.post(
            "/accounts/login/",
            {"login": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


# --- 10. defaults ---------------------------------------------------------------------------


def _settings_in_subprocess(env: dict, code: str) -> str:
    # (The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE in this process.)
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "workbench.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def test_debug_is_off_unless_set():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    assert _settings_in_subprocess({}, code).strip().endswith("False")
    assert _settings_in_subprocess({"DEBUG": "1"}, code).strip().endswith("True")


def test_check_deploy_is_clean_with_the_tls_settings(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k3Vq8Zr2Lx9Pw4Ny7Tb1Hc6Jd5Mf0Gs2Qe8Ra4Uz7Wi3Xo9Yl1Kp6",
        "ALLOWED_HOSTS": "translate.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "1",
        "TRUST_X_FORWARDED_PROTO": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    code = (
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    out = _settings_in_subprocess(env, code)
    assert "System check identified no issues" in out, out


def test_every_response_has_a_content_security_policy(client, translator, sample_document):
    login(client, translator)
    for url in (reverse("home"), reverse("editor", args=["sample", "de"]), "/accounts/login/"):
        policy = client.get(url).headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


def test_pages_carry_no_inline_script_or_style(client, reviewer, sample_document):
    from lxml import html

    login(client, reviewer)
    for url in (
        reverse("home"),
        reverse("document", args=["sample"]),
        reverse("editor", args=["sample", "de"]),
        reverse("review", args=["sample", "de"]),
        reverse("progress", args=["sample", "de"]),
    ):
        tree = html.fromstring(client.get(url).content)
        assert not tree.xpath("//script[not(@src)]"), url
        assert not tree.xpath("//*[@style]"), url
        assert not [a for e in tree.iter() for a in e.attrib if a.startswith("on")], url


def test_the_html_export_alone_may_use_its_inline_stylesheet(client, sample_document):
    response = client.get(reverse("export_monolingual", args=["sample", "de"]) + "?download=0")
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src 'none'" in policy


def test_no_password_reset_route_claims_to_send_mail(client):
    with pytest.raises(NoReverseMatch):
        reverse("password_reset")
    assert client.get("/accounts/password_reset/").status_code == 404
    assert "password_reset" not in client.get("/accounts/login/").content.decode()


def test_numeric_passwords_are_refused():
    with pytest.raises(ValidationError):
        validate_password("8405917263")


def test_an_idle_session_ends_and_an_active_one_is_renewed(client, translator, settings):
    login(client, translator)
    assert client.get(reverse("teams")).status_code == 200
    session = Session.objects.get()
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # Used 10 minutes ago: this request renews it (the expiry slides forward)...
    session.expire_date = timezone.now() + age - timedelta(minutes=10)
    session.save()
    client.get(reverse("teams"))
    renewed = Session.objects.get().expire_date
    assert renewed > timezone.now() + age - timedelta(minutes=1)
    # ... a request a moment later writes nothing ...
    client.get(reverse("teams"))
    assert Session.objects.get().expire_date == renewed
    # ... and a session idle for longer than SESSION_COOKIE_AGE is over.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("teams")).status_code == 302


# --- 11. who reads, who changes -------------------------------------------------------------

READ_ROUTES = [
    ("home", []),
    ("document", ["sample"]),
    ("editor", ["sample", "de"]),
    ("export_po", ["sample", "de"]),
    ("export_monolingual", ["sample", "de"]),
    ("export_document", ["sample", "de", "md"]),
    ("export_document", ["sample", "de", "docx"]),
    ("export_tmx", ["sample", "de"]),
    ("progress", ["sample", "de"]),
    ("unit_history", ["sample", "de", "u0001"]),
    ("unit_comments", ["sample", "de", "u0001"]),
    ("unit_aids", ["sample", "de", "u0001"]),
    ("memory", []),
    ("memory_search", []),
]


def test_public_documents_are_read_by_anyone(client, sample_document):
    for name, args in READ_ROUTES:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    url = reverse("export_bilingual", args=["sample"]) + "?lang=de"
    assert client.get(url).status_code == 200


@override_settings(DOCUMENTS_PUBLIC=False)
def test_members_only_documents(client, outsider, translator, admin_user, sample_document):
    for name, args in READ_ROUTES:
        url = reverse(name, args=args)
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    url = reverse("export_bilingual", args=["sample"]) + "?lang=de"
    assert client.get(url).status_code == 302
    login(client, outsider)
    assert not permissions.can_read_documents(outsider)
    for name, args in READ_ROUTES:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 403, name
    assert "members of a language team" in client.get(reverse("home")).content.decode()
    # A member of any team (here German) reads every document; so do site admins.
    for user in (translator, admin_user):
        login(client, user)
        for name, args in READ_ROUTES:
            assert client.get(reverse(name, args=args)).status_code == 200, (user, name)


def test_presence_is_for_the_languages_team(client, outsider, translator, reviewer, languages):
    make_document(["One."], slug="doc")
    url = reverse("presence", args=["doc", "de"])
    login(client, translator)
    client.post(url)
    login(client, outsider)
    assert client.post(url).status_code == 403
    assert "presence" not in client.get(reverse("editor", args=["doc", "de"])).content.decode()
    login(client, reviewer)
    assert client.post(url).json() == {"others": ["translator"]}
    # A member of another team is not told who works on German.
    Membership.objects.filter(user=reviewer, language=languages["de"]).delete()
    permissions.forget_roles(reviewer)
    assert client.post(reverse("presence", args=["doc", "de"])).status_code == 403


def test_a_translator_cannot_overwrite_an_approved_translation(
    client, translator, reviewer, languages
):
    de = languages["de"]
    doc = make_document(["The old man."], slug="doc")
    [seg] = units(doc)
    approved = translate(reviewer, seg, de, "Der alte Mann.", status="approved")
    login(client, translator)
    response = client.post(
        reverse("save_unit", args=["doc", "de", seg.key]),
        {"text": "Der Alte.", "status": "translated", "version": approved.version},
    )
    assert response.status_code == 403
    assert "only reviewers of the German team may change it" in response.json()["error"]
    body = client.get(reverse("editor", args=["doc", "de"])).content.decode()
    assert "readonly" in body and 'data-status="translated"' not in body
    with pytest.raises(PermissionDenied):
        translate(translator, seg, de, "Der Alte.", status="draft")
    assert Translation.objects.get().text == "Der alte Mann."
    # The reviewer may change it.
    assert translate(reviewer, seg, de, "Der Alte.").status == "translated"


def test_a_po_import_keeps_a_translators_change_of_an_approved_unit_as_a_suggestion(
    translator, reviewer, languages
):
    de = languages["de"]
    doc = make_document(["The old man.", "The sea."], slug="doc")
    first = units(doc)[0]
    translate(reviewer, first, de, "Der alte Mann.", status="approved")
    data = po_export(doc, de).replace(b'msgstr "Der alte Mann."', b'msgstr "Der Alte."')
    summary = import_po(translator, doc, de, data)
    assert [(c.key, c.reason, c.kept_as_suggestion) for c in summary.conflicts] == [
        (first.key, CONFLICT_APPROVED, True)
    ]
    assert summary.imported == []
    assert Translation.objects.get(unit=first).text == "Der alte Mann."
    assert Revision.objects.filter(action=Revision.ACTION_SUGGESTION, text="Der Alte.").exists()
    # A reviewer's import changes it.
    summary = import_po(reviewer, doc, de, data)
    assert not summary.conflicts and Translation.objects.get(unit=first).text == "Der Alte."


def test_a_refused_form_gets_the_sites_page_in_the_readers_language(translator, languages):
    """CSRF stays on; what a volunteer sees when a form's token is stale is the site's page,
    in their language, with a way back, and a script gets JSON."""
    from django.test import Client

    from .conftest import login

    client = login(Client(enforce_csrf_checks=True), translator)
    page = client.post(
        "/teams/", {"language": "de"}, HTTP_ACCEPT="text/html",
        HTTP_REFERER="http://testserver/teams/",
    )  # fmt: skip
    assert page.status_code == 403
    html = page.content.decode()
    assert "The form has expired" in html and "Nothing was saved." in html
    assert 'href="http://testserver/teams/"' in html
    assert "CSRF verification failed" not in html
    german = client.post("/teams/", {"language": "de"}, HTTP_ACCEPT="text/html",
                         HTTP_ACCEPT_LANGUAGE="de")  # fmt: skip
    assert german.status_code == 403 and 'lang="de"' in german.content.decode()
    scripted = client.post("/teams/", {}, HTTP_X_REQUESTED_WITH="fetch")
    assert scripted.status_code == 403 and "Reload the page" in scripted.json()["error"]
    # Somewhere else is not offered as the way back.
    away = client.post("/teams/", {}, HTTP_ACCEPT="text/html",
                       HTTP_REFERER="https://elsewhere.example/")  # fmt: skip
    assert "elsewhere.example" not in away.content.decode()
