"""Provides finding fingerprints and baselines of accepted findings.

A fingerprint must survive edits elsewhere in the file: lines move, segments are inserted,
ids are renumbered. It is therefore built from what the finding is about, not where it is:
the rule, the document, the side, the flagged text and the few words around it. A baseline is
a JSON Lines file with one object per accepted finding carrying a `fingerprint`; the review
UI's decisions log has the same shape, so either can be passed to `--baseline`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator

from termqa.errors import InputError
from termqa.fileio.atomic import atomic_write
from termqa.fileio.textfile import iter_json_objects
from termqa.model import Finding


def fingerprint(f: Finding) -> str:
    """A stable 16-hex-digit id for a finding, independent of its line and offsets."""
    basis = "\x1f".join((f.rule, f.doc, f.side.value, f.text.casefold(), f.context.casefold(), f.message if not f.text else ""))
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


_EXCUSING = ("ignore", "accept", "accept-add", "baseline")
_KNOWN_ACTIONS = (*_EXCUSING, "fix", "undo")
"""A baseline's own records say `baseline`; a decisions log passed as a baseline has the rest."""


class Baseline:
    """A multiset of accepted fingerprints: each entry excuses one occurrence."""

    def __init__(self, fingerprints: Iterable[str] = ()) -> None:
        self._left = Counter(fingerprints)
        self.used = 0
        """How many findings the baseline has excused so far."""

    def __len__(self) -> int:
        return sum(self._left.values())

    @classmethod
    def load(cls, path: str) -> Baseline:
        """Read a baseline or decisions log.

        Raises:
            InputError: A line that is not a JSON object with a string `fingerprint`.
        """
        prints: list[str] = []
        for lineno, obj in iter_json_objects(path, "baseline"):
            fp = obj.get("fingerprint")
            if not isinstance(fp, str):
                raise InputError(path, "baseline line has no string 'fingerprint'", lineno)
            if len(fp) > 64:
                raise InputError(path, "'fingerprint' is longer than 64 characters", lineno)
            action = obj.get("action", "ignore")
            if action not in _KNOWN_ACTIONS:
                raise InputError(path, f"unknown 'action' (one of {', '.join(_KNOWN_ACTIONS)})", lineno)
            if action in _EXCUSING:
                prints.append(fp)
        return cls(prints)

    def filter(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        """Yield the findings the baseline does not excuse."""
        for f in findings:
            fp = fingerprint(f)
            if self._left[fp] > 0:
                self._left[fp] -= 1
                self.used += 1
                continue
            yield f


def write_baseline(findings: Iterable[Finding], path: str, *, backup: bool = False) -> int:
    """Write every finding as accepted (atomically; the old file kept as PATH~ with `backup`);
    returns how many were written."""
    lines = []
    for f in findings:
        lines.append(json.dumps(
            {"fingerprint": fingerprint(f), "action": "baseline", "rule": f.rule, "path": f.path,
             "doc": f.doc, "text": f.text, "message": f.message},
            ensure_ascii=False,
        ))
    atomic_write(path, "".join(line + "\n" for line in lines), backup=backup)
    return len(lines)
