from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of long work run by a background worker (workbench/services/jobs.py).

    The queue itself is django-tasks' own table (django_tasks_db.DBTaskResult, `task_id`
    points at it); this row is what the workbench shows and decides on: who started what, on
    which document and language, how far it got, and how it ended.

    - `kind`: which handler runs it (services/job_kinds.py, KINDS), e.g. "align_propose".
    - `params`: the handler's JSON arguments; an uploaded file is stored through Django's
      storage API first and named here (`upload`), never kept in the row.
    - `state`: queued -> running -> succeeded | failed. A failed job can be started again
      (a new Job with the same params, `retry_of` pointing back).
    - `done`/`total`/`stage`: the progress when the job ended. While it runs, progress and
      the worker's heartbeat live in the shared cache (services/jobs.py, "job:<id>"), not in
      this row: the job's work is one uncommitted transaction, and on SQLite no other
      connection may write while it holds the write lock. A running job whose heartbeat is
      older than JOB_LEASE_SECONDS lost its worker (kill -9, a machine gone) and is marked
      failed by the next worker or status read.
    - `lock_key`: jobs with the same key never run at the same time (e.g. "document:12":
      two source updates, an update and an alignment acceptance).
    - `result`: a small JSON summary for the page (counts, the URL to go to next, a file).
    """

    STATE_QUEUED = "queued"
    STATE_RUNNING = "running"
    STATE_SUCCEEDED = "succeeded"
    STATE_FAILED = "failed"
    STATES = [
        (STATE_QUEUED, _("queued")),
        (STATE_RUNNING, _("running")),
        (STATE_SUCCEEDED, _("finished")),
        (STATE_FAILED, _("failed")),
    ]
    ACTIVE_STATES = (STATE_QUEUED, STATE_RUNNING)

    kind = models.CharField(max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    document = models.ForeignKey(
        "workbench.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    language = models.ForeignKey(
        "workbench.Language", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=12, choices=STATES, default=STATE_QUEUED)
    lock_key = models.CharField(max_length=80, blank=True, default="")
    task_id = models.CharField(max_length=64, blank=True, default="")
    worker = models.CharField(max_length=120, blank=True, default="")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True, default="")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    retry_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "started_at"], name="job_state_started"),
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent"),
            models.Index(fields=["lock_key", "state"], name="job_lock_state"),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} ({self.kind}, {self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))
