#!/usr/bin/env python
"""Django's command-line utility for the workbench."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["align_files"]:
        # The aligner needs no Django: skip starting it when the arguments are plain (see
        # run_without_django; anything else goes through the command as usual).
        from workbench.text.align.cli import run_without_django

        code = run_without_django(sys.argv[2:])
        if code is not None:
            sys.exit(code)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
