"""The compiled-glossary cache: reused when the glossary is unchanged, never trusted when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from termqa import compiled
from termqa.engine import Engine
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.model import Glossary


def _glossary(tmp_path: Path, rows: int, extra: str = "") -> Glossary:
    path = tmp_path / "big.csv"
    lines = ["id,source,target,alternates,forbidden,type,note",
             "chung,郑义溶,Chung Eui-yong,,Zheng Yirong|Zheng Yi,person,",
             f"cns,中新社,China News Service,CNS,China News Agency{extra},organization,"]
    lines += [f"t{i},术语{i}号,term number {i},,,term," for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_glossary([str(path)])


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "CACHE_MIN_ENTRIES", 10)


def _findings(glossary: Glossary, tmp_path: Path) -> list[tuple[str, int, int | None, str]]:
    corpus = tmp_path / "doc.tsv"
    corpus.write_text(
        "source\ttarget\n"
        "郑义溶表示，中新社报道。\tZheng Yirong said, China News Agency reported.\n", encoding="utf-8")
    return [(f.rule, f.line, f.start, f.text) for f in Engine(glossary).run(read_corpus(str(corpus)))]


@pytest.mark.usefixtures("small_threshold")
def test_second_run_loads_the_cache_and_finds_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = _glossary(tmp_path, 50)
    first = _findings(glossary, tmp_path)
    cache = Path(compiled.default_cache_dir())
    assert len(list(cache.glob("glossary-*.pickle"))) == 1

    def no_compile(entries):
        raise AssertionError("compiled again although the cache holds this glossary")

    monkeypatch.setattr(compiled, "_compile", no_compile)
    assert _findings(glossary, tmp_path) == first
    assert ("term-forbidden", 2, 0, "Zheng Yirong") in first


@pytest.mark.usefixtures("small_threshold")
def test_an_edited_glossary_is_compiled_afresh(tmp_path: Path) -> None:
    before = _findings(_glossary(tmp_path, 50), tmp_path)
    after = _findings(_glossary(tmp_path, 50, extra="|China News Agency reported"), tmp_path)
    assert len(list(Path(compiled.default_cache_dir()).glob("glossary-*.pickle"))) == 2
    assert [f for f in before if f[0] == "term-forbidden" and f[3].startswith("China")] == [
        ("term-forbidden", 2, 19, "China News Agency")]
    # The longer forbidden variant now wins the overlap: proof the new entries were compiled.
    assert ("term-forbidden", 2, 19, "China News Agency reported") in after


@pytest.mark.usefixtures("small_threshold")
def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    glossary = _glossary(tmp_path, 50)
    first = _findings(glossary, tmp_path)
    (cached,) = Path(compiled.default_cache_dir()).glob("glossary-*.pickle")
    cached.write_bytes(b"\x80\x05not a pickle")
    assert _findings(glossary, tmp_path) == first
    assert cached.read_bytes()[:2] != b"\x80\x05n"


@pytest.mark.usefixtures("small_threshold")
def test_an_unwritable_cache_is_bypassed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(blocker / "cache"))
    assert ("term-forbidden", 2, 0, "Zheng Yirong") in _findings(_glossary(tmp_path, 50), tmp_path)


@pytest.mark.usefixtures("small_threshold")
def test_no_cache_when_turned_off_or_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMQA_NO_CACHE", "1")
    assert compiled.default_cache_dir() is None
    _findings(_glossary(tmp_path, 50), tmp_path)
    monkeypatch.delenv("TERMQA_NO_CACHE")
    cache = Path(compiled.default_cache_dir())
    assert not list(cache.glob("glossary-*.pickle"))
    _findings(_glossary(tmp_path, 2), tmp_path)  # 4 entries: below the threshold
    assert not list(cache.glob("glossary-*.pickle"))


@pytest.mark.usefixtures("small_threshold")
def test_old_cache_files_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "CACHE_KEEP", 2)
    for rows in (20, 21, 22, 23):
        _findings(_glossary(tmp_path, rows), tmp_path)
    assert len(list(Path(compiled.default_cache_dir()).glob("glossary-*.pickle"))) == 2


class _Planted:
    """What another local user could leave in a shared cache: unpickling it runs code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "ran"))


@pytest.mark.usefixtures("small_threshold")
def test_a_planted_cache_file_is_never_unpickled(tmp_path: Path) -> None:
    import pickle

    glossary = _glossary(tmp_path, 50)
    first = _findings(glossary, tmp_path)
    (cached,) = Path(compiled.default_cache_dir()).glob("glossary-*.pickle")
    marker = tmp_path / "marker"
    cached.write_bytes(pickle.dumps(_Planted(str(marker))))  # same name, not sealed with our key
    assert _findings(glossary, tmp_path) == first
    assert not marker.exists()
    assert cached.read_bytes().startswith(b"termqa-sealed-v1\n")  # rebuilt and sealed again
