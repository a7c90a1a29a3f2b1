"""The editor's heartbeat: "I am here", answered with who else is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from workbench import permissions
from workbench.selectors.presence import others_present
from workbench.services.presence import heartbeat
from workbench.views.editor import _target


@login_required
@require_POST
def presence_heartbeat(request: HttpRequest, slug: str, lang: str) -> JsonResponse:
    document, language = _target(slug, lang)
    # Who is working on a document is for its language's team alone: readers are neither
    # announced nor told.
    permissions.require_see_presence(request.user, language)
    heartbeat(request.user, document, language)
    return JsonResponse({"others": others_present(request.user, document, language)})
