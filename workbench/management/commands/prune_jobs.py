"""`python manage.py prune_jobs [--days N]`: remove background jobs that ended more than N
days ago (default settings.JOB_KEEP_DAYS, 30), with the files they kept, and the task queue's
records of finished tasks. Meant for cron (daily); running and queued jobs stay."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workbench.services.job_runner import prune


class Command(BaseCommand):
    help = (
        "Remove background jobs that ended more than --days days ago (default JOB_KEEP_DAYS), "
        "their kept files and the finished tasks of the queue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=float, default=None)

    def handle(self, *args, **opts):
        days = settings.JOB_KEEP_DAYS if opts["days"] is None else opts["days"]
        if days < 0:
            raise CommandError("--days must not be negative.")
        counts = prune(older_than=timedelta(days=days))
        self.stdout.write(
            "Removed {jobs} jobs, {files} files and {tasks} finished tasks.".format(**counts)
        )
