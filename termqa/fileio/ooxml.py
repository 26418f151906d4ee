"""Provides the checks on an Office Open XML package (XLSX, DOCX) before a library unpacks it.

An XLSX or DOCX file is a zip archive. The libraries that read them (fastexcel, openpyxl,
python-docx) unpack its parts into memory, so the input size limit is applied to what the
archive unpacks to, not only to its compressed size: a few megabytes of zip can hold
gigabytes of repeated XML. The archive's own directory gives the sizes without unpacking.
"""

from __future__ import annotations

import io
import zipfile

from termqa.errors import InputError
from termqa.fileio.textfile import policy, read_bytes


def read_package(path: str, kind: str) -> bytes:
    """The bytes of an XLSX or DOCX file, after checking that it is a zip within the limits.

    Raises:
        InputError: Not a zip archive (a damaged file, another format named .xlsx), or parts
            that unpack to more than the input limit (--max-input-size).
    """
    data = read_bytes(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable {kind} file (not a zip archive: {exc})") from None
    limit = policy().max_bytes
    if unpacked > limit:
        raise InputError(path, f"unpacks to {unpacked:,} bytes, over the limit of {limit:,} (see --max-input-size)")
    return data
