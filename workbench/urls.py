from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from workbench.views import alignment as alignment_views
from workbench.views import api_tokens as api_token_views
from workbench.views import checks as check_views
from workbench.views import comments as comment_views
from workbench.views import documents, editor, exports, health
from workbench.views import glossary as glossary_views
from workbench.views import history as history_views
from workbench.views import jobs as job_views
from workbench.views import languages as language_views
from workbench.views import machine as machine_views
from workbench.views import memory as memory_views
from workbench.views import my_work as my_work_views
from workbench.views import notifications as notification_views
from workbench.views import po_import as po_import_views
from workbench.views import presence as presence_views
from workbench.views import profile as profile_views
from workbench.views import progress as progress_views
from workbench.views import review as review_views
from workbench.views import source_updates as source_update_views
from workbench.views import suggestions as suggestion_views
from workbench.views import teams as team_views
from workbench.views import xliff as xliff_views

# One unit of a document in one language (history, comments, review actions).
UNIT = "d/<slug:slug>/<str:lang>/u/<str:key>/"
# One alignment run of a published translation (the alignment screen).
ALIGN = "d/<slug:slug>/<str:lang>/align/"
RUN = f"{ALIGN}<int:run_id>/"

urlpatterns = [
    path("", documents.document_list, name="home"),
    # Browsers ask for /favicon.ico whatever the page says: the same icon as <link rel=icon>.
    path("favicon.ico", RedirectView.as_view(url=static("workbench/favicon.svg"), permanent=True)),
    path("my-work/", my_work_views.my_work, name="my_work"),
    path("documents/new/", documents.document_upload, name="document_upload"),
    path("d/<slug:slug>/", documents.document_detail, name="document"),
    path("d/<slug:slug>/export.html", exports.export_bilingual, name="export_bilingual"),
    path("d/<slug:slug>/export-job", exports.export_job, name="export_job"),
    path("d/<slug:slug>/<str:lang>/", editor.editor, name="editor"),
    path("d/<slug:slug>/<str:lang>/export.po", exports.export_po, name="export_po"),
    path(
        "d/<slug:slug>/<str:lang>/document.html",
        exports.export_monolingual,
        name="export_monolingual",
    ),
    path(
        "d/<slug:slug>/<str:lang>/document.<str:ext>",
        exports.export_document,
        name="export_document",
    ),
    path("d/<slug:slug>/<str:lang>/u/<str:key>/save", editor.save_unit, name="save_unit"),
    path(f"{UNIT}history", history_views.history, name="unit_history"),
    path(f"{UNIT}aids", memory_views.unit_aids, name="unit_aids"),
    path(f"{UNIT}machine", machine_views.unit_machine, name="unit_machine"),
    path(
        "d/<slug:slug>/<str:lang>/pretranslate",
        machine_views.pretranslate_document,
        name="pretranslate",
    ),
    path("d/<slug:slug>/<str:lang>/export.tmx", exports.export_tmx, name="export_tmx"),
    path("d/<slug:slug>/<str:lang>/prefill", memory_views.prefill, name="prefill_memory"),
    path(f"{UNIT}restore", history_views.restore, name="unit_restore"),
    path(f"{UNIT}comments", comment_views.comments, name="unit_comments"),
    path(f"{UNIT}comments/add", comment_views.post_comment, name="unit_comment_add"),
    path(f"{UNIT}approve", review_views.approve_unit, name="review_approve"),
    path(f"{UNIT}dismiss", check_views.dismiss, name="dismiss_warning"),
    path(f"{UNIT}reject", review_views.reject_unit, name="review_reject"),
    path("d/<slug:slug>/<str:lang>/review/", review_views.review, name="review"),
    path(f"{UNIT}confirm-source", source_update_views.confirm_source, name="confirm_source"),
    path("d/<slug:slug>/<str:lang>/import-po", po_import_views.po_import, name="po_import"),
    path("d/<slug:slug>/<str:lang>/export.epub", exports.export_epub, name="export_epub"),
    path("d/<slug:slug>/<str:lang>/export.xlf", exports.export_xliff, name="export_xliff"),
    path("d/<slug:slug>/<str:lang>/import-xliff", xliff_views.xliff_import, name="xliff_import"),
    path("documents/<slug:slug>/source/", source_update_views.source_update, name="source_update"),
    path("d/<slug:slug>/<str:lang>/progress/", progress_views.progress, name="progress"),
    path(ALIGN, alignment_views.alignment_upload, name="alignment_upload"),
    path(f"{ALIGN}demo", alignment_views.alignment_demo, name="alignment_demo"),
    path(RUN, alignment_views.alignment, name="alignment"),
    path(f"{RUN}correct", alignment_views.alignment_correct, name="alignment_correct"),
    path(f"{RUN}accept", alignment_views.alignment_accept, name="alignment_accept"),
    path(f"{RUN}discard", alignment_views.alignment_discard, name="alignment_discard"),
    path(
        f"{RUN}alignment.html", alignment_views.alignment_export_html, name="alignment_export_html"
    ),
    path(f"{RUN}alignment.tmx", alignment_views.alignment_export_tmx, name="alignment_export_tmx"),
    path("d/<slug:slug>/<str:lang>/presence", presence_views.presence_heartbeat, name="presence"),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("jobs/", job_views.jobs, name="jobs"),
    path("jobs/<int:job_id>/", job_views.job, name="job"),
    path("jobs/<int:job_id>/retry", job_views.job_retry, name="job_retry"),
    path("jobs/<int:job_id>/file", job_views.job_file, name="job_file"),
    path("memory/export-job", memory_views.memory_export_job, name="memory_export_job"),
    path("d/<slug:slug>/<str:lang>/suggestions/", suggestion_views.panel, name="suggestions"),
    path(f"{UNIT}suggest", suggestion_views.suggest, name="suggestion_add"),
    path(
        "d/<slug:slug>/<str:lang>/suggestions/<int:pk>",
        suggestion_views.decide,
        name="suggestion_decide",
    ),
    path("d/<slug:slug>/suggestions-open", suggestion_views.set_open, name="suggestions_open"),
    path("memory/", memory_views.memory, name="memory"),
    path("memory/search", memory_views.memory_search, name="memory_search"),
    path("memory/export.tmx", memory_views.memory_export, name="memory_export"),
    path("memory/import", memory_views.memory_import, name="memory_import"),
    path("glossary/", glossary_views.glossary, name="glossary"),
    path("glossary/new/", glossary_views.concept_form, name="glossary_new"),
    path("glossary/<int:pk>/edit/", glossary_views.concept_form, name="glossary_edit"),
    path("glossary/<int:pk>/delete/", glossary_views.concept_delete, name="glossary_delete"),
    path("glossary/import/", glossary_views.glossary_import, name="glossary_import"),
    path("glossary/export/", glossary_views.glossary_export, name="glossary_export"),
    path("languages/", language_views.languages, name="languages"),
    path("teams/", team_views.teams, name="teams"),
    path("teams/ask", team_views.ask_to_join, name="team_ask"),
    path("teams/withdraw", team_views.withdraw, name="team_withdraw"),
    path("teams/decide", team_views.decide, name="team_decide"),
    path("teams/role", team_views.change_role, name="team_role"),
    path("teams/invite", team_views.invite, name="team_invite"),
    path("join/<str:token>/", team_views.join, name="join"),
    # Signing in and out, sign-up, e-mail verification, password reset and change, single
    # sign-on: django-allauth (its URL names: account_login, account_signup, ...).
    # The names the site used before allauth ("login", "logout", "password_change") stay.
    path("accounts/login/", allauth_views.login, name="login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("accounts/password/change/", allauth_views.password_change, name="password_change"),
    path("accounts/", include("allauth.urls")),
    path("accounts/profile/", profile_views.profile, name="profile"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/read", notification_views.mark_read, name="notifications_read"),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.unsubscribe,
        name="notifications_unsubscribe",
    ),
    path("accounts/api-tokens/", api_token_views.api_tokens, name="api_tokens"),
    path("api/v1/", include("workbench.api.urls")),
    path("accounts/profile/delete/", profile_views.delete_account, name="account_delete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
