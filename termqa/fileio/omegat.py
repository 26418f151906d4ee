"""Provides the OmegaT glossary format: `source<TAB>target<TAB>comment` lines, `#` comments.

OmegaT writes its glossaries as `glossary.txt` (UTF-8) or `*.utf8`, without a header and
without languages: they are the project's. termqa therefore decides the direction from the
text: when the second column is the Chinese one (an English-to-Chinese project, such as the
OmegaT UI localisation), the columns are swapped, so that every entry reads Chinese term ->
English rendering. Lines OmegaT itself skips (fewer than two fields, an empty term) are
skipped; the same term on several lines is several entries, as OmegaT shows it.

Written out, an entry becomes one line per Chinese form; OmegaT has no place for alternates
and forbidden renderings, so they go into the comment (`alternates: ...; forbidden: ...`),
which a round trip keeps as the note.
"""

from __future__ import annotations

from termqa.fileio.direction import chinese_share
from termqa.fileio.textfile import iter_lines
from termqa.model import Glossary, GlossaryEntry

OMEGAT_EXTS = (".txt", ".utf8", ".tab")
"""Extensions OmegaT gives its glossaries (a .tsv without a header is sniffed, see `looks_like`)."""
HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
_KNOWN_HEADERS = {"id", "source", "target", "src", "tgt", "zh", "en", "term", "alternates", "forbidden"}


def is_omegat(path: str, encoding: str | None = None) -> bool:
    """True for a glossary file to read as OmegaT: by its extension, or a headerless .tsv."""
    lower = path.lower()
    return lower.endswith(OMEGAT_EXTS) or (lower.endswith(".tsv") and looks_like(path, encoding))


def looks_like(path: str, encoding: str | None = None) -> bool:
    """True for a tab-separated file that is an OmegaT glossary rather than a glossary with a
    header row: its first line is a `#` comment, or has two or three fields none of which is a
    column name."""
    for line in iter_lines(path, encoding, keep_ends=False):
        text = line.strip("\r\n\ufeff")
        if not text.strip():
            continue
        if text.startswith("#"):
            return True
        cells = [c.strip().lower() for c in text.split("\t")]
        return 2 <= len(cells) <= 3 and not _KNOWN_HEADERS & set(cells)
    return False


def read_omegat(path: str, encoding: str | None = None) -> list[GlossaryEntry]:
    """Read an OmegaT glossary as Chinese -> English entries.

    Raises:
        InputError: An unreadable file (encoding, size); a file without entries gives none.
    """
    from termqa.fileio.glossary import slug

    if path.lower().endswith(".utf8") and encoding is None:
        encoding = "utf-8"  # the extension is OmegaT's promise of UTF-8, whatever a sniffer guesses
    rows: list[tuple[int, str, str, str]] = []
    for n, line in enumerate(iter_lines(path, encoding, keep_ends=False), 1):
        text = line.rstrip("\r").lstrip("\ufeff")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        cells = text.split("\t")
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            continue
        rows.append((n, cells[0].strip(), cells[1].strip(), cells[2].strip() if len(cells) > 2 else ""))
    swap = _chinese_second(rows)
    seen: dict[str, int] = {}
    out: list[GlossaryEntry] = []
    for n, first, second, comment in rows:
        zh, en = (second, first) if swap else (first, second)
        base = slug(en)
        seen[base] = seen.get(base, 0) + 1
        out.append(GlossaryEntry(
            id=base if seen[base] == 1 else f"{base}-{seen[base]}",
            sources=(zh,),
            target=en,
            note=comment,
            origin=f"{path}:{n}",
        ))
    return out


def _chinese_second(rows: list[tuple[int, str, str, str]]) -> bool:
    """True when the second column is more Chinese than the first (an en -> zh glossary)."""
    han1, letters1 = chinese_share(r[1] for r in rows)
    han2, letters2 = chinese_share(r[2] for r in rows)
    return han2 * max(letters1, 1) > han1 * max(letters2, 1)


def _clean(text: str) -> str:
    """A field as one OmegaT field: no tabs or line breaks."""
    return " ".join(text.replace("\t", " ").splitlines()).strip()


def render_omegat(glossary: Glossary) -> str:
    """The glossary as an OmegaT tab-separated glossary (Chinese source, English target)."""
    lines = [HEADER]
    for e in glossary.entries:
        notes = [e.note] if e.note else []
        if e.alternates:
            notes.append("alternates: " + ", ".join(e.alternates))
        if e.forbidden:
            notes.append("forbidden: " + ", ".join(e.forbidden))
        comment = _clean("; ".join(notes))
        for source in e.sources:
            fields = [_clean(source), _clean(e.target)] + ([comment] if comment else [])
            lines.append("\t".join(fields) + "\n")
    return "".join(lines)

