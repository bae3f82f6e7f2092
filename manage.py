#!/usr/bin/env python
"""Django's command-line utility for the council commissioning governance product."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
