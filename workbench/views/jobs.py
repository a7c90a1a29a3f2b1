"""Background jobs on pages: the jobs page, one job's page with its progress (polled by
jobs.js without reloading), and starting a failed job again.

A job is shown only to who may see it (permissions.can_see_job): 404 for anybody else, so a
job's existence is not revealed either.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from workbench import permissions
from workbench.models import Job
from workbench.selectors import jobs as selectors
from workbench.services import job_progress
from workbench.services import jobs as services
from workbench.services.job_kinds import KINDS
from workbench.services.source_updates import category_labels
from workbench.text import source_diff
from workbench.views.alignment import result_message  # the run page's own wording


def _job(request: HttpRequest, job_id: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("owner", "document", "language"), pk=job_id)
    if not permissions.can_see_job(request.user, job):
        raise Http404("no such job")
    return job


def describe_result(job: Job) -> str:
    """The end of a finished job in one sentence, in the reader's language."""
    r = job.result or {}
    if job.kind == "align_propose":
        return ngettext(
            "The file was aligned: %(n)s link to check.",
            "The file was aligned: %(n)s links to check.",
            r.get("links", 0),
        ) % {"n": r.get("links", 0)}
    if job.kind in ("align_accept", "align"):
        return result_message(r) if "written" in r else ""
    if job.kind == "document_import":
        return ngettext(
            "Imported %(units)d unit.", "Imported %(units)d units.", r.get("units", 0)
        ) % {"units": r.get("units", 0)}
    if job.kind == "source_update":
        labels = category_labels()
        counts = r.get("counts", {})
        parts = [
            _("%(label)s: %(count)d") % {"label": labels[name], "count": counts[name]}
            for name in source_diff.CATEGORIES
            if counts.get(name)
        ]
        parts.append(_("Translations now outdated: %(count)d") % {"count": r.get("outdated", 0)})
        return "; ".join(parts) + "."
    if job.kind == "po_import":
        return _(
            "%(imported)d imported, %(unchanged)d unchanged, %(skipped)d skipped, "
            "%(conflicts)d conflicts kept as suggestions."
        ) % {k: r.get(k, 0) for k in ("imported", "unchanged", "skipped", "conflicts")}
    if job.kind == "prefill":
        return _(
            "%(filled)d of %(total)d untranslated units were filled from the translation "
            "memory; they need review."
        ) % {"filled": r.get("filled", 0), "total": r.get("untranslated", 0)}
    if job.kind == "pretranslate":
        text = _(
            "%(done)d of %(empty)d empty units were pre-translated as drafts (%(memory)d from "
            "the translation memory, %(machine)d by machine translation); they need to be read "
            "and edited."
        ) % {
            "done": r.get("from_memory", 0) + r.get("from_machine", 0),
            "empty": r.get("empty", 0),
            "memory": r.get("from_memory", 0),
            "machine": r.get("from_machine", 0),
        }
        if r.get("unavailable"):
            text += " " + _("%(count)d units stayed empty: the engine was unavailable.") % {
                "count": r["unavailable"]
            }
        return text
    if job.kind == "glossary_import":
        return _(
            "Glossary imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged."
        ) % {k: r.get(k, 0) for k in ("created", "updated", "unchanged")}
    if job.kind == "memory_export":
        return ngettext(
            "The file with %(n)s pair is ready.", "The file with %(n)s pairs is ready.",
            r.get("pairs", 0),
        ) % {"n": r.get("pairs", 0)}  # fmt: skip
    if job.kind == "document_export":
        return _("%(name)s is ready (%(size)s).") % {
            "name": r.get("filename", ""),
            "size": filesizeformat(r.get("bytes", 0)),
        }
    if job.kind == "tmx_import":
        text = _(
            "Imported %(created)s pairs; %(duplicates)s already in the memory, %(skipped)s skipped."
        ) % {k: r.get(k, 0) for k in ("created", "duplicates", "skipped")}
        return " ".join([text, *r.get("messages", [])])
    return ""


def job_context(job: Job) -> dict:
    """What the progress partial (_job_progress.html) shows of a job, running or ended."""
    snap = job_progress.read(job.pk) if job.state == Job.STATE_RUNNING else None
    kind = KINDS.get(job.kind)
    return {
        "job": job,
        "label": kind.label if kind else job.kind,
        "stage": snap.stage if snap else job.stage,
        "done": snap.done if snap else job.done,
        "total": snap.total if snap else job.total,
        "percent": snap.percent if snap else job.percent,
        "seconds_left": snap.seconds_left if snap else None,
        "summary": describe_result(job) if job.state == Job.STATE_SUCCEEDED else "",
        "next_url": (job.result or {}).get("url", "") if job.state == Job.STATE_SUCCEEDED else "",
        "next_is_file": bool((job.result or {}).get("file")),
    }


@login_required
@require_GET
def jobs(request: HttpRequest) -> HttpResponse:
    active, recent = selectors.jobs_page(request.user)
    for running in active:
        services.reap(running)  # a job whose worker died shows as failed
    return render(
        request,
        "workbench/jobs.html",
        {
            "active": [job_context(j) for j in active],
            "recent": [job_context(j) for j in recent],
        },
    )


@login_required
@require_GET
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = services.refresh(_job(request, job_id))
    context = job_context(job)
    if request.GET.get("partial") == "1":
        return render(request, "workbench/_job_progress.html", context)
    return render(request, "workbench/job.html", context)


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    new = services.retry_job(request.user, _job(request, job_id))
    return redirect("job", job_id=new.pk)


@login_required
@require_GET
def job_file(request: HttpRequest, job_id: int) -> HttpResponse:
    """The file a finished job made (a whole-memory export, a large document's download),
    for whoever may see the job."""
    job = _job(request, job_id)
    name = (job.result or {}).get("file", "")
    if job.state != Job.STATE_SUCCEEDED or not name or not default_storage.exists(name):
        raise Http404("no file")
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=job.result.get("filename") or name.rsplit("/", 1)[-1],
        # Jobs from before the result named its type were all whole-memory TMX exports.
        content_type=job.result.get("content_type") or "application/x-tmx+xml; charset=utf-8",
    )
