"""The translation memory: suggestions for a text (exact, fuzzy, quotations) and
concordance search for a phrase, in a language pair."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench.api.serializers import (
    ConcordancePageSerializer,
    ConcordanceQuerySerializer,
    MemoryLookupQuerySerializer,
    MemoryMatchSerializer,
)
from workbench.models import Language
from workbench.selectors import memory as memory_selectors
from workbench.text import memory as tm


def _pair(data: dict) -> tuple[Language, Language]:
    found = {lang.code: lang for lang in Language.objects.filter(
        code__in=[data["source"], data["target"]])}  # fmt: skip
    missing = [code for code in (data["source"], data["target"]) if code not in found]
    if missing:
        raise ValidationError({"detail": _("Unknown language: %(codes)s.") % {
            "codes": ", ".join(missing)}})  # fmt: skip
    if data["source"] == data["target"]:
        raise ValidationError({"detail": _("Choose two different languages.")})
    return found[data["source"]], found[data["target"]]


class MemoryLookup(APIView):
    @extend_schema(
        parameters=[MemoryLookupQuerySerializer],
        responses=MemoryMatchSerializer(many=True),
        operation_id="memory_lookup",
    )
    def get(self, request):
        query = MemoryLookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        source, target = _pair(query.validated_data)
        found = memory_selectors.suggestions(query.validated_data["text"], source.pk, target.pk)
        data = [
            {
                "kind": match.kind,
                "score": match.score,
                "source": match.entry.source,
                "target": match.entry.target,
                "status": match.entry.status,
                "fragment": match.fragment,
                "document": match.document.slug if match.document else None,
                "unit": match.unit.key if match.unit else None,
            }
            for match in found
        ]
        return Response(MemoryMatchSerializer(data, many=True).data)


class Concordance(APIView):
    @extend_schema(
        parameters=[ConcordanceQuerySerializer],
        responses=ConcordancePageSerializer,
        operation_id="memory_concordance",
    )
    def get(self, request):
        query = ConcordanceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        source, target = _pair(data)
        page = memory_selectors.concordance(
            data["q"], source, target, side=data["side"], page=data["page"]
        )
        if page.too_short:
            message = _("Search for at least %(n)d characters.")
            raise ValidationError({"q": message % {"n": memory_selectors.MIN_QUERY}})
        return Response(
            ConcordancePageSerializer(
                {
                    "page": page.number,
                    "has_previous": page.has_previous,
                    "has_next": page.has_next,
                    "results": [
                        {
                            "source": tm.plain_text(hit.entry.source),
                            "target": tm.plain_text(hit.entry.target),
                            "status": hit.entry.status,
                            "document": hit.document.slug if hit.document else None,
                        }
                        for hit in page.hits
                    ],
                }
            ).data
        )
