"""django-modeltranslation registrations: site content shown to readers in their UI language.

Only curated site content lives here (document title and description); translations of the
document's units are Translation rows, and glossary terms are GlossaryTerm rows (a content
language is data there, not a column), never modeltranslation columns (one fact, one place).
"""

from modeltranslation.translator import TranslationOptions, register

from workbench.models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
