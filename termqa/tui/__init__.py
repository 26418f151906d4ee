"""Provides the review UI (Textual). The engine never imports this package; the CLI does, lazily."""

from termqa.tui.app import ReviewApp

__all__ = ["ReviewApp"]
