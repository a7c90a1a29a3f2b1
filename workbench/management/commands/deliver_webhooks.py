"""`python manage.py deliver_webhooks [--loop SECONDS]`: send the webhook deliveries that
are due (new ones a receiver did not take right after the event, and retries after a
failure, with back-off). Run it from cron every minute, or with --loop as a service. (The
background job queue of issue 14 takes this over.)"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from workbench.services.webhooks import deliver_due


class Command(BaseCommand):
    help = "Send due webhook deliveries (retries with back-off)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=float, metavar="SECONDS", help="keep going, pausing this long"
        )
        parser.add_argument("--limit", type=int, default=100, help="deliveries per round")

    def handle(self, *args, loop: float | None = None, limit: int = 100, **options):
        while True:
            counts = deliver_due(limit=limit)
            if any(counts.values()) or loop is None:
                self.stdout.write(
                    "delivered {delivered}, to retry {retry}, given up {failed}".format(**counts)
                )
            if loop is None:
                return
            time.sleep(max(loop, 1.0))
