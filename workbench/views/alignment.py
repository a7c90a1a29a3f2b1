"""The alignment screen: upload a published translation, correct the proposed links, accept.

Every page and action needs a translator of the language (reviewers and site admins count):
a proposed alignment is work in progress, not something to publish. Corrections are forms
that work without JavaScript (POST, redirect back); alignment.js sends the same forms with
fetch() and swaps in the re-rendered rows of the page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbench import permissions
from workbench.formats.html import bilingual_html
from workbench.formats.tmx import export_tmx
from workbench.limits import background_above_units
from workbench.models import AlignmentRun, Language
from workbench.selectors import alignment as selectors
from workbench.selectors import alignment_plan
from workbench.selectors.exports import export_labels
from workbench.services import alignment as services
from workbench.services.alignment_accept import accept_alignment
from workbench.services.alignment_propose import propose_alignment
from workbench.services.documents import DocumentError
from workbench.services.jobs import start_job
from workbench.text.records import STATUS_APPROVED
from workbench.views.access import export_policy
from workbench.views.editor import _target
from workbench.views.uploads import (
    UploadField,
    checked_for_job,
    format_choices,
    runs_in_background,
)

CONFIRM_LIST_LIMIT = 100  # approved translations listed on the confirmation step


class AlignmentUploadForm(forms.Form):
    file = UploadField(label=gettext_lazy("Translation file"))
    format = forms.ChoiceField(
        choices=format_choices(alignable_only=True), required=False, label=gettext_lazy("Format")
    )


def _require_translator(request: HttpRequest, language: Language) -> None:
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied(
            _("Only members of the %(language)s team may align translations.")
            % {"language": language.display_name}
        )


def _run(request: HttpRequest, slug: str, lang: str, run_id: int) -> AlignmentRun:
    document, language = _target(slug, lang)
    _require_translator(request, language)
    run = get_object_or_404(
        AlignmentRun.objects.select_related("created_by", "accepted_by"),
        pk=run_id,
        document=document,
        language=language,
    )
    # The objects already loaded: templates and services use them without more queries.
    run.document, run.language = document, language
    return run


def _run_url(
    run: AlignmentRun, order: str = "document", page: int | str = 1, anchor: str = ""
) -> str:
    url = reverse("alignment", args=[run.document.slug, run.language.code, run.pk])
    query = {}
    if order != "document":
        query["order"] = order
    if str(page) != "1":
        query["page"] = page
    return url + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


def _order(value: str | None) -> str:
    return value if value in selectors.ORDERS else "document"


@login_required
@require_http_methods(["GET", "POST"])
def alignment_upload(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    _require_translator(request, language)
    form = AlignmentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = None
        if runs_in_background(upload):
            data = checked_for_job(upload, form.cleaned_data["format"] or None)
        if data is not None:
            # A book: aligned by a worker; the job's page shows the progress, then the run.
            job = start_job(
                request.user,
                "align_propose",
                document=document,
                language=language,
                upload=(data, upload.name),
                format=form.cleaned_data["format"] or "",
            )
            return redirect("job", job_id=job.pk)
        try:
            run = propose_alignment(
                request.user,
                document,
                language,
                upload.read(),
                upload.name,
                form.cleaned_data["format"] or None,
            )
        except (DocumentError, services.AlignmentError) as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(_run_url(run))
    return render(
        request,
        "workbench/alignment_upload.html",
        {
            "document": document,
            "language": language,
            "form": form,
            "runs": selectors.runs_for(document, language),
            "demo": selectors.demo_translation(document, language),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def alignment_demo(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """Align the translation shipped in fixtures/ for this document (the aligner's demo)."""
    document, language = _target(slug, lang)
    _require_translator(request, language)
    path = selectors.demo_translation(document, language)
    if path is None:
        raise Http404("no demo translation")
    run = propose_alignment(request.user, document, language, path.read_bytes(), path.name)
    return redirect(_run_url(run))


def _summary_text(run: AlignmentRun) -> str:
    summary = selectors.link_summary(run)
    kinds = ", ".join(f"{kind} × {count}" for kind, count in summary["kinds"])
    bands = summary["bands"]
    return _(
        "%(links)s links (%(kinds)s); confidence: %(weak)s weak, %(ok)s ok, %(strong)s strong."
    ) % {
        "links": summary["links"],
        "kinds": kinds,
        "weak": bands["weak"],
        "ok": bands["ok"],
        "strong": bands["strong"],
    }


def _rows_html(request: HttpRequest, run: AlignmentRun, rows, order: str, page_number: int) -> str:
    return "".join(
        render_to_string(
            "workbench/_alignment_row.html",
            {
                "row": row,
                "run": run,
                "document": run.document,
                "language": run.language,
                "order": order,
                "page_number": page_number,
                "editable": run.state == run.STATE_PROPOSED,
            },
            request=request,
        )
        for row in rows
    )


@login_required
@require_GET
def alignment(request: HttpRequest, slug: str, lang: str, run_id: int) -> HttpResponse:
    run = _run(request, slug, lang, run_id)
    order = _order(request.GET.get("order"))
    page_obj, rows = selectors.alignment_page(run, order=order, page=request.GET.get("page", 1))
    return render(
        request,
        "workbench/alignment.html",
        {
            "run": run,
            "document": run.document,
            "language": run.language,
            "order": order,
            "page_obj": page_obj,
            "rows": rows,
            "editable": run.state == AlignmentRun.STATE_PROPOSED,
            "warnings": selectors.warning_messages(run),
            "notices": selectors.notice_messages(run),
            "summary": _summary_text(run),
            "quality": {
                key: round(100 * value)
                for key, value in run.quality.items()
                if key in ("anchor_rate", "length_agreement", "null_rate")
            },
            "mean_confidence": run.quality.get("mean_evidence", 0.0),
            "threshold": selectors.DEFAULT_THRESHOLD,
            "weak_below": selectors.WEAK_BELOW,
            "strong_from": selectors.STRONG_FROM,
        },
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@login_required
@require_POST
def alignment_correct(request: HttpRequest, slug: str, lang: str, run_id: int) -> HttpResponse:
    run = _run(request, slug, lang, run_id)
    document, language = run.document, run.language
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    order = _order(request.POST.get("order"))
    page = _int(request.POST.get("page")) or 1
    operation = request.POST.get("op", "")
    index, version = _int(request.POST.get("index")), _int(request.POST.get("version"))
    status, error = 200, ""
    if index is None or version is None:
        status, error = 400, _("Which link, in which version?")
    else:
        try:
            run = services.correct_alignment(request.user, run, operation, index, version=version)
        except services.StaleAlignmentError as exc:
            status, error = 409, str(exc)
            run = exc.run
        except services.AlignmentError as exc:
            status, error = 400, str(exc)
        run.document, run.language = document, language
    if not wants_json:
        if error:
            messages.error(request, error)
        return redirect(_run_url(run, order, page, f"l{(index or 0) + 1}"))
    page_obj, rows = selectors.alignment_page(run, order=order, page=page)
    return JsonResponse(
        {
            "error": error,
            "version": run.version,
            "summary": _summary_text(run),
            "html": _rows_html(request, run, rows, order, page_obj.number),
            "done": "" if error else _("Done: link %(n)s corrected.") % {"n": (index or 0) + 1},
        },
        status=status,
    )


def _threshold(request: HttpRequest) -> float | None:
    if request.POST.get("mode") != "confident":
        return None
    try:
        value = float(request.POST.get("threshold", ""))
    except ValueError:
        return -1.0  # refused by the service with a readable message
    return value


def result_message(result: dict[str, int]) -> str:
    parts = [
        ngettext(
            "%(n)s translation saved (needs review)",
            "%(n)s translations saved (needs review)",
            result["written"],
        )
        % {"n": result["written"]},
    ]
    if result["drafts"]:
        parts.append(
            ngettext(
                "%(n)s draft from a split paragraph to check",
                "%(n)s drafts from split paragraphs to check",
                result["drafts"],
            )
            % {"n": result["drafts"]}
        )
    if result["skipped_approved"]:
        parts.append(
            ngettext(
                "%(n)s approved translation kept",
                "%(n)s approved translations kept",
                result["skipped_approved"],
            )
            % {"n": result["skipped_approved"]}
        )
    if result.get("kept_existing"):
        parts.append(
            ngettext(
                "%(n)s existing translation kept",
                "%(n)s existing translations kept",
                result["kept_existing"],
            )
            % {"n": result["kept_existing"]}
        )
    if result.get("replaced_existing"):
        parts.append(
            ngettext(
                "%(n)s existing translation replaced",
                "%(n)s existing translations replaced",
                result["replaced_existing"],
            )
            % {"n": result["replaced_existing"]}
        )
    if result["replaced_approved"]:
        parts.append(
            ngettext(
                "%(n)s approved translation replaced",
                "%(n)s approved translations replaced",
                result["replaced_approved"],
            )
            % {"n": result["replaced_approved"]}
        )
    if result["skipped_weak"]:
        parts.append(
            ngettext(
                "%(n)s unit below the confidence threshold left out",
                "%(n)s units below the confidence threshold left out",
                result["skipped_weak"],
            )
            % {"n": result["skipped_weak"]}
        )
    if result["unchanged"]:
        parts.append(
            ngettext("%(n)s unit unchanged", "%(n)s units unchanged", result["unchanged"])
            % {"n": result["unchanged"]}
        )
    return "; ".join(parts) + "."


@login_required
@require_POST
def alignment_accept(request: HttpRequest, slug: str, lang: str, run_id: int) -> HttpResponse:
    run = _run(request, slug, lang, run_id)
    threshold = _threshold(request)
    version = _int(request.POST.get("version"))
    overwrite = request.POST.get("overwrite", "")
    if run.state != AlignmentRun.STATE_PROPOSED:
        messages.error(request, _("This alignment is not waiting for acceptance any more."))
        return redirect(_run_url(run))
    if overwrite not in ("yes", "no", "unapproved") and (
        threshold is None or 0.0 <= threshold <= 1.0
    ):
        plan = alignment_plan.plan_acceptance(run, threshold)
        conflicts = alignment_plan.existing_conflicts(run, plan)
        if conflicts:
            # Only empty units are filled without asking: list the others and ask.
            return render(
                request,
                "workbench/alignment_confirm.html",
                {
                    "run": run,
                    "document": run.document,
                    "language": run.language,
                    "conflicts": conflicts[:CONFIRM_LIST_LIMIT],
                    "conflict_count": len(conflicts),
                    "approved_count": sum(1 for c in conflicts if c.status == STATUS_APPROVED),
                    "can_replace_approved": permissions.can_change_approved(
                        request.user, run.language
                    ),
                    "more": max(len(conflicts) - CONFIRM_LIST_LIMIT, 0),
                    "mode": request.POST.get("mode", "all"),
                    "threshold": request.POST.get("threshold", ""),
                    "version": version if version is not None else run.version,
                },
            )
    if len(run.source_units) > background_above_units():
        # A book: written by a worker, in one transaction; the job's page shows the progress.
        job = start_job(
            request.user,
            "align_accept",
            document=run.document,
            language=run.language,
            run=run.pk,
            only_confident=threshold,
            overwrite_approved=overwrite == "yes",
            version=version,
        )
        return redirect("job", job_id=job.pk)
    try:
        result = accept_alignment(
            request.user,
            run,
            only_confident=threshold,
            overwrite_approved=overwrite == "yes",
            overwrite_existing=overwrite in ("yes", "unapproved"),
            version=version,
        )
    except services.AlignmentError as exc:
        messages.error(request, str(exc))
        return redirect(_run_url(run))
    messages.success(request, result_message(result))
    return redirect(_run_url(run))


@login_required
@require_POST
def alignment_discard(request: HttpRequest, slug: str, lang: str, run_id: int) -> HttpResponse:
    run = _run(request, slug, lang, run_id)
    try:
        services.discard_alignment(request.user, run, version=_int(request.POST.get("version")))
    except services.AlignmentError as exc:
        messages.error(request, str(exc))
        return redirect(_run_url(run))
    messages.success(request, _("The proposed alignment was discarded."))
    return redirect("alignment_upload", slug=run.document.slug, lang=run.language.code)


def _download(data: bytes, content_type: str, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    if not inline:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@export_policy
@require_GET
def alignment_export_html(request: HttpRequest, slug: str, lang: str, run_id: int) -> HttpResponse:

    run = _run(request, slug, lang, run_id)
    info, rows = selectors.alignment_export_rows(run)
    title = _("%(title)s: proposed alignment of %(file)s") % {
        "title": run.document.title,
        "file": run.filename,
    }
    data = bilingual_html(
        info,
        [run.language.info()],
        rows,
        title=title,
        labels=export_labels(run.language.code),
    )
    return _download(
        data,
        "text/html; charset=utf-8",
        f"{run.document.slug}.{run.language.code}.alignment-{run.pk}.html",
        inline=request.GET.get("download") == "0",
    )


@login_required
@require_GET
def alignment_export_tmx(request: HttpRequest, slug: str, lang: str, run_id: int) -> HttpResponse:

    run = _run(request, slug, lang, run_id)
    data = export_tmx(
        selectors.alignment_tmx_pairs(run), source_language=run.document.source_language.code
    )
    return _download(
        data,
        "application/x-tmx+xml; charset=utf-8",
        f"{run.document.slug}.{run.language.code}.alignment-{run.pk}.tmx",
        inline=False,
    )


__all__ = [
    "alignment",
    "alignment_accept",
    "alignment_correct",
    "alignment_demo",
    "alignment_discard",
    "alignment_export_html",
    "alignment_export_tmx",
    "alignment_upload",
]
