"""Background jobs in the API: one job's state, progress and result, for the client that
started an import (202) to poll. Visible to whoever may see it on the web
(permissions.can_see_job); 404 for anybody else, so a job's existence is not revealed."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench import permissions
from workbench.api.serializers import JobSerializer
from workbench.models import Job
from workbench.services import job_progress
from workbench.services import jobs as services


def outcome_response(outcome: dict, serializer) -> Response:
    """An import's answer: 200 with what it did, or 202 with the job to poll (Location)."""
    if outcome["state"] == "queued":
        outcome = {**outcome, "job": job_data(outcome["job"])}
        return Response(
            serializer(outcome).data, status=202, headers={"Location": outcome["job"]["url"]}
        )
    return Response(serializer(outcome).data)


def job_data(job: Job) -> dict:
    """A job as the API shows it; a running job's progress is read from the shared cache the
    worker reports to (as the web page does)."""
    snap = job_progress.read(job.pk) if job.state == Job.STATE_RUNNING else None
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "stage": snap.stage if snap else job.stage,
        "done": snap.done if snap else job.done,
        "total": snap.total if snap else job.total,
        "percent": snap.percent if snap else job.percent,
        "seconds_left": snap.seconds_left if snap else None,
        "result": job.result if job.state == Job.STATE_SUCCEEDED else {},
        "error": job.error if job.state == Job.STATE_FAILED else "",
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "url": reverse("api-job", args=[job.pk]),
        "page": reverse("job", args=[job.pk]),
    }


class JobDetail(APIView):
    @extend_schema(responses=JobSerializer, operation_id="jobs_retrieve")
    def get(self, request, pk: int):
        job = Job.objects.filter(pk=pk).first()
        if job is None or not permissions.can_see_job(request.user, job):
            raise Http404("no such job")
        return Response(JobSerializer(job_data(services.refresh(job))).data)
