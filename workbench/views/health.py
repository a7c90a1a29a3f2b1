"""Health and readiness endpoints for a load balancer (django-health-check).

- `/health/live/`: the process answers (no check: a database outage must not make the
  balancer restart every app server).
- `/health/ready/`: the database, the shared cache, the upload storage, and the job queue:
  no ready task has waited longer than HEALTH_MAX_QUEUE_WAIT_SECONDS (else no worker is
  taking work), and no running job has lost its worker's heartbeat (a worker killed
  mid-job). 500 with the failing check named when one fails; `?format=json` for machines.
"""

from __future__ import annotations

import dataclasses
import time

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from workbench.models import Job
from workbench.services.job_runner import is_stale


@dataclasses.dataclass
class JobQueue(HealthCheck):
    """The oldest task ready to run has not waited too long: workers are taking work."""

    def run(self) -> None:
        try:
            oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
            if oldest is None:
                return
            waited = (timezone.now() - oldest.enqueued_at).total_seconds()
            depth = DBTaskResult.objects.ready().count()
        finally:
            close_old_connections()
        if waited > settings.HEALTH_MAX_QUEUE_WAIT_SECONDS:
            raise ServiceUnavailable(
                f"{depth} tasks waiting, the oldest for {int(waited)} s: no worker takes work"
            )


@dataclasses.dataclass
class JobWorkers(HealthCheck):
    """Every running job's worker has beaten within the lease."""

    def run(self) -> None:
        try:
            now = time.time()
            running = list(Job.objects.filter(state=Job.STATE_RUNNING)[:200])
            lost = [job.pk for job in running if is_stale(job, now)]
        finally:
            close_old_connections()
        if lost:
            raise ServiceUnavailable(f"{len(lost)} running jobs lost their worker's heartbeat")


live = HealthCheckView.as_view(checks=())
ready = HealthCheckView.as_view(
    checks=(
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",
        JobQueue,
        JobWorkers,
    )
)
