"""Provides `python -m termqa`."""

from termqa.cli import entry

entry()
