"""Machine translation in the UI: the suggestion for one unit (fetched by machine.js apart
from the memory matches, so a slow engine never holds up the aids panel), and
pre-translating a document from its page, or the units of one editor page: a few units
within the request, more as a background job with a progress bar (the engine takes about a
tenth of a second a unit)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workbench import limits, permissions
from workbench.machine import suggestions as machine
from workbench.services.jobs import start_job
from workbench.services.pretranslate import (
    PretranslateError,
    choose_engine,
    empty_units,
    pretranslate,
)
from workbench.views.editor import _target, _unit
from workbench.views.redirects import safe_next


@login_required
@require_GET
def unit_machine(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    """The machine suggestion for one unit, a partial of the aids panel; only for those who
    may translate the language (each uncached request costs an engine call)."""
    document, language, unit = _unit(slug, lang, key)
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied
    unit.document = document
    suggestion = machine.suggest(unit, language)
    if suggestion is None:
        raise Http404(_("No machine-translation engine serves this language pair."))
    return render(
        request,
        "workbench/_aids_machine_result.html",
        {"unit": unit, "language": language, "suggestion": suggestion},
    )


@login_required
@require_POST
def pretranslate_document(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """Pre-translate the document's empty units (or the `unit` keys posted) as drafts: up to
    limits.pretranslate_page_units units within the request, more as a background job."""
    document, language = _target(slug, lang)
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied
    keys = request.POST.getlist("unit") or None
    try:
        choose_engine(document, language, None)  # none serves the pair: say so now
        if empty_units(document, language, keys).count() > limits.pretranslate_page_units():
            job = start_job(
                request.user, "pretranslate", document=document, language=language,
                keys=keys or [],
            )  # fmt: skip
            return redirect("job", job_id=job.pk)
        result = pretranslate(request.user, document, language, keys=keys)
    except PretranslateError as exc:
        messages.error(request, str(exc))
    else:
        done = result.from_memory + result.from_machine
        message = _(
            "%(done)d of %(empty)d empty units into %(language)s were pre-translated as drafts "
            "(%(memory)d from the translation memory, %(machine)d by machine translation); "
            "they need to be read and edited."
        ) % {
            "done": done, "empty": result.empty, "language": language.display_name,
            "memory": result.from_memory, "machine": result.from_machine,
        }  # fmt: skip
        if result.unavailable:
            messages.warning(
                request,
                message
                + " "
                + _("%(count)d units stayed empty: the engine was unavailable.")
                % {"count": result.unavailable},
            )
        else:
            messages.success(request, message)
    # From the editor ("this page's empty units"): back to the same page of the editor.
    return redirect(safe_next(request, reverse("document", args=[document.slug])))
