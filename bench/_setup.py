"""Shared set-up for the benchmark scripts: a throw-away database, migrated, with languages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def setup_django(database_url: str | None = None) -> None:
    """Point Django at a benchmark database (default: a fresh SQLite file) and migrate it."""
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        db = OUT / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from workbench.models import Language
    from workbench.text.languages import KNOWN

    for code in ("en", "de", "fr", "es", "ar"):
        info = KNOWN[code]
        Language.objects.get_or_create(
            code=code,
            defaults={
                "name": info.name,
                "direction": info.direction,
                "plural_forms": info.plural_forms,
            },
        )


def reset_postgres_database(name: str) -> str:
    """Create (or recreate) a PostgreSQL database for a benchmark; returns its URL."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
        return True
    except Exception:
        return False
