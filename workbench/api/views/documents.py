"""Documents: the list with progress per language, one document, a new document from an
uploaded file, and a new version of a document's source."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench.api import imports
from workbench.api.serializers import (
    ALL_STATUSES,
    DocumentSerializer,
    DocumentUploadSerializer,
    ImportOutcomeSerializer,
    SourceUploadSerializer,
)
from workbench.api.views import lookup
from workbench.api.views.jobs import outcome_response
from workbench.models import Document
from workbench.selectors.documents import DocumentSummary, document_summaries


class DocumentPages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def document_data(summary: DocumentSummary) -> dict:
    doc = summary.document
    return {
        "slug": doc.slug,
        "title": doc.title,
        "description": doc.description,
        "source_language": doc.source_language.code,
        "origin_filename": doc.origin_filename,
        "origin_format": doc.origin_format,
        "created_at": doc.created_at,
        "updated_at": doc.updated_at,
        "progress": [
            {
                "language": item.language.code,
                "units_total": item.progress.units_total,
                "words_total": item.progress.words_total,
                # Every status, zeros too: a client need not guess which keys exist.
                "units": {s: item.progress.units.get(s, 0) for s in ALL_STATUSES},
                "words": {s: item.progress.words.get(s, 0) for s in ALL_STATUSES},
                "translated_percent": item.progress.translated_percent,
                "approved_percent": item.progress.approved_percent,
            }
            for item in summary.languages
        ],
    }


class DocumentList(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=DocumentSerializer(many=True), operation_id="documents_list")
    def get(self, request):
        paginator = DocumentPages()
        page = paginator.paginate_queryset(Document.objects.order_by("title", "pk"), request, self)
        summaries = document_summaries(Document.objects.filter(pk__in=[d.pk for d in page]))
        order = {d.pk: i for i, d in enumerate(page)}
        summaries.sort(key=lambda s: order[s.document.pk])
        data = DocumentSerializer([document_data(s) for s in summaries], many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=DocumentUploadSerializer,
        responses={201: DocumentSerializer, 202: ImportOutcomeSerializer},
        operation_id="documents_create",
        description="Import a document from a file (txt, md, html, docx, po). Site admins.",
    )
    def post(self, request):
        form = DocumentUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        outcome = imports.run_import(
            "document",
            request.user,
            data=upload.read(),
            filename=upload.name,
            language=form.validated_data["language"],
            fmt=form.validated_data.get("format"),
            slug=form.validated_data.get("slug"),
            title=form.validated_data.get("title"),
            background=form.validated_data["background"],
        )
        if outcome["state"] == "queued":
            return outcome_response(outcome, ImportOutcomeSerializer)
        summary = document_summaries(Document.objects.filter(slug=outcome["result"]["document"]))
        return Response(DocumentSerializer(document_data(summary[0])).data, status=201)


class DocumentDetail(APIView):
    @extend_schema(responses=DocumentSerializer, operation_id="documents_retrieve")
    def get(self, request, slug: str):
        document = lookup.document(slug)
        (summary,) = document_summaries(Document.objects.filter(pk=document.pk))
        return Response(DocumentSerializer(document_data(summary)).data)


class DocumentSource(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=SourceUploadSerializer,
        responses={200: ImportOutcomeSerializer, 202: ImportOutcomeSerializer},
        operation_id="documents_source_update",
        description=(
            "A new version of the document's source: units matched, translations kept, "
            "edited ones outdated. `preview` stores nothing. Site admins."
        ),
    )
    def post(self, request, slug: str):
        document = lookup.document(slug)
        form = SourceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        outcome = imports.run_import(
            "source",
            request.user,
            document_id=document.pk,
            data=upload.read(),
            filename=upload.name,
            fmt=form.validated_data.get("format"),
            preview=form.validated_data["preview"],
            background=form.validated_data["background"],
        )
        return outcome_response(outcome, ImportOutcomeSerializer)
