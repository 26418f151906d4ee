"""Provides the optional-dependency gate for the office and gettext formats (`termqa[formats]`).

PO, XLSX and DOCX need libraries that a CI job checking TSV never uses, so they are an extra.
A file of such a format read without its library is a user's setup problem, not a bug: it
ends in one line naming the extra to install, never in an ImportError traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from termqa.errors import InputError

EXTRA = "formats"
INSTALL = f"pip install 'termqa[{EXTRA}]'"


def require(module: str, kind: str, path: str, *, verb: str = "reading") -> ModuleType:
    """Import `module` for a file of `kind` (PO, XLSX, DOCX), or refuse the file in one line.

    Raises:
        InputError: `x.po: reading PO files needs the formats extra: pip install 'termqa[formats]'`.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(path, f"{verb} {kind} files needs the {EXTRA} extra: {INSTALL}") from None
