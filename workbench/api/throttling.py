"""Rate limits (settings.API_RATE_USER per user, API_RATE_ANON per address for anonymous
reads), counted in the database cache (CACHES["api-throttle"]), which every app server
shares; a per-process count would multiply the limit by the number of processes."""

from __future__ import annotations

from django.core.cache import caches
from rest_framework import throttling


class _SharedCount:
    @property
    def cache(self):
        return caches["api-throttle"]


class UserRateThrottle(_SharedCount, throttling.UserRateThrottle):
    pass


class AnonRateThrottle(_SharedCount, throttling.AnonRateThrottle):
    pass
