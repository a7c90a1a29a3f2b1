"""Units of a document with their translation in one language, and one unit's translation:
read, write (with the editor's optimistic version check: a stale version gets 409 with both
texts), approve and send back (reviewers), its revisions and its comments."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench.api.serializers import (
    ApproveSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    RejectSerializer,
    RevisionSerializer,
    TranslationWriteSerializer,
    UnitSerializer,
    UnitsQuerySerializer,
)
from workbench.api.views import lookup
from workbench.models import Translation, Unit
from workbench.selectors.comments import comment_thread
from workbench.selectors.editor import editor_row
from workbench.selectors.history import unit_history
from workbench.selectors.units import STATUS_FILTERS, document_units, effective_status
from workbench.services.comments import add_comment
from workbench.services.review import approve, reject
from workbench.services.translations import save_translation


class UnitPages(CursorPagination):
    """Cursor pages in document order: each page is one indexed range query, however deep
    into a 10,000-unit document it is (no OFFSET, no COUNT)."""

    ordering = "position"
    page_size_query_param = "page_size"
    max_page_size = 500

    def __init__(self) -> None:
        self.page_size = settings.API_PAGE_SIZE  # read per request, not at import


def translation_data(translation: Translation | None, unit: Unit) -> dict | None:
    if translation is None:
        return None
    return {
        "text": translation.text,
        "status": effective_status(unit, translation),
        "version": translation.version,
        "origin": translation.origin,
        "author": lookup.username(translation.author) if translation.author_id else None,
        "reviewer": lookup.username(translation.reviewer) if translation.reviewer_id else None,
        "updated_at": translation.updated_at,
    }


def unit_data(unit: Unit, translation: Translation | None) -> dict:
    return {
        "key": unit.key,
        "position": unit.position,
        "kind": unit.kind,
        "level": unit.level,
        "label": unit.label,
        "source": unit.source,
        "checksum": unit.checksum,
        "word_count": unit.word_count,
        "status": effective_status(unit, translation),
        "translation": translation_data(translation, unit),
    }


def _current(unit: Unit, language) -> dict:
    row = editor_row(unit, language)
    return UnitSerializer(unit_data(unit, row.translation)).data


class UnitList(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=list(STATUS_FILTERS)),
            OpenApiParameter(
                "changed_since",
                OpenApiTypes.DATETIME,
                description="Units whose translation was written at or after this time.",
            ),  # fmt: skip
            OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 500."),
        ],
        responses=UnitSerializer(many=True),
        operation_id="units_list",
    )
    def get(self, request, slug: str, lang: str):
        document, language = lookup.target(slug, lang)
        query = UnitsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        units = document_units(
            document,
            language,
            status=query.validated_data.get("status"),
            changed_since=query.validated_data.get("changed_since"),
        )
        paginator = UnitPages()
        page = paginator.paginate_queryset(units, request, self)
        data = [unit_data(u, u.current[0] if u.current else None) for u in page]
        return paginator.get_paginated_response(UnitSerializer(data, many=True).data)


class UnitDetail(APIView):
    @extend_schema(responses=UnitSerializer, operation_id="units_retrieve")
    def get(self, request, slug: str, lang: str, key: str):
        language, unit = lookup.unit(slug, lang, key)
        return Response(_current(unit, language))

    @extend_schema(
        request=TranslationWriteSerializer,
        responses={200: UnitSerializer, 409: OpenApiTypes.OBJECT},
        operation_id="units_translation_write",
        description=(
            "Store a translation. `version` is the one you read (0: none yet); when somebody "
            "wrote since, nothing is stored and the answer is 409 with `current` (their text "
            "and version) and `yours`. Translators of the language; approving needs a reviewer."
        ),
    )
    def put(self, request, slug: str, lang: str, key: str):
        language, unit = lookup.unit(slug, lang, key)
        form = TranslationWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        save_translation(
            request.user,
            unit,
            language,
            data["text"],
            status=data["status"],
            base_version=data["version"],
            source_checksum=data.get("source_checksum"),
        )
        return Response(_current(unit, language))


class UnitApprove(APIView):
    @extend_schema(
        request=ApproveSerializer,
        responses={200: UnitSerializer, 409: OpenApiTypes.OBJECT},
        operation_id="units_approve",
        description="Approve as it is, or with `text` (edit and approve). Reviewers.",
    )
    def post(self, request, slug: str, lang: str, key: str):
        language, unit = lookup.unit(slug, lang, key)
        form = ApproveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        approve(
            request.user,
            unit,
            language,
            base_version=data["version"],
            text=data.get("text"),
            source_checksum=data.get("source_checksum"),
        )
        return Response(_current(unit, language))


class UnitReject(APIView):
    @extend_schema(
        request=RejectSerializer,
        responses={200: UnitSerializer, 409: OpenApiTypes.OBJECT},
        operation_id="units_send_back",
        description="Send back to the translator with a reason (status draft). Reviewers.",
    )
    def post(self, request, slug: str, lang: str, key: str):
        language, unit = lookup.unit(slug, lang, key)
        form = RejectSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        reject(
            request.user,
            unit,
            language,
            base_version=data["version"],
            reason=data["reason"],
            source_checksum=data.get("source_checksum"),
        )
        return Response(_current(unit, language))


class UnitRevisions(APIView):
    @extend_schema(responses=RevisionSerializer(many=True), operation_id="units_revisions")
    def get(self, request, slug: str, lang: str, key: str):
        language, unit = lookup.unit(slug, lang, key)
        data = [
            {
                "id": rev.pk,
                "text": rev.text,
                "status": rev.status,
                "action": rev.action,
                "origin": rev.origin,
                "comment": rev.comment,
                "author": lookup.username(rev.author) if rev.author_id else None,
                "source_checksum": rev.source_checksum,
                "created_at": rev.created_at,
            }
            for rev in unit_history(unit, language)
        ]
        return Response(RevisionSerializer(data, many=True).data)


class UnitComments(APIView):
    @staticmethod
    def _thread(unit, language) -> list[dict]:
        return [
            {
                "id": item.comment.pk,
                "parent": item.comment.parent_id,
                "author": lookup.username(item.comment.author) if item.comment.author_id else None,
                "text": item.comment.text,
                "created_at": item.comment.created_at,
            }
            for item in comment_thread(unit, language)
        ]

    @extend_schema(responses=CommentSerializer(many=True), operation_id="units_comments_list")
    def get(self, request, slug: str, lang: str, key: str):
        language, unit = lookup.unit(slug, lang, key)
        return Response(CommentSerializer(self._thread(unit, language), many=True).data)

    @extend_schema(
        request=CommentWriteSerializer,
        responses={201: CommentSerializer(many=True)},
        operation_id="units_comments_create",
        description="Comment (or reply to `parent`). Members of the language's team.",
    )
    def post(self, request, slug: str, lang: str, key: str):
        language, unit = lookup.unit(slug, lang, key)
        form = CommentWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        add_comment(
            request.user,
            unit,
            language,
            form.validated_data["text"],
            parent_id=form.validated_data.get("parent"),
        )
        return Response(CommentSerializer(self._thread(unit, language), many=True).data, status=201)
