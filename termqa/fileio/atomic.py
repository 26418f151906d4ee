"""Provides atomic file writes: a temporary file beside the target, fsynced, then renamed.

A crash or a full disk must never leave a half-written glossary or corpus behind, and a
reader must never see one. The temporary file lives in the same directory so that the rename
is atomic, and it takes over the mode of the file it replaces.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from termqa.errors import TermqaError


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, backup: bool = False) -> None:
    """Write `data` to `path` atomically.

    Args:
        path: Destination.
        data: Text (written as UTF-8) or bytes.
        backup: Keep the previous file as `path~` when it exists.

    Raises:
        TermqaError: The directory is not writable or the disk is full.
    """
    dest = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = dest.parent if str(dest.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise TermqaError(f"{dest}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if dest.exists():
            shutil.copymode(dest, tmp)
            if backup:
                shutil.copy2(dest, f"{dest}~")
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, dest)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise TermqaError(f"{dest}: cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
