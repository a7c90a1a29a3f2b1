"""/api/v1/: the endpoints, the OpenAPI schema and its browsable docs (Swagger UI served
from the drf-spectacular-sidecar package, its start script a file of its own: no outside
requests, no inline script. Redoc is left out: its page loads web fonts from Google)."""

from __future__ import annotations

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from workbench.api.views import (
    documents,
    exports,
    glossary,
    imports,
    jobs,
    languages,
    memory,
    units,
)

DOC = "documents/<slug:slug>/"
LANG = f"{DOC}languages/<str:lang>/"
UNIT = f"{LANG}units/<str:key>/"

# Swagger UI styles its widgets inline.
docs_policy = csp_update({"style-src": ["'unsafe-inline'"]})

urlpatterns = [
    path("languages/", languages.LanguageList.as_view(), name="api-languages"),
    path("documents/", documents.DocumentList.as_view(), name="api-documents"),
    path(DOC, documents.DocumentDetail.as_view(), name="api-document"),
    path(f"{DOC}source/", documents.DocumentSource.as_view(), name="api-document-source"),
    path(f"{LANG}units/", units.UnitList.as_view(), name="api-units"),
    path(UNIT, units.UnitDetail.as_view(), name="api-unit"),
    path(f"{UNIT}approve/", units.UnitApprove.as_view(), name="api-unit-approve"),
    path(f"{UNIT}send-back/", units.UnitReject.as_view(), name="api-unit-send-back"),
    path(f"{UNIT}revisions/", units.UnitRevisions.as_view(), name="api-unit-revisions"),
    path(f"{UNIT}comments/", units.UnitComments.as_view(), name="api-unit-comments"),
    path(f"{LANG}export/<str:fmt>/", exports.Export.as_view(), name="api-export"),
    path(f"{LANG}import/po/", imports.PoImport.as_view(), name="api-import-po"),
    path("memory/lookup/", memory.MemoryLookup.as_view(), name="api-memory-lookup"),
    path("memory/concordance/", memory.Concordance.as_view(), name="api-memory-concordance"),
    path("memory/import/", imports.MemoryImport.as_view(), name="api-memory-import"),
    path("glossary/concepts/", glossary.ConceptList.as_view(), name="api-concepts"),
    path("glossary/concepts/<int:pk>/", glossary.ConceptDetail.as_view(), name="api-concept"),
    path("glossary/import/", imports.GlossaryImport.as_view(), name="api-glossary-import"),
    path("jobs/<int:pk>/", jobs.JobDetail.as_view(), name="api-job"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]
