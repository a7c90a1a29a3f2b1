"""Send the daily digest of notifications to everyone who chose it (run once a day by cron:
`15 6 * * * cd /srv/workbench && .venv/bin/python manage.py send_notification_digest`).

Each notification is mailed once at most; one whose mail failed waits for the next run.
Exit status 1 when some mail could not be sent (cron mails the operator)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from workbench.services.notifications import send_digests


class Command(BaseCommand):
    help = "E-mail the daily notification digest to those who chose it."

    def handle(self, *args, **options):
        sent, failed = send_digests()
        self.stdout.write(f"digests sent: {sent}, failed: {failed}")
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent; they wait for the next run")
