"""Provides termqa's private cache: a per-user directory, and files only this user could have written.

Caches are loaded with pickle (the compiled glossary) and marshal (jieba's dictionary), and
unpickling a file runs whatever it says. jieba's default, `$TMPDIR/jieba.cache`, is shared by
every user of the machine: a file planted there changes the findings, one owned by someone
else makes the run fail. So every cache lives in `cache_dir()`:

- `TERMQA_CACHE_DIR`, else `$XDG_CACHE_HOME/termqa`, else `~/.cache/termqa`;
  `TERMQA_NO_CACHE=1` turns caching off;
- created with mode 0700; used only if it is a real directory (not a link) owned by this user,
  and writable by nobody else;
- every file in it is sealed: an HMAC (keyed by a random per-user key kept in the directory,
  mode 0600) over its contents. A file that is not this user's own, is writable by others,
  or fails its seal is ignored, removed and rebuilt.

A cache is an optimisation: any failure here means "no cache", never an error.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import hmac
import marshal
import os
import shutil
import stat
import tempfile
from pathlib import Path

_MAGIC = b"termqa-sealed-v1\n"
_KEY_NAME = "key"
_MAC_BYTES = 32


def cache_dir() -> Path | None:
    """The private cache directory, created if needed; None when caching is off or unsafe."""
    if os.environ.get("TERMQA_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("TERMQA_CACHE_DIR")
    if explicit:
        base = Path(explicit)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = Path(xdg) if xdg and os.path.isabs(xdg) else Path(os.path.expanduser("~")) / ".cache"
        base = root / "termqa"
    return _private(base)


def private_dir(name: str) -> Path | None:
    """A private subdirectory of the cache (`jieba`, `glossary`), or None."""
    base = cache_dir()
    return _private(base / name) if base is not None else None


def _private(path: Path) -> Path | None:
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        return None
    if st.st_mode & 0o077:
        # Ours but open to others (an old umask, a copied tree): close it, or do not use it.
        try:
            os.chmod(path, 0o700)
        except OSError:
            return None
    return path


def trusted(path: Path) -> bool:
    """A regular file (not a link), owned by this user, writable by nobody else."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


def _key(directory: Path) -> bytes | None:
    path = directory / _KEY_NAME
    for _ in range(2):
        if trusted(path):
            with contextlib.suppress(OSError):
                data = path.read_bytes()
                if len(data) == 32:
                    return data
            return None
        with contextlib.suppress(OSError):
            if os.path.lexists(path):
                path.unlink()  # not ours, or open to others: replace it
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(32))
    return None


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def read_sealed(path: Path) -> bytes | None:
    """The payload of a sealed cache file, or None (missing, not ours, tampered: then removed)."""
    if not os.path.lexists(path):
        return None
    key = _key(path.parent)
    if key is None or not trusted(path):
        _discard(path)
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _MAC_BYTES
    if not data.startswith(_MAGIC) or len(data) < head:
        _discard(path)
        return None
    mac, payload = data[len(_MAGIC):head], data[head:]
    if not hmac.compare_digest(mac, _mac(key, payload)):
        _discard(path)
        return None
    return payload


def write_sealed(path: Path, payload: bytes) -> bool:
    """Write a sealed cache file atomically (mode 0600); False when it could not be written."""
    key = _key(path.parent)
    if key is None:
        return False
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + _mac(key, payload) + payload)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            _discard(Path(tmp))


KEEP_VERSIONS = 4
"""Versions of one cache kept side by side. A version names the library's data files by their
sizes and times (data_version), so each environment termqa is installed in (a project's
virtual environment, CI's, pipx's) has its own: when every write removed all the others, two
environments used in turn rebuilt each other's caches on every run (CC-CEDICT parsed again, and
a term-variant run over 200,000 segments peaked at 1,174 MB instead of 890)."""


def prune(path: Path, pattern: str, keep: int = KEEP_VERSIONS) -> None:
    """Remove the files matching `pattern` beside `path` but the `keep` most recently written;
    `path`, just written, is kept whatever the clocks say."""

    def written(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0  # removed meanwhile: the oldest

    with contextlib.suppress(OSError):
        others = sorted((p for p in path.parent.glob(pattern) if p != path), key=written, reverse=True)
        for old in others[keep - 1:]:
            old.unlink(missing_ok=True)


def _seal_of(path: Path) -> Path:
    return path.with_name(path.name + ".seal")


def verify_external(path: Path) -> bytes | None:
    """The contents of a cache file written by a library (jieba) if it carries this user's seal;
    a file that does not is removed, so that the library rebuilds it instead of loading it."""
    seal = _seal_of(path)
    key = _key(path.parent)
    data = None
    if key is not None and trusted(path) and trusted(seal):
        with contextlib.suppress(OSError):
            content = path.read_bytes()
            if hmac.compare_digest(seal.read_bytes(), _mac(key, content)):
                data = content
    if data is None:
        _discard(path)
        _discard(seal)
    return data


def seal_external(path: Path) -> None:
    """Seal a cache file a library has just written (if it is ours and not sealed yet)."""
    key = _key(path.parent)
    if key is None or not trusted(path):
        return
    with contextlib.suppress(OSError):
        mac = _mac(key, path.read_bytes())
        seal = _seal_of(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{seal.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(mac)
        os.replace(tmp, seal)


def jieba_tokenizer(pos: bool = False):  # noqa: ANN201 - jieba ships no type hints
    """A jieba Tokenizer (or POSTokenizer) whose dictionary cache lives in the private directory.

    jieba loads its cache with marshal from `tmp_dir/cache_file`; both are set before it
    initialises, and the file is verified first, so jieba only ever loads a file this user
    sealed. Without a private directory the cache goes to a fresh private temporary
    directory, removed at exit.
    """
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    directory = private_dir("jieba")
    if directory is None:
        directory = Path(tempfile.mkdtemp(prefix="termqa-jieba-"))  # mode 0700, ours
        atexit.register(shutil.rmtree, directory, True)
    cache = directory / "jieba.cache"
    tokenizer.tmp_dir = str(directory)
    tokenizer.cache_file = str(cache)
    verified = verify_external(cache) if os.path.lexists(cache) else None
    if verified is not None:
        # The bytes just verified, unmarshalled at once: jieba's own load reads the file again
        # (a file swapped in between would be loaded unverified) in small pieces (0.6 s against
        # 0.2 s, paid by every process that segments, each --jobs worker included).
        with contextlib.suppress(ValueError, TypeError, EOFError):
            tokenizer.FREQ, tokenizer.total = marshal.loads(verified)
            tokenizer.initialized = True
    tokenizer.initialize()  # builds and writes the cache when it was not loaded above
    if os.path.lexists(cache) and not os.path.lexists(_seal_of(cache)):
        seal_external(cache)
    if pos:
        import jieba.posseg

        return jieba.posseg.POSTokenizer(tokenizer)
    return tokenizer


class Memo:
    """A small persistent table (str -> JSON value) for lookups that need a slow library to
    answer: loaded from the private cache on first use, saved at exit if it grew.

    A one-line check with the bundled glossary needs the pinyin of a few hundred characters and
    the traditional forms of a few hundred terms; answering that from pypinyin and OpenCC means
    loading them (0.3 s and 0.1-0.2 s), answering from here takes a millisecond. `version`
    names what the answers depend on (the library's data files): another version is another
    file. Entries beyond `limit` are answered but not kept (a large glossary's compiled tables
    are cached whole by compiled.py instead).
    """

    def __init__(self, name: str, version: str, limit: int = 50_000) -> None:
        self.name = name
        self.version = version
        self.limit = limit
        self._table: dict[str, object] | None = None
        self._file: Path | None = None
        self._dirty = False

    def _path(self) -> Path | None:
        directory = private_dir("memo")
        if directory is None:
            return None
        digest = hashlib.blake2b(self.version.encode(), digest_size=10).hexdigest()
        return directory / f"{self.name}-{digest}.json"

    def _load(self) -> dict[str, object]:
        if self._table is None:
            import json

            self._table = {}
            # Fixed now: at exit the environment (TERMQA_CACHE_DIR) may name another place.
            path = self._file = self._path()
            payload = read_sealed(path) if path is not None else None
            if payload is not None:
                with contextlib.suppress(ValueError):
                    loaded = json.loads(payload)
                    if isinstance(loaded, dict):
                        self._table = loaded
        return self._table

    def get(self, key: str) -> object | None:
        """The value kept for `key`, or None."""
        return self._load().get(key)

    def put(self, key: str, value: object) -> None:
        """Keep a value (JSON-serialisable) for `key`; written at exit."""
        table = self._load()
        if len(table) >= self.limit:
            return
        table[key] = value
        if not self._dirty:
            self._dirty = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write the table if it grew (atomically; another process's additions may be lost,
        which costs that process's next run a lookup, nothing else)."""
        if not self._dirty or self._table is None:
            return
        import json

        self._dirty = False
        path = self._file
        if path is None:
            return
        if write_sealed(path, json.dumps(self._table, ensure_ascii=False, separators=(",", ":")).encode()):
            prune(path, f"{self.name}-*.json")  # other versions of the library's data, but the latest


def data_version(package: str, *files: str) -> str:
    """A version string for a package's data files (their sizes and times), without importing
    the package (importing pypinyin costs what the Memo is there to save). A module that is one
    file (PyStemmer's `Stemmer` extension) is versioned by that file when no files are named."""
    import importlib.util

    parts = [package]
    with contextlib.suppress(ImportError, ValueError, AttributeError):
        spec = importlib.util.find_spec(package)
        roots = list(spec.submodule_search_locations or []) if spec is not None else []
        if spec is not None and not roots and not files and spec.origin:
            st = os.stat(spec.origin)
            parts.append(f"{os.path.basename(spec.origin)}:{st.st_size}:{st.st_mtime_ns}")
        for name in files:
            for root in roots:
                with contextlib.suppress(OSError):
                    st = os.stat(os.path.join(root, name))
                    parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return "\x00".join(parts)
