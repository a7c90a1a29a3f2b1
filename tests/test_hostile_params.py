"""Hostile parameters never give a 500: every URL pattern of the site is requested with huge,
negative, non-numeric, very long, NUL-carrying and unknown values in its query string, its
form fields and its path, as an anonymous visitor, a translator and an administrator. Each
answer is a page, a redirect, a 400, 403, 404, 405, 409 or 413: never a server error."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from workbench.models import AlignmentRun, GlossaryConcept, Unit
from workbench.services.alignment_propose import propose_alignment
from workbench.services.jobs import start_job
from workbench.services.teams import create_invitation

from .conftest import FIXTURES, login, make_concept

HOSTILE = {
    "huge": "99999999999999999999999",
    "huge-negative": "-99999999999999999999999",
    "negative": "-1",
    "zero": "0",
    "non-numeric": "abc",
    "float": "1e400",
    "nan": "NaN",
    "long": "9" * 400 + "x" * 5000,
    "nul": "1\x00x",
    "superscript-digit": "²",  # str.isdigit() says yes, int() says no
    "unknown-choice": "check:no-such-check",
}
# Every query and form parameter a view reads (grep request.GET / request.POST), plus the
# fields of the forms.
PARAMS = [
    "page", "filter", "show", "order", "lang", "download", "q", "format", "version",
    "revision", "index", "threshold", "op", "mode", "overwrite", "membership", "decision",
    "role", "language", "parent", "text", "status", "origin", "check", "reason", "next",
    "source_checksum", "email", "username", "password1", "password2", "term", "definition",
    "notes", "source", "target", "source_lang", "target_lang", "slug", "title", "p", "o",
    "cursor", "page_size", "changed_since", "side", "preview", "name", "revoke",
    "login", "password", "action", "id", "open", "with", "confirm_username", "display_name",
    "ui_language", "languages", "email_notifications",
]  # fmt: skip


def _patterns(resolver=None, prefix=""):
    """(route, name) of every view of the site, the admin's own pages left to Django."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                yield "admin/", "admin:index"
                yield "admin/workbench/unit/", "admin:workbench_unit_changelist"
                continue
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern) and not route.startswith("^"):  # not static files
            yield route, entry.name


# Signing out last: the routes after it would otherwise all be requested anonymously.
ROUTES = sorted(set(_patterns()), key=lambda route: (route[1] == "logout", route))


@pytest.fixture
def site(sample_document, languages, translator, admin_user):
    """Every object a URL can name: a document, a unit, a run, a concept, an invitation."""
    german = (FIXTURES / "foundations-socialism-in-one-country.de.md").read_bytes()
    run = propose_alignment(translator, sample_document, languages["de"], german, "de.md")
    concept = make_concept({"en": "permanent revolution", "de": "permanente Revolution"})
    invitation = create_invitation(admin_user, languages["de"])
    unit = Unit.objects.filter(document=sample_document).order_by("position").first()
    job = start_job(translator, "prefill", document=sample_document, language=languages["de"])
    return {
        "job_id": str(job.pk),
        "slug": sample_document.slug,
        "lang": "de",
        "key": unit.key,
        "run_id": str(run.pk),
        "pk": str(concept.pk),
        "token": invitation.token,
        "uidb64": "MQ",
        "fmt": "po",
        "ext": "md",
        "uidb36": "1",  # allauth's password reset link
        "provider_id": "sso",
    }


def _url(route: str, values: dict[str, str]) -> str:
    def fill(match: re.Match) -> str:
        return values[match.group("name")]

    return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, route)


def _client(client, who, translator, admin_user):
    if who == "translator":
        return login(client, translator)
    if who == "admin":
        return login(client, admin_user)
    return client


def _failure(client, method: str, url: str, name: str, data: dict) -> list[str]:
    """[] when the answer is not a server error, else one line saying which and why."""
    try:
        status = getattr(client, method)(url, data).status_code
    except Exception as exc:  # the test client re-raises what became a 500  # noqa: BLE001
        return [f"{method.upper()} {name} {url[:80]}: {type(exc).__name__}: {str(exc)[:120]}"]
    return [f"{method.upper()} {name} {url[:80]}: {status}"] if status >= 500 else []


@pytest.mark.parametrize("who", ["anonymous", "translator", "admin"])
@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_query_and_form_values(client, site, translator, admin_user, who, value):
    client = _client(client, who, translator, admin_user)
    data = dict.fromkeys(PARAMS, value)
    failures = []
    for route, name in ROUTES:
        url = _url(route, site)
        for method in ("get", "post"):
            failures += _failure(client, method, url, name, data)
    assert not failures


PATH_VALUES = {
    "huge": "99999999999999999999999",
    "long": "x" * 3000,
    "nul": "a%00b",
    "unknown": "nope",
}


@pytest.mark.parametrize("who", ["anonymous", "translator", "admin"])
@pytest.mark.parametrize("value", list(PATH_VALUES.values()), ids=list(PATH_VALUES))
def test_hostile_path_values(client, site, translator, admin_user, who, value):
    """Each path parameter in turn replaced by a hostile value (the others valid)."""
    client = _client(client, who, translator, admin_user)
    failures = []
    for route, name in ROUTES:
        for parameter in re.findall(r"<(?:\w+:)?(\w+)>", route):
            hostile = value if parameter != "run_id" and parameter != "pk" else "9" * 25
            url = _url(route, {**site, parameter: hostile})
            for method in ("get", "post"):
                failures += _failure(client, method, url, name, {"page": "1"})
    assert not failures


def test_every_object_of_the_site_is_named(site):
    """The test above reaches the real objects (a run, a concept), not only 404s."""
    assert AlignmentRun.objects.filter(pk=site["run_id"]).exists()
    assert GlossaryConcept.objects.filter(pk=site["pk"]).exists()
