"""Provides glossary reading and writing: CSV/TSV, TBX and OmegaT, single files or whole folders.

The delimited format is the one terminologists edit in a spreadsheet:
`id,source,target,alternates,forbidden,type,note` with `|` between list items (an optional
`case_sensitive` column may follow). TBX is in tbx.py. Both round-trip everything the model holds.
The OmegaT glossary (omegat.py: `source<TAB>target<TAB>comment`, no header) is read from
`.txt`, `.utf8` and `.tab` files and from a `.tsv` without a header row; it holds less (no
alternates, forbidden renderings or types), so writing it keeps those only as a comment.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path

import regex

from termqa.errors import InputError, UsageError
from termqa.fileio.atomic import Output, atomic_write, open_output
from termqa.fileio.delimited import read_rows
from termqa.fileio.textfile import iter_lines
from termqa.model import EntityType, Glossary, GlossaryEntry
from termqa.normalize import HAN_RE

GLOSSARY_EXTS = (".csv", ".tsv", ".tbx", ".utf8")
"""What a folder walk takes as a glossary. OmegaT's `.txt` and `.tab` are read when named, not
from a folder, where a README.txt or a notes file is more likely than a glossary."""
WRITE_FORMATS = ("tbx", "csv", "tsv", "omegat")
_FORMAT_OF_EXT = {"utf8": "omegat", "txt": "omegat"}
COLUMNS = ("id", "source", "target", "alternates", "forbidden", "type", "note")
LIST_SEP = "|"
_TRUE = {"1", "true", "yes", "y", "x"}


BUILTIN = "builtin:"
"""The prefix that names a glossary shipped inside the package: `builtin:news`."""



def builtin_dir() -> Path:
    """The folder of the bundled glossaries (termqa/data/glossaries, inside the wheel too)."""
    return Path(__file__).resolve().parent.parent / "data" / "glossaries"


def builtin_glossaries() -> dict[str, list[str]]:
    """The bundled glossaries by name: `news` for news-zh-en.csv and news-zh-en.tbx."""
    out: dict[str, list[str]] = {}
    folder = builtin_dir()
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in GLOSSARY_EXTS) if folder.is_dir() else []
    for f in files:
        out.setdefault(f.stem.split("-zh-en")[0], []).append(str(f))
    return out


def _builtin_files(spec: str) -> list[str]:
    name = spec[len(BUILTIN):]
    known = builtin_glossaries()
    if name not in known:
        raise UsageError(f"unknown bundled glossary {spec!r} (bundled: {', '.join(BUILTIN + k for k in known)})")
    # The bundled CSV and TBX hold the same entries (tests/test_bundled_data.py): reading one
    # saves a start-up the other's parse and the de-duplication.
    csv = [f for f in known[name] if f.lower().endswith(".csv")]
    return csv[:1] or known[name]


def is_builtin(path: str) -> bool:
    """True for a `builtin:NAME` glossary name (not a path: a config file leaves it as written)."""
    return path.startswith(BUILTIN)


def glossary_files(paths: Iterable[str]) -> list[str]:
    """Expand folders into the glossary files in them (sorted) and `builtin:NAME` into the
    bundled files; keep files as given."""
    out: list[str] = []
    for p in paths:
        if is_builtin(p):
            out.extend(_builtin_files(p))
        elif os.path.isdir(p):
            out.extend(
                sorted(str(f) for f in Path(p).rglob("*") if f.is_file() and f.suffix.lower() in GLOSSARY_EXTS)
            )
        elif os.path.lexists(p) or p == "-":
            out.append(p)  # what it is (a device, a stream) is judged when it is opened
        else:
            raise InputError(p, "no such glossary file or directory")
    return out


def load_glossary(paths: Iterable[str], encoding: str | None = None) -> Glossary:
    """Load and concatenate glossaries from files, folders and `builtin:NAME`s, in the order given.

    Raises:
        InputError: A file that is not a valid glossary; the message names file and line. Also
            a file or folder that yields no Chinese-English entry: the message names the
            languages it found (a German-French TBX is a mistake, not an empty check).
    """
    entries: list[GlossaryEntry] = []
    seen: set[GlossaryEntry] = set()
    given = list(paths)
    per_arg = [(p, glossary_files([p])) for p in given]
    total = sum(len(files) for _, files in per_arg)
    index = 0
    for arg, files in per_arg:
        found = 0
        chinese = False
        languages: set[str] = set()
        for path in files:
            here = read_glossary_file(path, encoding, languages)
            found += len(here)
            chinese = chinese or any(HAN_RE.search(source) for e in here for source in e.sources)
            # The same glossary shipped as TBX and CSV side by side is one glossary, not two: the
            # first copy in this file of an entry an earlier file had is dropped. Further copies
            # inside this file are kept, so that validation reports the repetition.
            if not seen:
                entries.extend(here)
            else:
                dropped: set[GlossaryEntry] = set()
                for e in here:
                    if e in seen and e not in dropped:
                        dropped.add(e)
                        continue
                    entries.append(e)
            index += 1
            if index < total:  # hashing 100,000 entries costs 0.15 s: only when another file follows
                seen.update(here)
        if not found:
            raise InputError(arg, _no_entries(files, languages))
        if not chinese:
            # A CSV or TSV says no language: a German-English one would read as an empty check.
            raise InputError(arg, "no Chinese-English (zh/en) glossary entries: no source term has Chinese characters")
    return Glossary(tuple(entries))


def _no_entries(files: list[str], languages: set[str]) -> str:
    """Why a glossary argument gave nothing, in one line."""
    if not files:
        return f"no glossary files ({', '.join(GLOSSARY_EXTS)}) in this folder"
    shown = ", ".join(sorted(languages)) if languages else "none"
    return f"no Chinese-English (zh/en) glossary entries; languages found: {shown}"


def read_terms(paths: Iterable[str], encoding: str | None = None) -> list[str]:
    """Chinese terms to look for: the source sides of glossaries (files or folders), or term
    lists, one term per line, `#` starting a comment.

    Raises:
        InputError: A missing file, or a line with a tab (a table is not a term list).
    """
    terms: list[str] = []
    for path in paths:
        if path.lower().endswith(GLOSSARY_EXTS) or os.path.isdir(path):
            terms.extend(form for entry in load_glossary([path], encoding).entries for form in entry.sources)
            continue
        if not os.path.exists(path):
            raise InputError(path, "no such term list")
        for n, line in enumerate(iter_lines(path, encoding, keep_ends=False), 1):
            term = line.strip()
            if not term or term.startswith("#"):
                continue
            if "\t" in term:
                raise InputError(path, "a tab in a term list: one term per line (a glossary wants .csv or .tsv)", n)
            terms.append(term)
    return terms


def read_glossary_file(path: str, encoding: str | None = None, languages: set[str] | None = None) -> list[GlossaryEntry]:
    """Read one glossary file, choosing the format by extension.

    `languages`, when given, collects the language codes the file declares (TBX) or the
    sides a delimited file has rows for (zh and en), for the message about an empty glossary.
    """
    lower = path.lower()
    if lower.endswith(".tbx"):
        from termqa.fileio.tbx import read_tbx

        return read_tbx(path, languages)
    from termqa.fileio.omegat import is_omegat, read_omegat

    if is_omegat(path, encoding):
        entries = read_omegat(path, encoding)
    else:
        entries = read_delimited_glossary(path, encoding)
    if languages is not None and entries:
        languages.update(("zh", "en"))
    return entries


def split_list(value: str) -> tuple[str, ...]:
    """Split a `|`-separated cell into its items, dropping empty ones."""
    if LIST_SEP not in value:
        value = value.strip()
        return (value,) if value else ()
    return tuple(item.strip() for item in value.split(LIST_SEP) if item.strip())


def parse_type(value: str, path: str, line: int | None) -> EntityType:
    """Parse an entity type name; empty means `term`."""
    value = value.strip().lower() or "term"
    aliases = {"org": "organization", "organisation": "organization", "location": "place", "per": "person"}
    try:
        return EntityType(aliases.get(value, value))
    except ValueError:
        allowed = ", ".join(t.value for t in EntityType)
        raise InputError(path, f"unknown type {value!r} (use {allowed})", line) from None


def slug(text: str) -> str:
    """An ASCII id from a rendering: 'Chung Eui-yong' -> 'chung-eui-yong'."""
    s = regex.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "entry"


def read_delimited_glossary(path: str, encoding: str | None = None) -> list[GlossaryEntry]:
    """Read a CSV/TSV glossary; `source` and `target` columns are required."""
    header, rows, header_line = read_rows(path, encoding)
    for required in ("source", "target"):
        if required not in header:
            raise InputError(path, f"glossary header has no {required!r} column", header_line)
    col = {name: header.index(name) for name in header}
    si, ti = col["source"], col["target"]
    ii, ai, fi, yi, ni, ci = (col.get(k) for k in ("id", "alternates", "forbidden", "type", "note", "case_sensitive"))
    types: dict[str, EntityType] = {}
    out: list[GlossaryEntry] = []
    for row in rows:
        cells = row.cells
        sources = split_list(cells[si])
        target = cells[ti].strip()
        if not sources or not target:
            raise InputError(path, "glossary row needs a source and a target", row.line)
        type_name = cells[yi] if yi is not None else ""
        etype = types.get(type_name)
        if etype is None:
            etype = types[type_name] = parse_type(type_name, path, row.line)
        out.append(
            GlossaryEntry(
                id=(cells[ii].strip() if ii is not None else "") or slug(target),
                sources=sources,
                target=target,
                alternates=split_list(cells[ai]) if ai is not None else (),
                forbidden=split_list(cells[fi]) if fi is not None else (),
                type=etype,
                note=cells[ni].strip() if ni is not None else "",
                case_sensitive=ci is not None and cells[ci].strip().lower() in _TRUE,
                origin=f"{path}:{row.line}",
            )
        )
    return out


def render_delimited(glossary: Glossary, delimiter: str = ",") -> str:
    """Serialise a glossary as CSV (or TSV with a tab delimiter)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    with_case = any(e.case_sensitive for e in glossary.entries)
    writer.writerow(COLUMNS + (("case_sensitive",) if with_case else ()))
    for e in glossary.entries:
        row = [
            e.id,
            LIST_SEP.join(e.sources),
            e.target,
            LIST_SEP.join(e.alternates),
            LIST_SEP.join(e.forbidden),
            e.type.value,
            e.note,
        ]
        if with_case:
            row.append("true" if e.case_sensitive else "")
        writer.writerow(row)
    return buf.getvalue()


def render_glossary(glossary: Glossary, kind: str, path: str) -> bytes:
    """The bytes of a glossary in `kind` (tbx, csv, tsv, omegat; or an extension: utf8, txt)."""
    kind = _FORMAT_OF_EXT.get(kind, kind)
    if kind == "omegat":
        from termqa.fileio.omegat import render_omegat

        return render_omegat(glossary).encode("utf-8")
    if kind == "tbx":
        from termqa.fileio.tbx import render_tbx

        return render_tbx(glossary)
    if kind in ("csv", "tsv"):
        return render_delimited(glossary, "\t" if kind == "tsv" else ",").encode("utf-8")
    raise InputError(path, f"unknown glossary format {kind!r} (use tbx, csv, tsv or omegat)")


def write_glossary(glossary: Glossary, path: str, fmt: str | None = None, *, backup: bool = False) -> None:
    """Write a glossary atomically; the format is `fmt` or the extension of `path`."""
    kind = (fmt or Path(path).suffix.lstrip(".")).lower()
    atomic_write(path, render_glossary(glossary, kind, path), backup=backup)


def write_glossary_to(glossary: Glossary, target: Output, fmt: str | None = None) -> None:
    """Write a glossary to a resolved output (a file replaced atomically, keeping NAME~, or a stream)."""
    kind = (fmt or ("" if target.is_stream else Path(target.given).suffix.lstrip("."))).lower()
    if not kind:
        raise UsageError("give --format (tbx, csv, tsv or omegat) to write a glossary to a stream")
    data = render_glossary(glossary, kind, target.given)
    with open_output(target, backup=target.exists) as fh:
        fh.write(data)
