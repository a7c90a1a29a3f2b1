"""WSGI entry point (gunicorn workbench.wsgi)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
application = get_wsgi_application()
# Fail at start, not at the first request: with DEBUG off, SECRET_KEY must be set (reading an
# empty one raises ImproperlyConfigured).
settings.SECRET_KEY  # noqa: B018
