"""gunicorn settings for production: `gunicorn -c python:workbench.gunicorn_conf workbench.wsgi`.

Processes carry the load, threads cover the waits for the database: a save is mostly Python
(the ORM, the quality checks, the row's template) and a process runs one Python thread at a
time. Two processes per core with four threads each is the default; on the 2-core test
machine 2x16, 3x8 and 4x4 gave a save p95 of 50-71 ms with 32 active translators (see the
save latency table in the README, measured with bench/bench_save_load.py). Every value can
be overridden from the environment (WEB_CONCURRENCY is the name hosting platforms already
set) or on the command line.
"""

from __future__ import annotations

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A PO import or an alignment of a long book may run for a while on one request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
