"""Provides glossary validation: the problems a terminologist must fix before a glossary is used.

Checks run over the merged entries of every file given, because the worst conflicts are
between files: one Chinese term approved as two renderings, or a rendering approved in one
file and forbidden in another.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import regex

from termqa.fileio.delimited import read_rows
from termqa.fileio.glossary import glossary_files
from termqa.fileio.omegat import is_omegat
from termqa.fileio.safexml import local, parse_xml
from termqa.model import Glossary, Severity
from termqa.normalize import HAN_RE, rendering_key, to_simplified

_STRAY = regex.compile(r"^\s|\s$|\s{2,}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One glossary problem at one place (`origin` is `path:line`)."""

    origin: str
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """`path:line: error duplicate-id message`."""
        return f"{self.origin}: {self.severity.label} {self.code} {self.message}"


def lint_glossary(glossary: Glossary, paths: list[str] | None = None) -> list[Problem]:
    """Validate entries (and, given the files, their raw text for stray whitespace)."""
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    by_source: dict[str, list] = defaultdict(list)
    allowed: dict[str, list] = defaultdict(list)
    for e in glossary.entries:
        where = e.origin or e.id
        if e.id in ids:
            problems.append(Problem(where, Severity.ERROR, "duplicate-id", f"id {e.id!r} is also used at {ids[e.id]}"))
        ids.setdefault(e.id, where)
        for s in e.sources:
            if not HAN_RE.search(s):
                problems.append(Problem(where, Severity.WARNING, "source-not-chinese", f"source {s!r} has no Chinese characters"))
            by_source[to_simplified(s)].append(e)
        for r in (e.target, *e.alternates):
            allowed[rendering_key(r)].append(e)
        for f in e.forbidden:
            if rendering_key(f) in {rendering_key(r) for r in (e.target, *e.alternates)}:
                problems.append(Problem(where, Severity.ERROR, "forbidden-is-approved", f"{f!r} is both allowed and forbidden in {e.id!r}"))
        for text in (e.target, *e.alternates, *e.forbidden):
            if "|" in text:
                problems.append(Problem(where, Severity.WARNING, "pipe-in-term", f"{text!r} contains '|', the CSV list separator"))
    for source, entries in by_source.items():
        ids_here = list(dict.fromkeys(e.id for e in entries))
        if len(ids_here) < 2:
            continue
        targets = {rendering_key(e.target) for e in entries}
        first = entries[0]
        for other in entries[1:]:
            if other.id == first.id:
                continue
            if len(targets) > 1:
                problems.append(Problem(other.origin or other.id, Severity.ERROR, "conflict",
                                        f"{source} is approved as {other.target!r} here and as {first.target!r} in {first.id!r} ({first.origin})"))
            else:
                problems.append(Problem(other.origin or other.id, Severity.WARNING, "duplicate-source",
                                        f"{source} is also entry {first.id!r} ({first.origin})"))
    for e in glossary.entries:
        for f in e.forbidden:
            for other in allowed.get(rendering_key(f), []):
                if other.id != e.id:
                    problems.append(Problem(e.origin or e.id, Severity.ERROR, "forbidden-approved-elsewhere",
                                            f"{f!r} is forbidden here but allowed in {other.id!r} ({other.origin})"))
    for path in paths or []:
        problems.extend(_stray_whitespace(path))
    return problems


def _stray_whitespace(path: str) -> list[Problem]:
    out: list[Problem] = []
    if path.lower().endswith(".tbx"):
        for node in parse_xml(path).getroot().iter():
            if local(node.tag) == "term" and node.text and _STRAY.search(node.text):
                out.append(Problem(f"{path}:{node.sourceline}", Severity.WARNING, "stray-whitespace",
                                   f"term {node.text!r} has leading, trailing or doubled whitespace"))
        return out
    if is_omegat(path):
        return out  # tab-separated without a header: the reader itself refuses what is malformed
    header, rows, _ = read_rows(path)
    for row in rows:
        for name, value in row.fields(header).items():
            items = value.split("|") if name in ("source", "alternates", "forbidden") else [value]
            if any(_STRAY.search(item) for item in items if item):
                out.append(Problem(f"{path}:{row.line}", Severity.WARNING, "stray-whitespace",
                                   f"column {name!r} has leading, trailing or doubled whitespace: {value!r}"))
    return out


def files_for(paths: list[str]) -> list[str]:
    """The glossary files behind the paths (folders expanded)."""
    return glossary_files(paths)
