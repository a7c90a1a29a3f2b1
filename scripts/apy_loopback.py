#!/usr/bin/python3
"""Run Debian's Apertium APY on loopback only: `/usr/bin/python3 scripts/apy_loopback.py
PORT`. APY itself binds every interface (HTTPServer.bind(port)); the tests (and
`make run`) need a service on 127.0.0.1 that nobody else on the network reaches. The
installed pairs are Debian's /usr/share/apertium/modes (packages apertium-eng-spa, ...).

System Python on purpose: Debian installs apertium_apy in /usr/lib/python3/dist-packages,
outside the project's virtualenv."""

import sys

MODES = "/usr/share/apertium/modes"
PORT = sys.argv[1] if len(sys.argv) > 1 else "2737"
# APY reads its arguments from sys.argv when its module is imported (a default argument).
# -j1: one server process; the pipeline of a pair starts on its first use.
sys.argv = ["apertium-apy", "-p", PORT, "-j1", MODES]

import tornado.httpserver  # noqa: E402
from apertium_apy import apy  # noqa: E402


def main() -> None:
    bind = tornado.httpserver.HTTPServer.bind

    def loopback(self, port, address=None, **kwargs):
        return bind(self, port, address="127.0.0.1", **kwargs)

    tornado.httpserver.HTTPServer.bind = loopback
    apy.main()


if __name__ == "__main__":
    main()
