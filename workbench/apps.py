from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "workbench"
    verbose_name = _("Translation workbench")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Error messages of the pure core (text/, formats/) in the reader's UI language.
        from django.utils.translation import gettext

        from workbench.text.i18n import install_translator

        install_translator(gettext)
        _lower_worker_priority()
        _connect_signals()


def _connect_signals() -> None:
    from django.db.models.signals import pre_delete

    from workbench.models import Document
    from workbench.services.memory_import import entries_to_index
    from workbench.services.originals import forget_files_of_deleted_document

    pre_delete.connect(
        forget_files_of_deleted_document, sender=Document, dispatch_uid="forget-document-files"
    )
    entries_to_index.connect(_start_memory_indexing, dispatch_uid="index-memory-entries")


def _start_memory_indexing(sender, **kwargs) -> None:
    # Imported when a PostgreSQL TMX import commits, not at start: services.jobs imports
    # every job kind's module (exports, alignment, docx...), a fifth of a second of every
    # process's start, commands and workers included.
    from workbench.services.jobs import start_memory_indexing

    start_memory_indexing(sender, **kwargs)


def _lower_worker_priority() -> None:
    """A `db_worker` process yields the CPU to the app servers (settings.JOB_WORKER_NICE):
    on a machine that runs both, a book's alignment (pure Python, seconds of CPU) otherwise
    takes a core from the translators' saves. Jobs only take longer; on machines of their own
    workers lose nothing. Only the worker command: never a web process or the tests."""
    import os
    import sys

    from django.conf import settings

    nice = getattr(settings, "JOB_WORKER_NICE", 0)
    if nice > 0 and len(sys.argv) > 1 and sys.argv[1] == "db_worker" and hasattr(os, "nice"):
        os.nice(nice)
