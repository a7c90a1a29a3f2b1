"""Shared fixtures: languages, one user per role, the sample chapter."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
SAMPLE_MD = FIXTURES / "foundations-socialism-in-one-country.md"


def pytest_configure(config):
    """DEBUG is off unless set, and settings.py then leaves SECRET_KEY empty when the
    environment gives none: the tests sign sessions and CSRF tokens with their own key."""
    import os

    from django.conf import settings

    if not os.environ.get("SECRET_KEY"):
        settings.SECRET_KEY = "tests-only-insecure-key-never-used-outside-the-suite"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Hash test users' passwords with MD5: the production hasher's 1,000,000 rounds of
    PBKDF2 cost ~0.3 s per user created or logged in, most of the suite's time. The
    production list stays behind it, so its hashes still verify. Tests of the hashing
    itself would set their own."""
    from django.conf import settings
    from django.test.utils import override_settings

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=fast):  # its signal clears the hasher caches
        yield


@pytest.fixture(autouse=True, scope="session")
def _uploads_in_tmp(tmp_path_factory):
    """Files stored through Django's storage API (uploads for jobs, documents' original
    files) go to a temporary folder, never into the work tree."""
    from django.conf import settings
    from django.test.utils import override_settings

    location = tmp_path_factory.mktemp("uploads")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_run(tmp_path_factory):
    """The file cache of this test run in a folder of its own: the default folder
    (.cache/django-cache) is shared by every run on the machine, and one run's
    cache.clear() wiped another's cached engine pairs mid-test. A Redis cache
    (CACHE_URL) keeps its key prefix; the database cache is the test database's."""
    from django.conf import settings
    from django.test.utils import override_settings

    default = settings.CACHES["default"]
    if not default["BACKEND"].endswith("FileBasedCache"):
        yield
        return
    location = tmp_path_factory.mktemp("django-cache")
    with override_settings(
        CACHES={**settings.CACHES, "default": {**default, "LOCATION": str(location)}}
    ):
        yield


@pytest.fixture(autouse=True)
def _english_ui():
    """A request in another UI language leaves that language active in the test thread."""
    from django.utils import translation

    yield
    translation.activate("en")


@pytest.fixture
def languages(db):
    from workbench.models import Language
    from workbench.text.languages import KNOWN

    result = {}
    for code in ("en", "de", "fr", "es", "ar"):
        info = KNOWN[code]
        result[code] = Language.objects.create(
            code=code, name=info.name, direction=info.direction, plural_forms=info.plural_forms
        )
    return result


def _user(username, *, superuser=False):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password="pw-" + username, is_superuser=superuser, is_staff=superuser
    )


@pytest.fixture
def admin_user(languages):
    return _user("admin", superuser=True)


@pytest.fixture
def translator(languages):
    from workbench.models import Membership

    user = _user("translator")
    Membership.objects.create(
        user=user,
        language=languages["de"],
        role=Membership.ROLE_TRANSLATOR,
        state=Membership.STATE_ACTIVE,
    )
    return user


@pytest.fixture
def reviewer(languages):
    from workbench.models import Membership

    user = _user("reviewer")
    for code in ("de", "fr"):
        Membership.objects.create(
            user=user,
            language=languages[code],
            role=Membership.ROLE_REVIEWER,
            state=Membership.STATE_ACTIVE,
        )
    return user


@pytest.fixture
def glossary_editor(languages):
    """In the "Glossary editors" group (migration 0007), member of no team."""
    from django.contrib.auth.models import Group

    from workbench.permissions import GLOSSARY_EDITORS

    user = _user("glossary-editor")
    user.groups.add(Group.objects.get_or_create(name=GLOSSARY_EDITORS)[0])
    return user


@pytest.fixture
def outsider(languages):
    """Logged in, but member of no team."""
    return _user("outsider")


@pytest.fixture
def sample_document(languages):
    from workbench.permissions import SYSTEM
    from workbench.services.documents import import_document

    return import_document(
        SYSTEM,
        SAMPLE_MD.read_bytes(),
        filename=SAMPLE_MD.name,
        language_code="en",
        slug="sample",
    ).document


def login(client, user):
    client.force_login(user)
    return client


def make_concept(terms=None, forbidden=None, **fields):
    """A glossary concept with its preferred terms ({"en": ..., "zh-hans": ...}) and forbidden
    variants ({"de": [...]}) as GlossaryTerm rows, written directly (no permission, no
    recheck), for tests that need a glossary."""
    from workbench.models import GlossaryConcept, GlossaryTerm

    concept = GlossaryConcept.objects.create(**fields)
    rows = [
        GlossaryTerm(concept=concept, language_code=code, text=text)
        for code, text in (terms or {}).items()
        if text
    ] + [
        GlossaryTerm(
            concept=concept, language_code=code, text=text, status=GlossaryTerm.Status.FORBIDDEN
        )
        for code, texts in (forbidden or {}).items()
        for text in texts
    ]
    GlossaryTerm.objects.bulk_create(rows)
    return concept


def terms_of(concept) -> dict[str, str]:
    """The concept's preferred terms by content language, read afresh."""
    from workbench.models import GlossaryTerm

    return dict(
        GlossaryTerm.objects.filter(
            concept=concept, status=GlossaryTerm.Status.PREFERRED
        ).values_list("language_code", "text")
    )


def forbidden_of(concept, language_code: str | None = None) -> list[tuple[str, str]]:
    """The concept's forbidden variants as sorted (language, text) pairs, read afresh."""
    from workbench.models import GlossaryTerm

    rows = GlossaryTerm.objects.filter(concept=concept, status=GlossaryTerm.Status.FORBIDDEN)
    if language_code is not None:
        rows = rows.filter(language_code=language_code)
    return sorted(rows.values_list("language_code", "text"))


@pytest.fixture
def smtp_inbox(settings):
    """Django's mail goes over SMTP to a real server on loopback; yields its inbox."""
    from .smtp import free_port, start

    port = free_port()
    controller, inbox = start(port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def dead_smtp(settings):
    """A mail server address where nothing listens: every send fails to connect."""
    from .smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth's rate limits count in the cache (per address, per e-mail): each test starts
    with none spent by an earlier one."""
    from django.core.cache import cache

    cache.clear()
    yield
