"""Provides the review UI (Textual). The engine never imports this package; the CLI does, lazily.

`termqa.tui.keys` (the key table) is plain data, read by the configuration without Textual:
the app is imported only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from termqa.tui.app import ReviewApp

__all__ = ["ReviewApp"]


def __getattr__(name: str) -> object:
    if name == "ReviewApp":
        from termqa.tui.app import ReviewApp

        return ReviewApp
    raise AttributeError(name)
