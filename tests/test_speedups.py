"""The compiled modules (termqa.speedups, setup.py): the same findings as the Python source,
and never a compiled copy older than its source.

CI sets TERMQA_REQUIRE_COMPILED, so that there the modules must run compiled and the
comparison with the source is a real one; elsewhere (no C compiler) the tests that need the
compiled modules skip."""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from termqa import speedups
from termqa.engine import Engine, Options
from termqa.fileio.glossary import load_glossary
from termqa.model import Segment
from tests.realpairs import newstest2020

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = os.environ.get("TERMQA_REQUIRE_COMPILED", "") not in ("", "0")


def _compiled() -> dict[str, bool]:
    running = speedups.running()
    if not all(running.values()):
        if REQUIRED:
            pytest.fail(f"TERMQA_REQUIRE_COMPILED: modules running from source: {running}")
        pytest.skip("the modules are not compiled here (no C compiler at install)")
    return running


def test_ci_runs_every_listed_module_compiled():
    assert set(_compiled()) == set(speedups.COMPILED)


def _real_corpus(path: Path, segments: int) -> Path:
    """The first `segments` segments of newstest2020 (see realpairs.newstest2020) as a TSV."""
    def cell(text: str) -> str:
        return " ".join(text.split("\t")).replace("\n", " ").replace("\r", " ")

    lines = ["doc\tsource\ttarget"] + [f"{s.doc}\t{cell(s.source or '')}\t{cell(s.target)}"
                                       for s in newstest2020()[:segments]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("select", ["term-variant", "all"])
def test_the_compiled_modules_report_what_the_source_reports_byte_for_byte(tmp_path, select):
    _compiled()
    corpus = _real_corpus(tmp_path / "newstest2020.tsv", 3000)
    command = [sys.executable, "-m", "termqa", "check", str(corpus), "-g", "builtin:news", "--select", select,
               "--format", "jsonl", "--no-progress", "--fail-on", "never", "--jobs", "1"]
    compiled = subprocess.run(command, capture_output=True, env={**os.environ, speedups.PURE_ENV: ""}, check=True)
    source = subprocess.run(command, capture_output=True, env={**os.environ, speedups.PURE_ENV: "1"}, check=True)
    assert compiled.stdout.count(b"\n") >= (30 if select == "term-variant" else 100)  # a real comparison
    assert compiled.stdout == source.stdout
    assert compiled.stderr == source.stderr


def _package(tmp_path: Path, record: str | None) -> tuple[speedups.SourceWhenStale, Path]:
    """A package `fakepkg` whose module `mod` has a source and a 'compiled' file beside it that
    no Python can load: imported from the source, `mod` says so; the compiled file chosen, the
    import fails. `record`: what the build recorded for it ("right", "wrong", None: no record)."""
    root = tmp_path / "fakepkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    source = root / "mod.py"
    source.write_text("FROM = 'source'\n")
    (root / f"mod{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"not a shared object\n")
    if record is not None:
        wanted = speedups.digest(source) if record == "right" else "0" * 64
        (root / speedups.RECORD).write_text(f'{{"fakepkg.mod": "{wanted}"}}\n')
    return speedups.SourceWhenStale(root, ("fakepkg.mod",)), root


def _import(finder: speedups.SourceWhenStale, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    for name in ("fakepkg", "fakepkg.mod"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    importlib.invalidate_caches()
    return importlib.import_module("fakepkg.mod")


@pytest.mark.parametrize("record", ["wrong", None])
def test_a_compiled_copy_without_its_sources_digest_is_passed_over_for_the_source(tmp_path, monkeypatch, record):
    monkeypatch.delenv(speedups.PURE_ENV, raising=False)
    finder, _ = _package(tmp_path, record)
    assert _import(finder, tmp_path, monkeypatch).FROM == "source"


def test_a_compiled_copy_of_the_very_source_is_the_one_imported(tmp_path, monkeypatch):
    monkeypatch.delenv(speedups.PURE_ENV, raising=False)
    finder, _ = _package(tmp_path, "right")
    with pytest.raises(ImportError):  # Python's own finder took the compiled file, as wanted
        _import(finder, tmp_path, monkeypatch)


def test_an_edit_after_the_build_brings_the_source_back(tmp_path, monkeypatch):
    monkeypatch.delenv(speedups.PURE_ENV, raising=False)
    finder, root = _package(tmp_path, "right")
    (root / "mod.py").write_text("FROM = 'edited source'\n")
    assert _import(finder, tmp_path, monkeypatch).FROM == "edited source"


def test_termqa_pure_runs_the_source_whatever_the_record(tmp_path, monkeypatch):
    monkeypatch.setenv(speedups.PURE_ENV, "1")
    finder, _ = _package(tmp_path, "right")
    assert _import(finder, tmp_path, monkeypatch).FROM == "source"


def test_the_guard_comes_first_in_every_process_that_imports_termqa():
    out = subprocess.run([sys.executable, "-c", "import sys, termqa; print(type(sys.meta_path[0]).__name__)"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "SourceWhenStale"


def test_a_crash_inside_a_compiled_module_is_located_in_its_source(monkeypatch):
    # A compiled module names its source relative to where it was built ("termqa/align.py"):
    # the crash is still put on the aligner's line, not on the engine's.
    from termqa import align

    def broken(text: str) -> str:
        raise ValueError("planted")

    monkeypatch.setattr(align, "to_simplified", broken)
    align.all_words.cache_clear()
    align.source_words.cache_clear()
    engine = Engine(load_glossary([]), Options(select=["term-variant"]))
    list(engine.run([Segment("x.tsv", 2, None, "d", "郑义溶会见了记者。", "Chung Eui-yong met reporters.")]))
    (crash,) = engine.stats.crashes
    line = next(n for n, text in enumerate((ROOT / "termqa" / "align.py").read_text(encoding="utf-8").splitlines(), 1)
                if "simplified = to_simplified(text)" in text)
    assert crash.where == f"termqa/align.py:{line}"
    align.all_words.cache_clear()
    align.source_words.cache_clear()


def test_termqa_pure_in_the_environment_runs_every_module_from_source():
    _compiled()
    show = "import json, termqa.speedups as s; print(json.dumps(s.running()))"
    for pure, expected in (("1", False), ("", True)):
        out = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, check=True,
                             env={**os.environ, speedups.PURE_ENV: pure}).stdout
        assert set(json.loads(out).values()) == {expected}


def _generators(module: str) -> set[str]:
    tree = ast.parse(speedups.source_path(ROOT / "termqa", module).read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and any(isinstance(n, ast.Yield | ast.YieldFrom) for n in ast.walk(node))}


def test_no_python_module_yields_from_a_generator_of_a_compiled_one():
    # On CPython 3.11 a Python `yield from` over an exhausted Cython generator raises
    # StopIteration (see speedups.COMPILED): the generators of the compiled modules are only
    # iterated from Python, never delegated to.
    compiled = set().union(*(_generators(m) for m in speedups.COMPILED))
    assert "run" in compiled  # TermVariant.run: the scan sees the compiled modules' generators
    delegating = []
    for path in sorted((ROOT / "termqa").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if module in speedups.COMPILED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.YieldFrom) and isinstance(node.value, ast.Call):
                func = node.value.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in compiled:
                    delegating.append(f"{path.relative_to(ROOT)}:{node.lineno} yield from {name}()")
    assert delegating == []
