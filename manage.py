#!/usr/bin/env python
"""Django's command-line utility. With DATABASE_URL unset it starts the project-local PostgreSQL."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.settings")
    if not os.environ.get("DATABASE_URL"):
        from careerpath import localdb

        localdb.start(quiet=True)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
