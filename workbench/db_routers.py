"""CACHE_URL=db: the database cache on a connection of its own ("cache", same database).

Job progress and heartbeats are cache writes made while the job's work is one open
transaction on "default"; on the same connection they would stay invisible until it commits.
"""

from __future__ import annotations


class CacheRouter:
    def _is_cache(self, model) -> bool:
        return model._meta.app_label == "django_cache"

    def db_for_read(self, model, **hints):
        return "cache" if self._is_cache(model) else None

    def db_for_write(self, model, **hints):
        return "cache" if self._is_cache(model) else None

    def allow_migrate(self, db, app_label, **hints):
        if db == "cache":
            return app_label == "django_cache"
        return None
