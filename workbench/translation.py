"""django-modeltranslation registrations: site content shown to readers in their UI language.

Only curated site content lives here (document title and description); translations of the
document's units are Translation rows, never modeltranslation columns (one fact, one place).
"""

from modeltranslation.translator import TranslationOptions, register

from workbench.models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
