"""GET /api/v1/languages/: the languages documents are written in and translated into."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench.api.serializers import LanguageSerializer
from workbench.models import Language


class LanguageList(APIView):
    @extend_schema(responses=LanguageSerializer(many=True), operation_id="languages_list")
    def get(self, request):
        return Response(LanguageSerializer(Language.objects.all(), many=True).data)
