"""Languages of the site: found by any spelling of their tag, created on first use.

A known BCP 47 tag (every language CLDR knows, through Babel; text/languages.py) becomes a
Language row with its English name, text direction and gettext Plural-Forms the first time a
document manager uses it (an import) or a site admin adds it (the languages page). An invalid
or unknown tag is refused with the known tags closest to it."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.formats.po_catalog import nplurals_of
from workbench.models import Language
from workbench.services.errors import ServiceError
from workbench.text.languages import (
    DEFAULT_PLURAL_FORMS,
    canonical_tag,
    cldr_info,
    close_matches,
    is_language_tag,
    tag_key,
    tag_of_locale_name,
)

log = logging.getLogger(__name__)


class UnknownLanguageError(ServiceError):
    """A tag that is not a language the site has or CLDR knows; the message names close
    matches."""


def find_language(code: str) -> Language | None:
    """The site's language for `code`, however it is spelled (`pt_BR`, `pt-br`)."""
    code = code.strip()
    found = Language.objects.filter(code=code).first()
    if found is not None or not is_language_tag(code):
        return found
    key = tag_key(code)
    return next((lang for lang in Language.objects.all() if tag_key(lang.code) == key), None)


def _refusal(code: str) -> UnknownLanguageError:
    matches = close_matches(code)
    if matches:
        return UnknownLanguageError(
            _("Unknown language %(code)s. Did you mean: %(matches)s?")
            % {"code": code, "matches": ", ".join(matches)}
        )
    return UnknownLanguageError(
        _("Unknown language %(code)s: give a BCP 47 language tag such as en, pt-BR or zh-Hans.")
        % {"code": code}
    )


def language_for(actor, code: str, plural_forms: str = "") -> Language:
    """The language `code` names, created from CLDR's data when the site does not have it
    yet (document managers and site admins may); `plural_forms` (a catalog's header) where
    CLDR has none for it. Raises UnknownLanguageError or PermissionDenied."""
    code = _as_tag(code)
    found = find_language(code)
    if found is not None:
        return found
    info = cldr_info(code.strip())
    if info is None:
        raise _refusal(code.strip()[:40])
    permissions.require_manage_documents(actor)
    plurals = info.plural_forms or _valid_plural_forms(plural_forms) or DEFAULT_PLURAL_FORMS
    return _create(info.code, info.name, info.direction, plurals)


def _as_tag(code: str) -> str:
    """A gettext locale name as its tag (`sr@latin` is `sr-Latn`, `de_DE.UTF-8` is `de-DE`:
    catalogs' headers and folders spell them so); anything else as given."""
    if "@" in code or "." in code:
        return tag_of_locale_name(code) or code
    return code


def _valid_plural_forms(text: str) -> str:
    """A Plural-Forms header's value when it says how many forms there are, else ""."""
    text = " ".join((text or "").split())
    return text if nplurals_of(text) and "plural=" in text and len(text) <= 200 else ""


def add_language(actor, code: str) -> tuple[Language, bool]:
    """A site admin adds a language by its tag, its data filled in from CLDR; (language,
    created). Raises UnknownLanguageError or PermissionDenied."""
    permissions.require_site_admin(actor)
    code = _as_tag(code)
    found = find_language(code)
    if found is not None:
        return found, False
    info = cldr_info(code.strip())
    if info is None:
        raise _refusal(code.strip()[:40])
    plurals = info.plural_forms or DEFAULT_PLURAL_FORMS
    return _create(info.code, info.name, info.direction, plurals), True


def _create(code: str, name: str, direction: str, plural_forms: str) -> Language:
    try:
        with transaction.atomic():
            language = Language.objects.create(
                code=canonical_tag(code),
                name=name[:100],
                direction=direction,
                plural_forms=plural_forms[:200],
            )
    except IntegrityError:
        # Created by a concurrent request in the meantime: the same row.
        return Language.objects.get(code=canonical_tag(code))
    log.info("added language %s (%s)", language.code, language.name)
    return language
