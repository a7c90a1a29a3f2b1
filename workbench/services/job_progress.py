"""How far a long operation got: the one progress reporter every long service accepts.

A service that may run long takes `progress: Progress = NO_PROGRESS` and calls
`progress.stage(text, total)` when it starts a new step and `progress.advance(n)` as it goes.
It never knows who listens:

- in a background job (services/job_runner.py), `Progress(job_id)` writes to the shared cache
  under "workbench:job:<id>", which the job's page polls, and a heartbeat thread writes
  "workbench:job:<id>:beat" every JOB_HEARTBEAT_SECONDS, which tells a dead worker from a
  slow one. The cache, not the Job row: the job's work is one uncommitted transaction, and on
  SQLite no other connection may write while it holds the write lock;
- on the command line, `Progress(on_change=...)` draws a bar on a terminal;
- everywhere else `NO_PROGRESS` does nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections

WRITE_EVERY = 0.4  # seconds between two cache writes of the same stage (a loop may call often)


def _key(job_id: int) -> str:
    return f"workbench:job:{job_id}"


def _beat_key(job_id: int) -> str:
    return f"workbench:job:{job_id}:beat"


def _ttl() -> int:
    # Long enough to outlive any job's silence we still call alive; the Job row keeps the end.
    return int(settings.JOB_LEASE_SECONDS * 4) + 3600


@dataclass(frozen=True)
class Snapshot:
    """What a page shows of a running job."""

    stage: str
    done: int
    total: int
    stage_started: float
    at: float

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def seconds_left(self) -> int | None:
        """A straight-line estimate from this stage's pace; None until there is a pace."""
        elapsed = self.at - self.stage_started
        if not self.total or self.done <= 0 or elapsed <= 0.5:
            return None
        rate = self.done / elapsed
        return max(0, round((self.total - self.done) / rate))


class Progress:
    def __init__(
        self,
        job_id: int | None = None,
        on_change: Callable[[Snapshot], None] | None = None,
    ) -> None:
        self.job_id = job_id
        self.on_change = on_change
        self._stage = ""
        self._done = 0
        self._total = 0
        self._stage_started = time.time()
        self._written = 0.0

    def stage(self, text: str, total: int = 0) -> None:
        """A new step begins: `text` says what is being done, `total` how many pieces."""
        self._stage, self._done, self._total = str(text)[:200], 0, max(0, int(total))
        self._stage_started = time.time()
        self._publish(force=True)

    def advance(self, n: int = 1) -> None:
        self._done = min(self._total, self._done + n) if self._total else self._done + n
        self._publish(force=self._done == self._total)

    def snapshot(self) -> Snapshot:
        return Snapshot(self._stage, self._done, self._total, self._stage_started, time.time())

    def _publish(self, force: bool) -> None:
        now = time.time()
        if not force and now - self._written < WRITE_EVERY:
            return
        self._written = now
        snap = self.snapshot()
        if self.job_id is not None:
            cache.set(_key(self.job_id), snap.__dict__, _ttl())
        if self.on_change is not None:
            self.on_change(snap)


NO_PROGRESS = Progress()


def read(job_id: int) -> Snapshot | None:
    data = cache.get(_key(job_id))
    return Snapshot(**data) if isinstance(data, dict) else None


def beat(job_id: int) -> None:
    cache.set(_beat_key(job_id), time.time(), _ttl())


def last_beat(job_id: int) -> float | None:
    value = cache.get(_beat_key(job_id))
    return float(value) if value is not None else None


def forget(job_id: int) -> None:
    cache.delete_many([_key(job_id), _beat_key(job_id)])


class Heartbeat:
    """Beats for a job from a thread while the job's work runs (a long pure computation, such
    as aligning a book, reports no progress for seconds). Used as a context manager."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-{job_id}-heartbeat")
        self._thread.daemon = True

    def _run(self) -> None:
        interval = settings.JOB_HEARTBEAT_SECONDS
        try:
            while not self._stop.wait(interval):
                try:
                    beat(self.job_id)
                except Exception:  # noqa: BLE001  a missed beat is retried; the job goes on
                    continue
        finally:
            # A database cache opened a connection for this thread: give it back.
            connections.close_all()

    def __enter__(self) -> Heartbeat:
        beat(self.job_id)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
