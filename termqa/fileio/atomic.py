"""Provides outputs that never destroy: path checks before writing, atomic replacement after.

Two halves. `resolve_output` decides, before any work is done, whether a path may be written:
an input, a directory, a device, a FIFO or a symbolic link is refused (a report written "over"
/dev/null or over a link must not replace the node), an existing file needs `force`, and
`-`, /dev/stdout and /dev/stderr mean the stream itself. `AtomicFile` then writes a temporary
file beside the target, fsyncs it and renames it over the target, so that a reader, a crash
or a SIGKILL sees the old file or the new one, never half of one. The previous file is kept
as `NAME~` when asked. Temporary files carry the writer's pid; the next write to the same
target removes those whose writer is dead (a killed run cannot clean up after itself).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from termqa.errors import TermqaError, UsageError

TMP_SUFFIX = ".termqa-tmp"
"""Every temporary file termqa writes beside an output ends so (see sweep_stale)."""

STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
STDERR_NAMES = ("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2")


class OutputError(TermqaError):
    """An output path that may not or cannot be written; the message names it."""

    def __init__(self, path: str | os.PathLike[str], problem: str, sep: str = ": ") -> None:
        self.path = str(path)
        super().__init__(f"{path}{sep}{problem}")


@dataclass(frozen=True, slots=True)
class Output:
    """Where an output goes: a regular file replaced atomically, or a standard stream."""

    given: str
    """The path as the user wrote it (for messages)."""
    kind: Literal["file", "stdout", "stderr"]
    dest: str | None = None
    """The regular file to replace (a symlink's target for --in-place), for kind 'file'."""
    exists: bool = False

    @property
    def is_stream(self) -> bool:
        """True for stdout and stderr."""
        return self.kind != "file"


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _kind_of(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file (use -o - for stdout)"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return None


def resolve_output(
    path: str,
    *,
    inputs: Iterable[str] = (),
    force: bool = False,
    in_place: bool = False,
    streams: bool = True,
    replaceable: bool = False,
) -> Output:
    """Decide where `path` may be written, before anything is read or computed.

    Args:
        path: The output as given.
        inputs: Every file the command reads; writing over one is refused unless `in_place`.
        force: Replace an existing file (the caller keeps `NAME~`).
        in_place: The output is an input on purpose; a symlink is followed to its target.
        streams: `-`, /dev/stdout and /dev/stderr are accepted as streams.
        replaceable: An existing file is termqa's own derived output (NAME.reviewed.EXT):
            replaced without `force`, keeping NAME~.

    Raises:
        OutputError: The path is an input, a directory, a device, a FIFO, a symlink, an existing
            file without `force`, or its folder cannot be written.
    """
    if path in STDOUT_NAMES or path in STDERR_NAMES:
        if not streams:
            raise OutputError(path, "cannot write this output to a stream; name a file")
        return Output(path, "stdout" if path in STDOUT_NAMES else "stderr")
    if not path or "\x00" in path:
        raise OutputError(repr(path), "not a file name")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # ENOTDIR: a parent is a file; ENAMETOOLONG; EACCES
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
    dest = path
    if st is not None and stat.S_ISLNK(st.st_mode):
        if not in_place:
            raise OutputError(path, "is a symbolic link; termqa replaces files, not links (name the file it points to)")
        dest = os.path.realpath(path)
        try:
            st = os.stat(dest)
        except OSError as exc:
            raise OutputError(path, f"is a symbolic link to {dest}, which cannot be written: {exc.strerror}") from None
    if st is not None:
        problem = _kind_of(st.st_mode)
        if problem:
            raise OutputError(path, problem)
        me = (st.st_dev, st.st_ino)
        if not in_place and any(_identity(i) == me for i in inputs):
            raise OutputError(path, "is also an input; termqa does not write over its inputs (use --in-place for a corpus)")
        if not (force or in_place or replaceable):
            raise OutputError(path, f"exists; pass --force to overwrite it (a backup {path}~ is kept)", sep=" ")
    _check_folder(path, dest)
    return Output(path, "file", dest, st is not None)


def _check_folder(given: str, dest: str) -> None:
    folder = os.path.dirname(dest) or "."
    probe = folder
    # Missing folders are created on write; the nearest existing one must be a writable folder.
    while not os.path.lexists(probe):
        parent = os.path.dirname(probe) or "."
        if parent == probe:
            break
        probe = parent
    if not os.path.isdir(probe):
        raise OutputError(given, f"cannot write: {probe} is not a directory")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(given, f"cannot write: permission denied in {probe}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def sweep_stale(dest: str | os.PathLike[str]) -> int:
    """Remove temporary files left beside `dest` by killed termqa runs; returns how many.

    Only files named by AtomicFile, owned by this user, whose writing process is gone.
    """
    target = Path(dest)
    folder = target.parent if str(target.parent) else Path(".")
    removed = 0
    prefix = f".{target.name}."
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(TMP_SUFFIX)]
    except OSError:
        return 0
    for name in names:
        middle = name[len(prefix): -len(TMP_SUFFIX)]
        pid_text = middle.split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            if os.lstat(path).st_uid == os.getuid():
                path.unlink()
                removed += 1
    return removed


def _write_error(dest: str | os.PathLike[str], exc: OSError) -> OutputError:
    return OutputError(dest, f"cannot write: {exc.strerror or exc}")


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _keep_backup(dest: Path) -> None:
    """`dest~` becomes the current `dest`, atomically (a hard link when the file system allows)."""
    backup = Path(f"{dest}~")
    fd, tmp = tempfile.mkstemp(prefix=f".{backup.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=dest.parent)
    os.close(fd)
    try:
        try:
            os.unlink(tmp)
            os.link(dest, tmp)
        except OSError:
            import shutil

            shutil.copy2(dest, tmp)
        os.replace(tmp, backup)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, backup: bool = False) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` when the block ends without an exception.

    On an exception (or a write error) the temporary file is removed and `path` is untouched.

    Raises:
        OutputError: The folder cannot be written, the disk is full, `path` is a directory.
    """
    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_stale(dest)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _write_error(dest, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            st = os.stat(dest)
        except FileNotFoundError:
            os.chmod(tmp, 0o666 & ~_umask())
        else:
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(21, "Is a directory")
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if backup:
                _keep_backup(dest)
        os.replace(tmp, dest)
        _fsync_folder(folder)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(dest, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, backup: bool = False) -> None:
    """Write `data` (text as UTF-8, or bytes) to `path` atomically; keep `path~` with `backup`.

    Raises:
        OutputError: The folder is not writable, the disk is full.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(path, backup=backup) as fh:
        fh.write(payload)


@contextlib.contextmanager
def open_output(target: Output, *, backup: bool = False) -> Iterator[BinaryIO]:
    """A binary handle on a resolved output: the stream itself, or an atomic file."""
    if target.is_stream:
        stream = sys.stdout if target.kind == "stdout" else sys.stderr
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a captured stream in tests: text only
            yield _TextBridge(stream)  # type: ignore[misc]
        else:
            yield buffer
            buffer.flush()
        return
    assert target.dest is not None
    with atomic_file(target.dest, backup=backup) as fh:
        yield fh


class _TextBridge:
    """Bytes written to a text stream (a stream without a buffer, such as pytest's capture)."""

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        self._stream.write(data.decode("utf-8", "surrogateescape"))  # type: ignore[attr-defined]
        return len(data)

    def flush(self) -> None:
        self._stream.flush()  # type: ignore[attr-defined]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def refuse_same(path: str, others: Iterable[str]) -> None:
    """Refuse two outputs of one run that are the same file."""
    me = os.path.abspath(path)
    for other in others:
        if os.path.abspath(other) == me:
            raise UsageError(f"{path} is named twice as an output")
