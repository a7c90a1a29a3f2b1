"""The whole glossary as plain records and as a CSV or TBX file (for downloads and the
export_glossary command). Reading only; the import is services/glossary_import.py."""

from __future__ import annotations

from django.utils.translation import gettext as _

from workbench.formats.glossary_csv import ConceptRecord, write_glossary_csv
from workbench.formats.glossary_files import EXPORT_FORMATS
from workbench.formats.tbx import write_tbx, write_tbx_v2
from workbench.models import GlossaryConcept
from workbench.selectors.glossary import content_languages, default_language, split_terms
from workbench.text.languages import canonical_tag as bcp47


def concept_records() -> tuple[list[ConceptRecord], list[str]]:
    """Every concept as a plain record (language codes in BCP 47 spelling), and the languages
    that have at least one term or forbidden variant, in settings order. Two queries per
    thousand concepts (concepts, their terms)."""
    records: list[ConceptRecord] = []
    used: set[str] = set()
    order = content_languages()
    concepts = GlossaryConcept.objects.order_by("pk").prefetch_related("terms")
    for concept in concepts.iterator(chunk_size=1000):
        preferred, variants = split_terms(concept.terms.all())
        terms = {}
        for code in order:
            if preferred.get(code):
                terms[bcp47(code)] = preferred[code]
                used.add(code)
        forbidden: dict[str, list[str]] = {}
        for code, texts in variants.items():
            forbidden[bcp47(code)] = texts
            used.add(code)
        records.append(
            ConceptRecord(
                terms=terms,
                forbidden=forbidden,
                notes=concept.notes,
                case_sensitive=concept.case_sensitive,
                id=str(concept.pk),
            )
        )
    languages = [bcp47(code) for code in order if code in used]
    return records, languages


def export_glossary(fmt: str) -> bytes:
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown glossary format {fmt!r}")
    records, languages = concept_records()
    if fmt in ("tbx", "tbx2"):
        writer = write_tbx if fmt == "tbx" else write_tbx_v2
        return writer(
            records,
            languages,
            source_language=bcp47(default_language()),
            title=_("Translation workbench glossary"),
        )
    return write_glossary_csv(records, languages)
