from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from workbench.views import documents, editor, exports

urlpatterns = [
    path("", documents.document_list, name="home"),
    path("documents/new/", documents.document_upload, name="document_upload"),
    path("d/<slug:slug>/", documents.document_detail, name="document"),
    path("d/<slug:slug>/export.html", exports.export_bilingual, name="export_bilingual"),
    path("d/<slug:slug>/<str:lang>/", editor.editor, name="editor"),
    path("d/<slug:slug>/<str:lang>/export.po", exports.export_po, name="export_po"),
    path("d/<slug:slug>/<str:lang>/document.html", exports.export_monolingual, name="export_monolingual"),
    path("d/<slug:slug>/<str:lang>/u/<str:key>/save", editor.save_unit, name="save_unit"),
    path("d/<slug:slug>/<str:lang>/u/<str:key>/history", editor.history, name="unit_history"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
