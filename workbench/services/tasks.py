"""The django-tasks task that runs background jobs.

`run_job` is picked from the queue by a `db_worker` process and runs a workbench Job
(services/job_runner.py). The one other task, `send_webhooks`, lives beside the deliveries
it sends (services/webhooks.py). Starting work is `services.jobs.start_job`, never
`run_job.enqueue` directly: the Job row is what pages, permissions and retries work from.
"""

from __future__ import annotations

from django_tasks import task

from workbench.services.job_runner import execute


@task()
def run_job(job_id: int) -> str:
    return execute(job_id)
