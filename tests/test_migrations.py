"""The migrations describe the models exactly: a model change without its migration fails."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=io.StringIO())
    except SystemExit as exc:  # makemigrations --check exits 1 when changes are missing
        pytest.fail(f"models and migrations differ:\n{out.getvalue()}")
        raise exc


@pytest.mark.django_db
def test_trigram_indexes_exist_on_postgresql_only():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'workbench_memoryentry'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'workbench_memoryentry'"
            )
        names = {row[0] for row in cursor.fetchall()}
    trigram = {"memory_source_trgm", "memory_target_trgm"}
    if connection.vendor == "postgresql":
        assert trigram <= names
    else:
        assert not trigram & names
