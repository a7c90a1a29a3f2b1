"""django-modeltranslation registrations: site content shown to readers in their UI language.

Only curated site content lives here (document title and description, glossary terms);
translations of the document's units are Translation rows, never modeltranslation columns (one
fact, one place).
"""

from modeltranslation.translator import TranslationOptions, register

from workbench.models import Document, GlossaryConcept


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(GlossaryConcept)
class GlossaryConceptTranslationOptions(TranslationOptions):
    # term_<lang> per content language. No fallback: a concept without a German term has no
    # German term (the glossary must not pretend the English one is approved German).
    fields = ("term",)
    fallback_languages = {"default": ()}
