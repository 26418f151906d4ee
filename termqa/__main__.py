"""Provides `python -m termqa`."""

import sys

from termqa.cli import main

sys.exit(main())
