#!/usr/bin/env python3
"""Machine-translation benchmark (measures; not a test): Debian's Apertium APY started on
loopback (scripts/apy_loopback.py; `make mt-deps` installs it), SQLite.

    .venv/bin/python bench/bench_machine.py [--rounds 3]

* suggestion latency through the editor's endpoint (`unit_machine`, the Django stack with
  its middleware, in process): each unit of the fixture chapters once uncached (one APY
  request each), then cached (a database read);
* pre-translation (services.pretranslate) of the 'Foundations' chapter into Spanish, units
  per second, with an empty cache (every unit through APY) and again with a full one.

Prints a Markdown table to paste into the README.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request

from _setup import ROOT, setup_django

sys.path.insert(0, str(ROOT / "tests"))


def start_apy() -> tuple[subprocess.Popen, str]:
    from mt_fixtures import free_port  # the tests' helper: a free loopback port

    port = free_port()
    process = subprocess.Popen(
        ["/usr/bin/python3", str(ROOT / "scripts" / "apy_loopback.py"), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/listPairs", timeout=2).close()
            return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("Apertium APY did not start (make mt-deps)")


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{statistics.median(values) * 1000:.1f} ms | {p95 * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    process, url = start_apy()
    try:
        import os

        os.environ["MT_APERTIUM_URL"] = url
        setup_django()
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from workbench.models import Language, MachineSuggestion, Membership, Translation
        from workbench.permissions import SYSTEM
        from workbench.services.documents import import_document
        from workbench.services.pretranslate import pretranslate

        es = Language.objects.get(code="es")
        user = get_user_model().objects.create_user("bench-mt", password="x")
        Membership.objects.create(user=user, language=es, role="translator", state="active")
        fixture = ROOT / "fixtures" / "foundations-socialism-in-one-country.md"
        document = import_document(SYSTEM, fixture.read_bytes(), filename=fixture.name,
                                   language_code="en", slug="bench-mt").document  # fmt: skip
        units = list(document.units.order_by("position"))
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get(reverse("unit_machine", args=[document.slug, "es", units[0].key]))  # warm
        uncached: list[float] = []
        cached: list[float] = []
        for _round in range(args.rounds):
            MachineSuggestion.objects.all().delete()
            for timings in (uncached, cached):
                for unit in units:
                    started = time.perf_counter()
                    response = client.get(
                        reverse("unit_machine", args=[document.slug, "es", unit.key])
                    )
                    timings.append(time.perf_counter() - started)
                    assert response.status_code == 200 and b"unavailable" not in response.content
        rates = {}
        for label, clear in (("empty cache", True), ("full cache", False)):
            Translation.objects.filter(unit__document=document).delete()
            if clear:
                MachineSuggestion.objects.all().delete()
            started = time.perf_counter()
            result = pretranslate(SYSTEM, document, es)
            elapsed = time.perf_counter() - started
            rates[label] = (result.from_machine, elapsed)
        words = sum(u.word_count for u in units)
        print(f"Apertium APY (eng→spa, Debian), {len(units)} units ({words} words), "
              f"{args.rounds} rounds, SQLite.\n")  # fmt: skip
        print("| measure | median | p95 |")
        print("|---|---|---|")
        print(f"| suggestion through the editor endpoint, uncached | {ms(uncached)} |")
        print(f"| suggestion through the editor endpoint, cached | {ms(cached)} |")
        print("\n| pre-translation | units | seconds | units/s |")
        print("|---|---|---|---|")
        for label, (count, elapsed) in rates.items():
            print(f"| {label} | {count} | {elapsed:.2f} | {count / elapsed:.1f} |")
    finally:
        process.terminate()
        process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
