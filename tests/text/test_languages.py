"""The one reading of a language tag (text/languages.py)."""

from __future__ import annotations

import pytest

from workbench.text.languages import (
    canonical_tag,
    closest_tag,
    is_same_or_regional,
    language_info,
    primary_subtag,
    subtags,
    tag_key,
    tag_of_file_name,
    tag_of_locale_name,
)


@pytest.mark.parametrize(
    "tag,parts,primary,key,canonical",
    [
        ("de", ["de"], "de", "de", "de"),
        ("de-DE", ["de", "DE"], "de", "de-de", "de-DE"),
        ("de_DE", ["de", "DE"], "de", "de-de", "de-DE"),
        ("pt-br", ["pt", "br"], "pt", "pt-br", "pt-BR"),
        ("PT_BR", ["PT", "BR"], "pt", "pt-br", "pt-BR"),
        ("zh-hans", ["zh", "hans"], "zh", "zh-hans", "zh-Hans"),
        ("zh_Hant_TW", ["zh", "Hant", "TW"], "zh", "zh-hant-tw", "zh-Hant-TW"),
        ("es-419", ["es", "419"], "es", "es-419", "es-419"),
        ("sr-latn", ["sr", "latn"], "sr", "sr-latn", "sr-Latn"),
        (" en-us ", ["en", "us"], "en", "en-us", "en-US"),
    ],
)
def test_tag_parsing(tag, parts, primary, key, canonical):
    assert subtags(tag) == parts
    assert primary_subtag(tag) == primary
    assert tag_key(tag) == key
    assert canonical_tag(tag) == canonical


def test_closest_tag():
    available = {"en", "de", "pt-br", "zh-hans"}
    assert closest_tag("EN-US", available) == "en"
    assert closest_tag("pt_BR", available) == "pt-br"
    assert closest_tag("pt-PT", available) is None
    assert closest_tag("zh-Hans", available) == "zh-hans"
    assert closest_tag("fr", available) is None


def test_is_same_or_regional():
    assert is_same_or_regional("de", "de")
    assert is_same_or_regional("de_DE", "de")
    assert is_same_or_regional("DE-at", "de")
    assert not is_same_or_regional("de", "de-CH")
    assert not is_same_or_regional("dea", "de")


def test_language_info_direction_reads_either_separator():
    assert language_info("ar_EG").direction == "rtl"
    assert language_info("ar-EG").direction == "rtl"
    assert language_info("pt-BR").name == "Brazilian Portuguese"


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("pt_BR", "pt-BR"),
        ("de_DE.UTF-8", "de-DE"),
        ("sr@latin", "sr-Latn"),
        ("sr_RS@latin", "sr-Latn-RS"),
        ("uz@cyrillic", "uz-Cyrl"),
        ("uz@Cyrl", "uz-Cyrl"),
        ("be@latin", "be-Latn"),
        ("ca@valencia", "ca-valencia"),
        ("sr@ijekavianlatin", "sr-Latn-ijekavsk"),
        ("en@shaw", "en-Shaw"),
        ("en@quot", "en"),
        ("de_DE@euro", "de-DE"),
        ("de@nonsense", None),
        ("english", None),
        ("@latin", None),
    ],
)
def test_gettext_locale_names_keep_their_script(name, tag):
    """A modifier that names a script or variant is kept: `sr@latin` read as `sr` would put
    Latin script into the Cyrillic translations."""
    assert tag_of_locale_name(name) == tag


def test_file_names_with_modifiers():
    assert tag_of_file_name("po/locale/sr@latin/LC_MESSAGES/app.po") == "sr-Latn"
    assert tag_of_file_name("po/sr@latin.po") == "sr-Latn"
    assert tag_of_file_name("django.ca@valencia.po") == "ca-valencia"
    assert tag_of_file_name("locale/de@nonsense/LC_MESSAGES/app.po") is None
    assert tag_of_file_name("locale/de/LC_MESSAGES/app.po") == "de"
