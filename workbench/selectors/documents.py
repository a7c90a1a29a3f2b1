"""Document list and document overview."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from workbench.models import Document, Language
from workbench.selectors.progress import Progress, progress_by_document


@dataclass
class LanguageProgress:
    language: Language
    progress: Progress


@dataclass
class DocumentSummary:
    document: Document
    languages: list[LanguageProgress]


def target_languages(document: Document | None = None) -> QuerySet[Language]:
    qs = Language.objects.all()
    if document is not None:
        qs = qs.exclude(pk=document.source_language_id)
    return qs


def document_summaries(documents: QuerySet[Document] | None = None) -> list[DocumentSummary]:
    documents = list(
        (documents if documents is not None else Document.objects.all()).select_related(
            "source_language"
        )
    )
    languages = list(Language.objects.all())
    progress = progress_by_document([d.pk for d in documents], languages)
    return [
        DocumentSummary(
            document=doc,
            languages=[
                LanguageProgress(lang, progress[(doc.pk, lang.code)])
                for lang in languages
                if lang.pk != doc.source_language_id
            ],
        )
        for doc in documents
    ]
