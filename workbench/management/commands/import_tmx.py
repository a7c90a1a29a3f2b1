from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workbench.formats.tmx import TmxError
from workbench.limits import file_limits
from workbench.management.commands._helpers import get_user, read_file, terminal_progress
from workbench.permissions import SYSTEM
from workbench.services.jobs import start_job
from workbench.services.memory_import import MemoryImportError, import_tmx


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Import the pairs of a TMX file into the translation memory (free-standing entries, "
        "origin tmx). Languages come from the file's xml:lang; pairs in languages the "
        "workbench does not know are skipped and reported, pairs already in the memory too. "
        "A file that cannot be read imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user",
            default=None,
            help="import as this user: only into the languages they review",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="hand the import to a background worker and print the job's id",
        )

    def handle(self, *args, **opts):
        path = opts["file"]
        data = read_file(path)
        user = get_user(opts["user"])
        if opts["background"]:
            job = start_job(user or SYSTEM, "tmx_import", upload=(data, Path(path).name))
            self.stdout.write(str(job.pk))
            return
        try:
            summary = import_tmx(
                user or SYSTEM,
                data,
                origin_name=Path(path).name,
                limits=file_limits(),
                progress=terminal_progress(self),
            )
        except (TmxError, MemoryImportError) as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.") from exc
        for line in summary.messages():
            self.stderr.write(line)
        self.stdout.write(
            f"Imported {summary.created} pairs from {Path(path).name} ({summary.created} new); "
            f"{summary.duplicates} already in the memory, {summary.skipped} skipped."
        )
        # Importing a file again is a success ("0 new"): only a file none of whose pairs could
        # be used (all in unknown languages, empty, refused) is a failure.
        if summary.created == 0 and summary.duplicates == 0 and summary.skipped:
            raise CommandError("No pair could be imported (see the messages above).")
