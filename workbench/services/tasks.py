"""The django-tasks tasks of the workbench, all in this module.

There is one: `run_job`, which a `db_worker` process picks from the queue and which runs a
workbench Job (services/job_runner.py). Starting work is `services.jobs.start_job`, never
`run_job.enqueue` directly: the Job row is what pages, permissions and retries work from.
"""

from __future__ import annotations

from django_tasks import task

from workbench.services.job_runner import execute


@task()
def run_job(job_id: int) -> str:
    return execute(job_id)
