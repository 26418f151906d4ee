"""The CI recipes: the pre-commit hook (.pre-commit-hooks.yaml) and the GitHub Action (action.yml)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from termqa.fileio.corpus import CORPUS_EXTS

from .conftest import ROOT

yaml = pytest.importorskip("yaml")

ARTICLE = "Foreign Minister Zheng Yirong met reporters.\n"
BIN = Path(sys.executable).parent


def _hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["termqa"]
    return hooks[0]


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=termqa", "-c", "user.email=termqa@example.invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True, capture_output=True)


def _project(where: Path) -> Path:
    """A git repository with a termqa.toml naming the bundled glossary and a corpus with an error."""
    where.mkdir()
    _git("init", "-q", cwd=where)
    (where / "termqa.toml").write_text('glossaries = ["builtin:news"]\n', encoding="utf-8")
    (where / "news").mkdir()
    (where / "news" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (where / "news" / "article.reviewed.txt").write_text(ARTICLE, encoding="utf-8")
    (where / "notes.md").write_text("Zheng Yirong\n", encoding="utf-8")
    _git("add", "-A", cwd=where)
    return where


def test_the_hook_is_a_python_hook_running_termqa_check_on_the_corpus_formats():
    hook = _hook()
    assert hook["language"] == "python"
    assert hook["entry"] == "termqa check"
    assert hook["pass_filenames"] is True
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    # Every corpus format but .csv, which is a glossary far more often than a corpus.
    for ext in CORPUS_EXTS:
        assert bool(files.search(f"news/a{ext}")) is (ext != ".csv"), ext
    assert not files.search("README.md") and not files.search("termqa.toml")
    assert exclude.search("news/a.reviewed.txt") and not exclude.search("news/a.txt")


def test_the_hook_entry_run_on_the_matching_files_fails_on_the_error(tmp_path):
    # What pre-commit does, without pre-commit: the entry and args, then the matching files.
    repo = _project(tmp_path / "repo")
    hook = _hook()
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    names = sorted(str(p.relative_to(repo)) for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)
    chosen = [n for n in names if files.search(n) and not exclude.search(n)]
    assert chosen == ["news/article.txt"]
    argv = shlex.split(hook["entry"]) + hook.get("args", []) + chosen
    argv[0] = str(BIN / argv[0])
    done = subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert 'error term-forbidden "Zheng Yirong"' in done.stdout and "[Chung Eui-yong]" in done.stdout


def _snapshot_of_this_checkout(where: Path) -> Path:
    """This working tree (uncommitted changes and new files included) as a committed repository:
    pre-commit installs hooks from a git revision, and `try-repo` adds only tracked changes."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    keep = ("termqa/", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
    for name in listed:
        if name.startswith(keep) and (ROOT / name).is_file():
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, where / name)
    _git("init", "-q", cwd=where)
    _git("add", "-A", cwd=where)
    _git("commit", "-q", "-m", "snapshot", cwd=where)
    return where


@pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_runs_the_hook_and_fails_on_the_error(tmp_path):
    hooks_repo = _snapshot_of_this_checkout(tmp_path / "termqa")
    repo = _project(tmp_path / "repo")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), "termqa", "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    output = done.stdout + done.stderr
    if "Could not find a version" in output or "No matching distribution" in output:
        pytest.skip("pre-commit cannot install termqa's dependencies here (offline)")
    assert done.returncode == 1, output
    assert re.search(r"^termqa\.+Failed$", output, re.M), output
    assert 'news/article.txt:1:18: error term-forbidden "Zheng Yirong"' in output
    assert "1 finding (1 error) in 1 file" in output  # the .reviewed. copy and notes.md were not passed


# --- the GitHub Action ---------------------------------------------------------------------


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_the_action_is_composite_installs_itself_and_uploads_sarif():
    action = _action()
    assert set(action["inputs"]) >= {"paths", "glossary", "fail-on"}
    assert action["inputs"]["fail-on"]["default"] == "error"
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install termqa")
    assert "pip install" in install["run"] and "$GITHUB_ACTION_PATH" in install["run"]
    check = next(s for s in steps if s.get("id") == "check")
    assert "--format sarif" in check["run"] and '--fail-on "$TERMQA_FAIL_ON"' in check["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif }}"
    fail = steps[-1]
    assert steps.index(upload) < steps.index(fail)
    assert fail["if"] == "${{ steps.check.outputs.exit-code != '0' }}"
    # Inputs reach the scripts only through the environment, never spliced into the script.
    assert all("${{" not in s.get("run", "") for s in steps)


def _run_check_step(tmp_path: Path, fail_on: str, glossary: str = "builtin:news") -> tuple[int, str, Path]:
    step = next(s for s in _action()["runs"]["steps"] if s.get("id") == "check")
    work = tmp_path / fail_on
    (work / "news").mkdir(parents=True)
    (work / "news" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    out = work / "github-output"
    out.touch()
    env = dict(os.environ, TERMQA_PATHS="news", TERMQA_GLOSSARY=glossary, TERMQA_FAIL_ON=fail_on,
               TERMQA_SARIF="termqa.sarif", GITHUB_OUTPUT=str(out), PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, env=env, capture_output=True, text=True,
                          timeout=300)
    return done.returncode, out.read_text(encoding="utf-8"), work / "termqa.sarif"


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_the_action_check_step_writes_sarif_and_the_exit_code_for_the_fail_step(tmp_path):
    code, output, sarif = _run_check_step(tmp_path, "error")
    assert code == 0  # the step passes so that the SARIF is uploaded; the last step fails the job
    assert output == "exit-code=1\n"
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("term-forbidden", "news/article.txt")]

    code, output, sarif = _run_check_step(tmp_path, "never")
    assert (code, output) == (0, "exit-code=0\n")
    assert sarif.exists()

    code, output, _ = _run_check_step(tmp_path, "bogus")
    assert (code, output) == (2, "exit-code=2\n")
