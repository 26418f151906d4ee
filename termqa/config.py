"""Provides configuration from `termqa.toml` or `[tool.termqa]` in `pyproject.toml`.

The file is searched from the current directory upward; the first one found is used, and paths
in it are relative to it. Command-line options override it. Glossaries are loaded only from
the command line or this file, never from anywhere implicit.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from termqa.errors import ConfigError
from termqa.model import Severity

FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class Config:
    """Settings for `termqa check` (and the other commands where they apply)."""

    glossaries: list[str] = field(default_factory=list)
    """Glossary files or folders, resolved against the config file's folder."""
    select: list[str] | None = None
    """Rule ids or prefixes to run; all when unset."""
    ignore: list[str] = field(default_factory=list)
    """Rule ids or prefixes to skip."""
    severity: dict[str, Severity] = field(default_factory=dict)
    """Severity overrides per rule id."""
    fail_on: str = "error"
    """Lowest severity that makes `check` exit 1 (error, warning, info, never)."""
    baseline: str | None = None
    """A baseline file of accepted findings."""
    format: str | None = None
    """Default output format."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Review UI key rebinding: binding id -> key."""
    columns: dict[str, str] = field(default_factory=dict)
    """`[corpus] columns`: the column names of a table corpus (Parquet) by role (target, source,
    doc, id, line), for data sets whose columns are not called `target`, `source`, ..."""
    source: str | None = None
    """The file the settings came from, for messages."""


_KEYS = {"glossaries", "select", "ignore", "severity", "fail-on", "baseline", "format", "keymap", "corpus"}
_CORPUS_KEYS = {"columns"}


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    """The first termqa.toml, or pyproject.toml with [tool.termqa], from `start` upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("termqa.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            data = _read(path)
            if name == "pyproject.toml":
                table = data.get("tool", {}).get("termqa")
                if table is None:
                    continue
                return path, table
            return path, data
    return None


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def load_config(start: Path | None = None, explicit: str | None = None) -> Config:
    """Load the configuration that applies here (or the file named by `explicit`).

    Raises:
        ConfigError: Unknown keys, wrong types, unknown severities.
    """
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: no such config file")
        data = _read(path)
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("termqa", {})
        found: tuple[Path, dict] | None = (path, data)
    else:
        found = find_config(start)
    if found is None:
        return Config()
    path, data = found
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(_KEYS))})")
    base = path.parent

    def strings(key: str) -> list[str] | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: {key!r} must be a string or a list of strings")
        return value

    cfg = Config(source=str(path))
    # A glossary is relative to the file that names it; `builtin:news` names a bundled one.
    cfg.glossaries = [g if g.startswith("builtin:") else str(base / g) for g in strings("glossaries") or []]
    cfg.select = strings("select")
    cfg.ignore = strings("ignore") or []
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{path}: 'severity' must be a table of rule = level")
    from termqa.checks import RULE_IDS as RULES

    unknown_rules = [rule for rule in sev if rule not in RULES]
    if unknown_rules:
        # A misspelt rule would silently keep its default severity.
        raise ConfigError(f"{path}: unknown rule {unknown_rules[0]!r} in [severity]")
    try:
        cfg.severity = {rule: Severity.parse(str(level)) for rule, level in sev.items()}
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    fail_on = data.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{path}: 'fail-on' must be one of {', '.join(FAIL_ON)}")
    cfg.fail_on = fail_on
    if data.get("baseline"):
        cfg.baseline = str(base / str(data["baseline"]))
    cfg.format = data.get("format")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        raise ConfigError(f"{path}: 'keymap' must be a table of binding-id = key")
    from termqa.tui.keys import keymap_problem

    if not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(f"{path}: [keymap] values must be keys as strings (\"x\" or \"x,ctrl+x\")")
    cfg.keymap = {str(k): v for k, v in keymap.items()}
    problem = keymap_problem(cfg.keymap)
    if problem:
        raise ConfigError(f"{path}: {problem}")
    cfg.columns = _columns(path, data.get("corpus", {}))
    return cfg


def _columns(path: Path, corpus: object) -> dict[str, str]:
    """The `[corpus] columns` table, checked: a misspelt role would silently read nothing."""
    if not isinstance(corpus, dict):
        raise ConfigError(f"{path}: 'corpus' must be a table ([corpus])")
    unknown = set(corpus) - _CORPUS_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key {sorted(unknown)[0]!r} in [corpus] (known: columns)")
    columns = corpus.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) and v for v in columns.values()):
        raise ConfigError(f"{path}: [corpus] columns must be a table of role = \"column name\"")
    from termqa.fileio.parquet import ROLES  # only when a table names columns: start-up stays lean

    wrong = [role for role in columns if role not in ROLES]
    if wrong:
        raise ConfigError(f"{path}: unknown role {wrong[0]!r} in [corpus] columns (use {', '.join(ROLES)})")
    return dict(columns)
