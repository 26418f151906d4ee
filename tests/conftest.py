"""Shared fixtures: paths to the bundled data and to the read-only shared material."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_41fee706fa7e4dab.txt"


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Run every test outside the repository so that no termqa.toml decides what it asserts,
    and keep compiled glossaries out of the user's cache directory."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _fresh_segmenter():
    """Take back the words each test's glossaries added to jieba's process-wide dictionary, so
    that no test's findings depend on which tests ran before it."""
    yield
    from termqa import zhwords

    zhwords.forget_words()


@pytest.fixture
def seed() -> Path:
    """The seed article (English MT only); skips where ../shared is absent."""
    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    return SEED


def said_twice(directory: Path, documents: int) -> Path:
    """docs.tsv: `documents` documents of two segments, the first with one repeated word ("said
    said": one repeated-word finding each), for the tests of how batches are shared out."""
    rows = ["doc\tsource\ttarget"]
    for doc in range(documents):
        rows += [f"d{doc}\t他说了两遍。\tHe said said it in town.", f"d{doc}\t没有问题。\tNo problem."]
    path = directory / "docs.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
