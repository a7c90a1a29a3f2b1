"""Scale-out on PostgreSQL: two gunicorn app servers and two `db_worker` processes on
loopback, sharing one database and one Redis cache. Translators save through both app
servers while alignment jobs run on both workers; one worker is killed with SIGKILL in the
middle of a job. No acknowledged save may be lost, the killed job must end failed (its work
rolled back), every other job must finish."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from workbench.models import AlignmentRun, Job, Revision, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services import job_runner
from workbench.services.documents import import_document
from workbench.services.jobs import start_job

from .conftest import FIXTURES, ROOT, SAMPLE_MD

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

GERMAN = FIXTURES / "foundations-socialism-in-one-country.de.md"
REDIS = ("127.0.0.1", 6379)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
        return True
    except OSError:
        return False


class Browser:
    """One signed-in translator talking to one app server over real HTTP."""

    def __init__(self, base: str, session_key: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.jar.set_cookie(
            Cookie(0, "sessionid", session_key, None, False, "127.0.0.1", False, False, "/",
                   True, False, None, False, None, None, {})
        )  # fmt: skip
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as r:
            return r.read().decode()

    def save(self, path: str, text: str, version: int) -> tuple[int, dict]:
        csrf = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode(
            {"text": text, "version": version, "csrfmiddlewaretoken": csrf}
        ).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, {}


def _wait_port(port: int, proc: subprocess.Popen) -> None:
    for _ in range(200):
        assert proc.poll() is None, "the app server exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the app server did not start")


@pytest.mark.skipif(not _redis_up(), reason="needs Redis at 127.0.0.1:6379")
def test_two_app_servers_two_workers_one_killed_mid_job(
    sample_document, translator, languages, tmp_path
):
    prefix = f"jobs-scale-{uuid.uuid4().hex[:8]}"
    cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    uploads = tmp_path / "uploads"
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": prefix,
        "UPLOAD_ROOT": str(uploads),
        "JOB_HEARTBEAT_SECONDS": "0.5",
        "JOB_LEASE_SECONDS": "4",
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions signed in here must hold there
        "DEBUG": "0",
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "WORKBENCH_LOG_LEVEL": "ERROR",
    }
    # A book to align: the chapter 300 times (4,200 units), and its translation as often.
    book = import_document(
        SYSTEM, ("\n\n".join([SAMPLE_MD.read_text()] * 300)).encode(),
        filename="book.md", language_code="en", slug="book",
    ).document  # fmt: skip
    target = ("\n\n".join([GERMAN.read_text()] * 300)).encode()

    procs: list[subprocess.Popen] = []
    ports = [_free_port(), _free_port()]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with override_settings(CACHES=cache, JOB_LEASE_SECONDS=4, STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(uploads)}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }):  # fmt: skip
        try:
            for port in ports:
                procs.append(subprocess.Popen(
                    [gunicorn, "-c", "python:workbench.gunicorn_conf", "workbench.wsgi",
                     "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "4"],
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                ))  # fmt: skip
            workers = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "manage.py",
                        "db_worker",
                        "--no-reload",
                        "--interval",
                        "0.2",
                        "--no-startup-delay",
                        "--worker-id",
                        f"w{i}",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=open(tmp_path / f"worker{i}.log", "wb"),  # noqa: SIM115  read when it fails
                )
                for i in range(2)
            ]
            procs += workers
            for port, proc in zip(ports, procs, strict=False):
                _wait_port(port, proc)

            jobs = [
                start_job(translator, "align_propose", document=book, language=languages["de"],
                          upload=(target, f"book-{i}.de.md"))
                for i in range(4)
            ]  # fmt: skip

            client = Client()
            client.force_login(translator)
            session_key = client.cookies["sessionid"].value
            keys = list(
                Unit.objects.filter(document=sample_document).order_by("position")
                .values_list("key", flat=True)
            )  # fmt: skip
            saved: dict[str, list[str]] = {}
            errors: list[str] = []
            stop = threading.Event()

            def volunteer(n: int) -> None:
                browser = Browser(f"http://127.0.0.1:{ports[n % 2]}", session_key)
                browser.get(f"/d/{sample_document.slug}/de/")
                mine = keys[n::4]
                versions = {k: 0 for k in mine}
                i = 0
                while not stop.is_set() and i < 400:
                    key = mine[i % len(mine)]
                    text = f"Übersetzung {i} von {n}"
                    status, body = browser.save(
                        f"/d/{sample_document.slug}/de/u/{key}/save", text, versions[key]
                    )
                    if status != 200:
                        errors.append(f"{key}: {status}")
                        return
                    versions[key] = body["version"]
                    saved.setdefault(key, []).append(text)
                    i += 1

            threads = [threading.Thread(target=volunteer, args=(n,)) for n in range(4)]
            for t in threads:
                t.start()

            # Kill the worker running the first job to start, in the middle of its work.
            victim = None
            deadline = time.time() + 120
            while victim is None and time.time() < deadline:
                running = Job.objects.filter(pk__in=[j.pk for j in jobs], state="running")
                for job in running:
                    pid = int(job.worker.rsplit(":", 1)[1])
                    victim = next((w for w in workers if w.pid == pid), None)
                    if victim is not None:
                        killed_job = job
                        break
                time.sleep(0.05)
            assert victim is not None, list(Job.objects.values_list("state", "worker", "error"))
            victim.send_signal(signal.SIGKILL)
            victim.wait(10)

            # The other worker finishes every other job and reaps the killed one.
            deadline = time.time() + 240
            while time.time() < deadline:
                states = dict(
                    Job.objects.filter(pk__in=[j.pk for j in jobs]).values_list("pk", "state")
                )
                if all(s in ("succeeded", "failed") for s in states.values()):
                    break
                job_runner.reap_stale()
                time.sleep(0.3)
            stop.set()
            for t in threads:
                t.join(60)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()

    assert not errors, errors
    states = dict(Job.objects.filter(pk__in=[j.pk for j in jobs]).values_list("pk", "state"))
    assert states.pop(killed_job.pk) == "failed"
    assert set(states.values()) == {"succeeded"}, states
    killed_job.refresh_from_db()
    assert "worker" in killed_job.error
    assert AlignmentRun.objects.count() == 3, "the killed job's work was rolled back"
    # Every acknowledged save is stored: the last text of each unit, one revision per save.
    assert sum(len(v) for v in saved.values()) > 0
    for key, texts in saved.items():
        translation = Translation.objects.get(unit__document=sample_document, unit__key=key,
                                              language=languages["de"])  # fmt: skip
        assert translation.text == texts[-1]
        assert Revision.objects.filter(translation=translation).count() == len(texts)
