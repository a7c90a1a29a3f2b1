"""Imports by upload: a translated PO file into a document's language, TMX into the
translation memory, a CSV or TBX glossary. Each runs through `workbench.api.imports`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.views import APIView

from workbench.api import imports
from workbench.api.serializers import (
    FileUploadSerializer,
    GlossaryUploadSerializer,
    ImportOutcomeSerializer,
)
from workbench.api.views import lookup
from workbench.api.views.jobs import outcome_response


class PoImport(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=FileUploadSerializer,
        responses={200: ImportOutcomeSerializer, 202: ImportOutcomeSerializer},
        operation_id="documents_import_po",
        description=(
            "Translations from a PO file. Entries whose unit changed online since the export "
            "are kept as suggestions and listed as conflicts. Members of the language's team."
        ),
    )
    def post(self, request, slug: str, lang: str):
        document, language = lookup.target(slug, lang)
        form = FileUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        outcome = imports.run_import(
            "po",
            request.user,
            document_id=document.pk,
            language_id=language.pk,
            data=form.validated_data["file"].read(),
            filename=form.validated_data["file"].name,
            background=form.validated_data["background"],
        )
        return outcome_response(outcome, ImportOutcomeSerializer)


class MemoryImport(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=FileUploadSerializer,
        responses={200: ImportOutcomeSerializer, 202: ImportOutcomeSerializer},
        operation_id="memory_import_tmx",
        description="TMX pairs into the memory (only the pairs of languages you review).",
    )
    def post(self, request):
        form = FileUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        outcome = imports.run_import(
            "tmx", request.user, data=upload.read(), filename=upload.name,
            background=form.validated_data["background"],
        )  # fmt: skip
        return outcome_response(outcome, ImportOutcomeSerializer)


class GlossaryImport(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=GlossaryUploadSerializer,
        responses={200: ImportOutcomeSerializer, 202: ImportOutcomeSerializer},
        operation_id="glossary_import",
        description="A CSV or TBX glossary; all or nothing. Glossary editors.",
    )
    def post(self, request):
        form = GlossaryUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        outcome = imports.run_import(
            "glossary",
            request.user,
            data=upload.read(),
            filename=upload.name,
            fmt=form.validated_data.get("format"),
            background=form.validated_data["background"],
        )
        return outcome_response(outcome, ImportOutcomeSerializer)
