"""Django's own form messages that an installed app's catalog translates in the informal
register: Django REST framework's German catalog says "Gib eine gültige E-Mail Adresse an."
for "Enter a valid email address.", and an app's catalog wins over Django's own (formal)
one, so every e-mail field of the site said "Gib". Marked here, the messages are in our
catalogs (first in LOCALE_PATHS) with the formal text, which wins over both.

tests/test_ui_catalogs.py checks that the site's German for them is formal.
"""

from django.utils.translation import gettext_noop

SHADOWED_INFORMALLY = (
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
)
