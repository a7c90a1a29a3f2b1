"""gunicorn settings for production: `gunicorn -c python:workbench.gunicorn_conf workbench.wsgi`.

Processes rather than threads carry the load. A save is mostly Python (the ORM, the quality
checks, the row's template) and a process runs one Python thread at a time, so on two cores
2 processes x 16 threads queued saves behind each other where 4 x 4 did not (see the save
latency table in the README, measured with bench/bench_save_load.py). Threads still help
while a request waits for the database. Every value can be overridden from the environment
(WEB_CONCURRENCY is the name hosting platforms already set) or the command line.
"""

from __future__ import annotations

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A PO import or an alignment of a long book may run for a while on one request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
