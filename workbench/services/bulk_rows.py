"""Many finished rows into one table at once, below the ORM: for the writers whose rows are
plain tuples already (a TMX import's memory entries and keys, a new document's units), where
model instances would be built only to be taken apart again."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert `rows` (values in the order of `columns`): COPY on PostgreSQL, one prepared
    INSERT run over all rows elsewhere. Neither returns ids: give them, or read them back.

    On PostgreSQL a multi-row INSERT of Django's or psycopg's kind costs the client as much
    as the server: psycopg parses every statement for its %s placeholders (a third of a
    second of a 11,630-unit book's import); COPY sends the rows as they are."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Through Django's error wrapper, as its own queries: a unique violation (a
            # concurrent import of the same pairs) is then django.db.IntegrityError.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
