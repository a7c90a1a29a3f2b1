"""A gettext catalog's plural entry in the editor: one labelled box per plural form of the
language, filled with the keyboard and saved with Ctrl+Enter from any of them; axe-clean on a
390 px phone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from workbench.models import Language, Membership, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document

from .conftest import axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)

CATALOG = b"""msgid ""
msgstr ""
"Language: ru\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
"(n%100<10 || n%100>=20) ? 1 : 2);\\n"

#, python-format
msgid "%(n)d file"
msgid_plural "%(n)d files"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
"""


def test_fill_every_plural_form_with_the_keyboard(chromium_browser, live_server, languages):
    document = import_document(
        SYSTEM, CATALOG, filename="files.po", language_code="en", slug="files"
    ).document
    ru = Language.objects.get(code="ru")  # created from CLDR on first use
    user = get_user_model().objects.create_user(username="olga", password="olga-pass-123")
    Membership.objects.create(
        user=user, language=ru, role=Membership.ROLE_TRANSLATOR, state=Membership.STATE_ACTIVE
    )
    unit = Unit.objects.get(document=document)
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        log_in(page, live_server, "olga", "olga-pass-123")
        page.goto(f"{live_server.url}/d/files/ru/")
        page.wait_for_selector("#editor")
        labels = page.locator(f"#u-{unit.key} label.plural-label").all_inner_texts()
        assert labels == [
            "Form 1 (n = 1, 21, 31, 41, …)",
            "Form 2 (n = 2, 3, 4, 22, …)",
            "Form 3 (n = 0, 5, 6, 7, …)",
        ]
        page.get_by_label("Form 1 (n = 1, 21, 31, 41, …)").fill("%(n)d файл")
        page.keyboard.press("Tab")
        page.keyboard.type("%(n)d файла")
        page.keyboard.press("Tab")
        page.keyboard.type("%(n)d файлов")
        page.keyboard.press("Control+Enter")
        page.wait_for_function(
            "key => document.getElementById('st-' + key).textContent.trim() === 'needs review'",
            arg=unit.key,
        )
        translation = Translation.objects.get(unit=unit, language=ru)
        assert (translation.text, translation.plural_texts) == (
            "%(n)d файл",
            ["%(n)d файла", "%(n)d файлов"],
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways: {width}px"
        assert axe_violations(page) == []
    finally:
        context.close()
