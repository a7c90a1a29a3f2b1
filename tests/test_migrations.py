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
