"""`termqa check --ray`: the same findings as a single-process run, and one line without Ray.

The Ray tests start an in-process cluster in a child process (15-40 s each on two cores): a
cluster started inside pytest would outlive the test. They need the extra (`.ci/run` installs
it, and fails them if it is missing) and ../shared/data (a few thousand real WMT22 segments); without either they skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from termqa.cli import main

from .conftest import ROOT, SHARED

WMT22 = SHARED / "data" / "wmt-general-zhen-systems" / "wmt22"
SYSTEMS = ("HuaweiTSC", "Online-B")


def _need_ray() -> None:
    """Skip without Ray, except in CI (TERMQA_REQUIRE_RAY=1, set by .ci/run), where it fails."""
    try:
        import ray.data  # noqa: F401
    except ImportError:
        if os.environ.get("TERMQA_REQUIRE_RAY") == "1":
            pytest.fail("TERMQA_REQUIRE_RAY=1 but Ray is not installed (pip install -e '.[ray]')")
        pytest.skip("Ray is not installed (the ray extra)")


def _script(tmp_path: Path, name: str, code: str) -> subprocess.CompletedProcess:
    """Run `code` as a script of its own (a cluster started inside pytest would outlive the test)."""
    script = tmp_path / name
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _termqa(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termqa", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=900)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WMT22's Chinese source with two systems' English, one document per WMT22 document and
    system: 3,750 real segments as a Parquet table (doc, id, source, target)."""
    _need_ray()
    if not WMT22.is_dir():
        pytest.skip("../shared/data is not available")
    import polars as pl

    src = (WMT22 / "sources/generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    docs = [line.split("\t")[1] for line in (WMT22 / "documents/zh-en.docs").read_text(encoding="utf-8").splitlines()]
    rows = []
    for system in SYSTEMS:
        hyp = (WMT22 / f"system-outputs/generaltest2022.zh-en.hyp.{system}.en").read_text(encoding="utf-8").splitlines()
        for n, (s, t, d) in enumerate(zip(src, hyp, docs, strict=True), 1):
            rows.append({"doc": f"{system}/{d}", "id": f"{system}-{n}", "source": s, "target": t})
    path = tmp_path_factory.mktemp("ray") / "wmt22.parquet"
    pl.DataFrame(rows).write_parquet(path)
    return path


def test_ray_local_finds_exactly_what_one_process_finds_on_real_text(corpus):
    # The bundled corpora too: TSV, TMX, XLIFF and plain text, read by the same readers in Ray tasks.
    common = [str(corpus), str(ROOT / "corpora"), "-g", "builtin:news", "--select", "all", "--format", "jsonl",
              "--fail-on", "never"]
    single = _termqa("check", *common, cwd=corpus.parent)
    assert single.returncode == 0, single.stderr
    distributed = _termqa("check", *common, "--ray", "local", "--ray-workers", "2", cwd=corpus.parent)
    assert distributed.returncode == 0, distributed.stderr
    expected = single.stdout.splitlines()
    assert len(expected) > 50  # real text, the bundled glossary and every rule: a real test
    assert sorted(distributed.stdout.splitlines()) == sorted(expected)
    # The same summary on stderr, and nothing from Ray there.
    assert distributed.stderr.strip().splitlines()[-1] == single.stderr.strip().splitlines()[-1]
    assert all(line.startswith("termqa: ") for line in distributed.stderr.splitlines())


def test_ray_writes_the_json_lines_records_as_parquet(corpus):
    import polars as pl

    single = _termqa("check", str(corpus), "-g", "builtin:news", "--format", "jsonl", "--fail-on", "never",
                     cwd=corpus.parent)
    out = corpus.parent / "findings.parquet"
    done = _termqa("check", str(corpus), "-g", "builtin:news", "--fail-on", "never", "--ray", "local",
                   "--ray-workers", "1", "-o", str(out), "--force", cwd=corpus.parent)
    assert done.returncode == 0, done.stderr
    rows = pl.read_parquet(out).to_dicts()
    assert [json.dumps(r, ensure_ascii=False) for r in rows] == single.stdout.splitlines()


def test_check_dataset_returns_a_dataset_of_the_engines_findings(tmp_path):
    _need_ray()
    done = _script(
        tmp_path, "api.py",
        "import ray, ray.data\n"
        "from termqa.engine import Engine\n"
        "from termqa.fileio.glossary import load_glossary\n"
        "from termqa.model import Segment\n"
        "from termqa.ray import check_dataset, connect, finding_from_row\n"
        "rows = [{'path': 'a.tsv', 'doc': f'd{n // 3}', 'line': n + 2, 'source': '外交部发言人说，郑义溶会见了记者。',\n"
        "         'target': 'The spokesman said Zheng Yirong met Chung Eui-yong.'} for n in range(12)]\n"
        "glossary = load_glossary(['builtin:news'])\n"
        "connect('local', 1)\n"
        "found = check_dataset(ray.data.from_items(rows), glossary, workers=1)\n"
        "key = lambda f: (f.path, f.line, f.side.value, f.start or 0, f.rule, f.message)\n"
        "got = sorted((finding_from_row(r) for r in found.take_all()), key=key)\n"
        "segments = [Segment(r['path'], r['line'], None, r['doc'], r['source'], r['target']) for r in rows]\n"
        "want = sorted(Engine(glossary).run(segments), key=key)\n"
        "assert got == want and len(want) >= 12, (got, want)\n"
        "print('ok', len(got))\n")
    assert done.stdout.startswith("ok")


def test_without_ray_the_option_exits_2_with_one_line_naming_the_extra(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    corpus = tmp_path / "one.tsv"
    corpus.write_text("source\ttarget\n郑义溶会见了记者。\tChung Eui-yong met reporters.\n", encoding="utf-8")
    assert main(["check", str(corpus), "--ray", "local"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "pip install 'termqa[ray]'" in captured.err


def test_an_input_error_in_a_ray_task_is_one_line_and_exit_2(tmp_path):
    _need_ray()
    bad = tmp_path / "bad.tsv"
    bad.write_text("doc\ttarget\nd1\t郑义溶会见了记者。\n", encoding="utf-8")  # a Chinese target
    done = _termqa("check", "bad.tsv", "--ray", "local", "--ray-workers", "1", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["termqa: error: bad.tsv: the target text is Chinese: termqa checks zh -> en"]


def test_ray_cluster_messages_never_reach_the_report_on_stdout(tmp_path):
    # Ray's driver thread prints cluster errors ("A worker died ...") to stdout, where the
    # report is; CI once caught one after a failed run. They go to stderr, and none after a failure.
    _need_ray()
    done = _script(
        tmp_path, "route.py",
        "import termqa.ray as tr\n"
        "from ray._private import worker\n"
        "tr.connect('local', 1)\n"
        "message = {'lines': ['A worker died'], 'pid': 'raylet', 'is_err': False}\n"
        "worker.print_to_stdstream(message, ignore_prefix=False)\n"
        "tr._ending = True\n"
        "worker.print_to_stdstream({**message, 'lines': ['torn down']}, ignore_prefix=False)\n")
    assert "A worker died" not in done.stdout
    assert "A worker died" in done.stderr
    assert "torn down" not in done.stdout + done.stderr
