"""Glossary concepts: list (search), read, create, change and delete. Everyone reads;
glossary editors and site admins change (services/glossary_concepts.py decides)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench.api.access import ReadAnyoneWriteSignedIn
from workbench.api.serializers import ConceptSerializer, ConceptWriteSerializer
from workbench.models import GlossaryConcept
from workbench.selectors.glossary import search_concepts, split_terms
from workbench.services.glossary_concepts import delete_concept, save_concept


class ConceptPages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


def concept_data(concept: GlossaryConcept) -> dict:
    preferred, forbidden = split_terms(concept.terms.all())
    return {
        "id": concept.pk,
        "terms": preferred,
        "forbidden": forbidden,
        "notes": concept.notes,
        "case_sensitive": concept.case_sensitive,
        "updated_at": concept.updated_at,
    }


def _concept(pk: int) -> GlossaryConcept:
    return get_object_or_404(GlossaryConcept.objects.prefetch_related("terms"), pk=pk)


def _save(request, concept: GlossaryConcept | None) -> GlossaryConcept:
    form = ConceptWriteSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    data = form.validated_data
    saved = save_concept(
        request.user,
        concept,
        terms=data["terms"],
        forbidden=data["forbidden"],
        notes=data["notes"],
        case_sensitive=data["case_sensitive"],
    )
    return _concept(saved.pk)


class ConceptList(APIView):
    permission_classes = [ReadAnyoneWriteSignedIn]

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Search terms, notes.")],
        responses=ConceptSerializer(many=True),
        operation_id="glossary_concepts_list",
    )
    def get(self, request):
        paginator = ConceptPages()
        concepts = search_concepts(request.query_params.get("q", "")[:300]).order_by("pk")
        page = paginator.paginate_queryset(concepts.prefetch_related("terms"), request, self)
        data = ConceptSerializer([concept_data(c) for c in page], many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=ConceptWriteSerializer,
        responses={201: ConceptSerializer},
        operation_id="glossary_concepts_create",
    )
    def post(self, request):
        return Response(ConceptSerializer(concept_data(_save(request, None))).data, status=201)


class ConceptDetail(APIView):
    permission_classes = [ReadAnyoneWriteSignedIn]

    @extend_schema(responses=ConceptSerializer, operation_id="glossary_concepts_retrieve")
    def get(self, request, pk: int):
        return Response(ConceptSerializer(concept_data(_concept(pk))).data)

    @extend_schema(
        request=ConceptWriteSerializer,
        responses=ConceptSerializer,
        operation_id="glossary_concepts_update",
        description="Replace the concept: languages absent from `terms` are cleared.",
    )
    def put(self, request, pk: int):
        concept = _concept(pk)
        return Response(ConceptSerializer(concept_data(_save(request, concept))).data)

    @extend_schema(responses={204: None}, operation_id="glossary_concepts_delete")
    def delete(self, request, pk: int):
        delete_concept(request.user, _concept(pk))
        return Response(status=204)
