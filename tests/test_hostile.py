"""Hostile and faulty input against check, fix and the glossary commands: a generated matrix.

Each case is a set of files the test writes and a command line. The contract it checks:

- where the input is valid, the exit code is 0 or 1;
- otherwise it is 2, stderr is exactly one `termqa: error: ...` line naming the path (and the
  line, where there is one), and there is no traceback;
- either way no temporary file is left behind, and every input is byte-identical afterwards.

Cases that need a real process (pipes, process substitution, FIFOs, /dev/stdout) run the CLI
as a subprocess; the rest call main() in-process. The sinks (terminal, GitHub, JUnit XML, JSON)
are fed one list of hostile strings; the TUI gets them in tests/tui/test_hostile_tui.py.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from termqa.cli import main
from termqa.fileio.atomic import TMP_SUFFIX
from termqa.safety import github_data, github_property, terminal, terminal_mapped, xml_text

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = [
    "\x1b]0;pwned\x07",  # sets the terminal title
    "\x1b[2J",  # clears the screen
    "\x1b[31mred\x1b[0m",
    "\x9b31m",  # C1 CSI
    "nul\x00byte",
    "vt\x0bff\x0c",
    "line\nbreak",
    "cr\rreturn",
    "::error file=x.py,line=1::forged",
    "100%0A",
    "[/b] [bold red]markup[/]",
    "rtl\u202eoverride",
    "del\x7f",
]
"""What a corpus, a glossary or a file name may carry; every sink gets all of them."""

GLOSSARY = (
    "id,source,target,alternates,forbidden,type,note\n"
    "chung-eui-yong,郑义溶,Chung Eui-yong [/b],,Zheng Yirong,person,\n"
)
CORPUS = "doc\tid\tsource\ttarget\nd\t1\t郑义溶会见记者。\tZheng Yirong met reporters.\n"
FINDS = "Zheng Yirong met reporters.\n"  # one term-forbidden finding with the glossary


# --- the sinks, one hostile list ----------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_the_terminal_sink_shows_every_control_character_as_a_visible_escape(text):
    shown = terminal(text)
    assert not CONTROL.search(shown)
    for ch in set(text) - set(shown):
        assert f"\\x{ord(ch):02x}" in shown or f"\\u{ord(ch):04x}" in shown
    escaped, where = terminal_mapped(text)
    assert escaped == shown and len(where) == len(text) + 1 and where[-1] == len(shown)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_the_github_sinks_escape_as_the_runner_documents(text):
    data, prop = github_data(text), github_property(text)
    for value in (data, prop):
        assert "\n" not in value and "\r" not in value and not CONTROL.search(value)
    assert "," not in prop and ":" not in prop
    # The runner decodes %0A, %0D and %25 (and %3A, %2C in properties): the round trip is exact
    # for the characters it escapes.
    assert data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%") == terminal(text).replace(
        "\\x0a", "\n").replace("\\x0d", "\r")


@pytest.mark.parametrize("text", [*HOSTILE, "\ud800 lone", "\ufffe\uffff"], ids=range(len(HOSTILE) + 2))
def test_the_xml_sink_is_always_well_formed(text):
    etree.fromstring(f"<a b={json.dumps(xml_text(text))}>{escape(xml_text(text))}</a>".encode("utf-8", "strict"))


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_the_json_sink_needs_nothing(text):
    encoded = json.dumps({"text": text}, ensure_ascii=False)
    assert not re.search(r"[\x00-\x1f]", encoded)
    assert json.loads(encoded)["text"] == text


# --- the case matrix ----------------------------------------------------------------------------


@dataclass
class Case:
    """Files to write, a command, and what must happen."""

    files: dict[str, bytes | str]
    argv: list[str]
    error: str | None = None
    """None: a valid input (exit 0 or 1). Else the path the one error line must name."""
    line: int | None = None
    says: str | None = None
    """A phrase the error line must contain (so that another guard cannot pass for this one)."""
    subprocess: bool = False
    stdin: bytes | None = None
    shell: bool = False
    """Run argv[0] through bash (for process substitution)."""
    setup: Callable[[Path], None] | None = None
    check: Callable[[Path, str, str], None] | None = None
    """Extra assertions on (folder, stdout, stderr)."""
    outputs: tuple[str, ...] = ()
    """Files the command may create or change (all other files are inputs: byte-identical)."""
    extra: dict = field(default_factory=dict)


CASES: dict[str, Case] = {}


def case(name: str, c: Case) -> None:
    assert name not in CASES
    CASES[name] = c


# 1. Outputs that never destroy ------------------------------------------------------------------

for flag in ("-o", "--write-baseline"):
    case(f"check {flag} onto the corpus", Case({"a.txt": FINDS, "g.csv": GLOSSARY},
                                               ["check", "a.txt", "-g", "g.csv", flag, "a.txt"], error="a.txt"))
    case(f"check {flag} onto the glossary", Case({"a.txt": FINDS, "g.csv": GLOSSARY},
                                                 ["check", "a.txt", "-g", "g.csv", flag, "g.csv"], error="g.csv"))
    case(f"check {flag} onto a hard link of the corpus",
         Case({"a.txt": FINDS}, ["check", "a.txt", flag, "hard.txt"], error="hard.txt",
              setup=lambda d: os.link(d / "a.txt", d / "hard.txt")))
    case(f"check {flag} onto a symlink, even with --force",
         Case({"a.txt": FINDS, "other.txt": "keep\n"}, ["check", "a.txt", flag, "link.txt", "--force"],
              error="link.txt", says="symbolic link", setup=lambda d: os.symlink("other.txt", d / "link.txt")))
    case(f"check {flag} onto a folder", Case({"a.txt": FINDS, "sub/x": "x"}, ["check", "a.txt", flag, "sub", "--force"],
                                             error="sub", says="is a directory"))
    case(f"check {flag} under a file", Case({"a.txt": FINDS}, ["check", "a.txt", flag, "a.txt/report"],
                                            error="a.txt/report"))
    case(f"check {flag} onto an existing file without --force",
         Case({"a.txt": FINDS, "old.out": "precious\n"}, ["check", "a.txt", flag, "old.out"], error="old.out"))
    case(f"check {flag} onto a FIFO", Case({"a.txt": FINDS}, ["check", "a.txt", flag, "fifo", "--force"], error="fifo",
                                           says="FIFO", setup=lambda d: os.mkfifo(d / "fifo")))
case("check -o /dev/null (a device)", Case({"a.txt": FINDS}, ["check", "a.txt", "-o", "/dev/null", "--force"],
                                          error="/dev/null", says="device"))
case("check -o a link to /dev/stdout", Case({"a.txt": FINDS}, ["check", "a.txt", "-o", "out", "--force"], error="out",
                                            says="symbolic link", setup=lambda d: os.symlink("/dev/stdout", d / "out")))
case("fix -o onto the corpus", Case({"a.txt": FINDS, "g.csv": GLOSSARY},
                                    ["fix", "a.txt", "-g", "g.csv", "--suggestions", "-o", "a.txt"], error="a.txt"))
case("fix -o onto a symlink to the corpus", Case({"a.txt": FINDS, "g.csv": GLOSSARY},
                                                 ["fix", "a.txt", "-g", "g.csv", "--suggestions", "-o", "l.txt", "--force"],
                                                 error="l.txt", says="symbolic link",
                                                 setup=lambda d: os.symlink("a.txt", d / "l.txt")))
case("fix -o onto the decisions log", Case({"a.txt": FINDS, "d.jsonl": ""},
                                           ["fix", "a.txt", "--decisions", "d.jsonl", "-o", "d.jsonl"], error="d.jsonl"))
case("glossary convert onto its input", Case({"g.csv": GLOSSARY}, ["glossary", "convert", "g.csv", "g.csv"],
                                             error="g.csv"))
case("glossary merge onto a folder", Case({"g.csv": GLOSSARY, "sub/x": "x"},
                                          ["glossary", "merge", "g.csv", "-o", "sub"], error="sub"))


def _same_report(d: Path, out: str, err: str) -> None:
    assert "term-forbidden" in (d / "new.out").read_text(encoding="utf-8")


def _backup_kept(d: Path, out: str, err: str) -> None:
    assert (d / "old.out~").read_text() == "precious\n"
    assert "term-forbidden" in (d / "old.out").read_text(encoding="utf-8")


def _on_stdout(d: Path, out: str, err: str) -> None:
    assert "term-forbidden" in out


case("check -o a new file", Case({"a.txt": FINDS, "g.csv": GLOSSARY}, ["check", "a.txt", "-g", "g.csv", "-o", "new.out"],
                                 check=_same_report, outputs=("new.out",)))
case("check -o an existing file with --force keeps a backup",
     Case({"a.txt": FINDS, "g.csv": GLOSSARY, "old.out": "precious\n"},
          ["check", "a.txt", "-g", "g.csv", "-o", "old.out", "--force"], check=_backup_kept,
          outputs=("old.out", "old.out~")))
case("check -o - writes stdout", Case({"a.txt": FINDS, "g.csv": GLOSSARY}, ["check", "a.txt", "-g", "g.csv", "-o", "-"],
                                      check=_on_stdout))
case("check -o /dev/stdout writes the stream", Case({"a.txt": FINDS, "g.csv": GLOSSARY},
                                                    ["check", "a.txt", "-g", "g.csv", "-o", "/dev/stdout"],
                                                    check=_on_stdout, subprocess=True))


def _fixed_to_stdout(d: Path, out: str, err: str) -> None:
    assert out == "Chung Eui-yong [/b] met reporters.\n"


case("fix -o - writes the corrected corpus to stdout",
     Case({"a.txt": FINDS, "g.csv": GLOSSARY}, ["fix", "a.txt", "-g", "g.csv", "--suggestions", "-o", "-"],
          check=_fixed_to_stdout, subprocess=True))


def _in_place_through_link(d: Path, out: str, err: str) -> None:
    assert (d / "l.txt").is_symlink()
    assert (d / "a.txt").read_text(encoding="utf-8") == "Chung Eui-yong [/b] met reporters.\n"
    assert (d / "a.txt~").read_text(encoding="utf-8") == FINDS


case("fix --in-place through a symlink keeps the link",
     Case({"a.txt": FINDS, "g.csv": GLOSSARY}, ["fix", "l.txt", "-g", "g.csv", "--suggestions", "--in-place"],
          setup=lambda d: os.symlink("a.txt", d / "l.txt"), check=_in_place_through_link, outputs=("a.txt", "a.txt~")))

# 2. Text that cannot act ------------------------------------------------------------------------

HOSTILE_CORPUS = "".join(f"Zheng Yirong met {h.replace(chr(0), '').replace(chr(10), ' ').replace(chr(13), ' ')} "
                         "in 共同社.\n" for h in HOSTILE)
HOSTILE_GLOSSARY = (
    "id,source,target,alternates,forbidden,type,note\n"
    'cey,郑义溶,"Chung Eui-yong [/b]\x1b]0;pwned\x07\x0b",,Zheng Yirong,person,\n'
)


def _no_raw_controls(d: Path, out: str, err: str) -> None:
    for stream in (out, err):
        assert not CONTROL.search(stream.replace("\n", "")), repr(stream[:300])
        assert "\\x1b]0;pwned\\x07" in out or "\\x1b" in out or not out


def _one_line_per_finding(d: Path, out: str, err: str) -> None:
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not any(line.startswith("::error file=x.py") for line in lines)


def _junit_well_formed(d: Path, out: str, err: str) -> None:
    root = etree.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites" and int(root.get("failures")) > 0


def _json_round_trips(d: Path, out: str, err: str) -> None:
    records = [json.loads(line) for line in out.splitlines()]
    assert any("\x1b" in r["suggestions"][0] for r in records if r["suggestions"])


for fmt, check in (("text", _no_raw_controls), ("github", _one_line_per_finding), ("junit", _junit_well_formed),
                   ("jsonl", _json_round_trips)):
    case(f"check --format {fmt} on a hostile corpus and glossary",
         Case({"hostile.txt": HOSTILE_CORPUS, "g.csv": HOSTILE_GLOSSARY},
              ["check", "hostile.txt", "-g", "g.csv", "--format", fmt, "--color", "never"], check=check))

FORGED = "a\n::error file=x.py,line=1::forged\x1b[2J.txt"


def _no_forged_line(d: Path, out: str, err: str) -> None:
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "\\x0a::error file=x.py" in out


case("a file name with a newline cannot forge an annotation in the text report",
     Case({FORGED: FINDS, "g.csv": GLOSSARY}, ["check", FORGED, "-g", "g.csv", "--color", "never"], check=_no_forged_line))
case("a file name with control characters in an error line",
     Case({"x\x1b[2J\n.jsonl": '{"target": 1}\n'}, ["check", "x\x1b[2J\n.jsonl"], error="x\x1b[2J\n.jsonl", line=1))
case("an XLIFF <cp hex=1B/> reaches the report escaped",
     Case({"a.xlf": '<?xml version="1.0"?>\n<xliff version="1.2"><file original="a"><body>\n'
                    '<trans-unit id="1"><source>郑义溶</source><target>Zheng Yirong<cp hex="1B"/>]0;x<cp hex="7"/>'
                    "</target></trans-unit></body></file></xliff>\n", "g.csv": GLOSSARY},
          ["check", "a.xlf", "-g", "g.csv"], check=_no_raw_controls))

# 3. Inputs read strictly ------------------------------------------------------------------------

case("--encoding rot13", Case({"a.txt": FINDS}, ["check", "a.txt", "--encoding", "rot13"], error="--encoding"))
case("--encoding base64", Case({"a.txt": FINDS}, ["check", "a.txt", "--encoding", "base64"], error="--encoding"))
case("--encoding no-such", Case({"a.txt": FINDS}, ["check", "a.txt", "--encoding", "no-such"], error="--encoding"))
case("--encoding utf-16 on a UTF-8 file", Case({"a.txt": FINDS}, ["check", "a.txt", "--encoding", "utf-16"],
                                               error="a.txt"))
case("an overlong UTF-8 sequence", Case({"a.txt": b"fine\nslash \xc0\xaf here\n"}, ["check", "a.txt"],
                                        error="a.txt", line=2))
case("an encoded surrogate in UTF-8", Case({"a.txt": "it’s fine\n".encode() + b"bad \xed\xa0\x80 here\n"},
                                           ["check", "a.txt"], error="a.txt", line=2))
case("one invalid byte pair in a mostly-English UTF-8 file is not GB18030",
     Case({"a.txt": ("“Quoted” English text.\n" * 50).encode() + b"one bad \xff\xfe pair\n" + b"more text\n" * 10},
          ["check", "a.txt"], error="a.txt", line=51))


def _replaced(d: Path, out: str, err: str) -> None:
    assert "warning" in err and "a.txt:2" in err and "untranslated" not in out


case("--encoding-errors replace warns and goes on",
     Case({"a.txt": "it’s fine\n".encode() + b"bad \xff\xfe pair\n"},
          ["check", "a.txt", "--encoding-errors", "replace"], check=_replaced))
case("a lone surrogate as <cp hex=D800/>",
     Case({"a.xlf": '<?xml version="1.0"?>\n<xliff version="1.2"><file original="a"><body>\n'
                    '<trans-unit id="1"><source>一</source>\n<target>a<cp hex="D800"/>b</target></trans-unit>'
                    "</body></file></xliff>\n"}, ["check", "a.xlf"], error="a.xlf", line=4))
case("a lone surrogate escape in JSON Lines",
     Case({"a.jsonl": '{"target": "ok"}\n{"target": "a\\udc80b"}\n'}, ["check", "a.jsonl"], error="a.jsonl", line=2))
BIG = "9" * 5000
case("a 5,000-digit integer in JSON Lines", Case({"a.jsonl": '{"target": "x", "id": ' + BIG + "}\n"},
                                                 ["check", "a.jsonl"], error="a.jsonl", line=1))
case("a 5,000-digit integer in a baseline", Case({"a.txt": FINDS, "b.jsonl": '{"fingerprint": ' + BIG + "}\n"},
                                                 ["check", "a.txt", "--baseline", "b.jsonl"], error="b.jsonl", line=1))
case("Infinity in JSON Lines", Case({"a.jsonl": '{"target": "x", "id": 1e999}\n'}, ["check", "a.jsonl"],
                                    error="a.jsonl", line=1))
case("/dev/zero as a corpus", Case({}, ["check", "/dev/zero"], error="/dev/zero", says="device"))
case("/dev/zero as a glossary", Case({"a.txt": FINDS}, ["check", "a.txt", "-g", "/dev/zero"], error="/dev/zero",
                                     says="device"))
case("a FIFO glossary nobody writes is not opened",
     Case({"a.txt": FINDS}, ["check", "a.txt", "-g", "/dev/null"], error="/dev/null"))
case("an input over --max-input-size", Case({"a.txt": FINDS * 10}, ["check", "a.txt", "--max-input-size", "100"],
                                             error="a.txt"))
case("a TMX over --max-input-size", Case({"a.tmx": "<tmx>" + " " * 300 + "</tmx>\n"},
                                         ["check", "a.tmx", "--max-input-size", "100"], error="a.tmx"))
case("a stream over --max-input-size", Case({}, ["check", "-", "--max-input-size", "100"], error="-",
                                            stdin=FINDS.encode() * 10, subprocess=True))
case("fix on a stream", Case({"g.csv": GLOSSARY}, ["fix", "-", "-g", "g.csv", "--suggestions", "-o", "x.txt"],
                             error="-", stdin=FINDS.encode(), subprocess=True))


def _one_finding(d: Path, out: str, err: str) -> None:
    assert "term-forbidden" in out and "0 segments" not in out


case("a pipe on stdin as -", Case({"g.csv": GLOSSARY}, ["check", "-", "-g", "g.csv"], stdin=FINDS.encode(),
                                  subprocess=True, check=_one_finding))
case("a pipe on /dev/stdin", Case({"g.csv": GLOSSARY}, ["check", "/dev/stdin", "-g", "g.csv"], stdin=FINDS.encode(),
                                  subprocess=True, check=_one_finding))
case("process substitution for --source and --target",
     Case({"a.zh": "郑义溶会见记者。\n", "a.en": FINDS, "g.csv": GLOSSARY},
          ["check -g g.csv --source <(cat a.zh) --target <(cat a.en)"], shell=True, subprocess=True, check=_one_finding))
case("a FIFO with a writer", Case({"g.csv": GLOSSARY}, ["check fifo -g g.csv & printf 'Zheng Yirong met reporters.\\n' "
                                                        "> fifo; wait $!"], shell=True, subprocess=True,
                                  setup=lambda d: os.mkfifo(d / "fifo"), check=_one_finding))

# 4. Decision logs and baselines are untrusted ----------------------------------------------------

GOOD = {"fingerprint": "0123456789abcdef", "action": "fix", "rule": "term-forbidden", "path": "a.txt", "line": 1,
        "segment": None, "doc": "a.txt", "side": "target", "start": 0, "end": 12, "old": "Zheng Yirong",
        "new": "Chung Eui-yong", "term": None, "time": ""}
BAD_RECORDS = {
    "a list as fingerprint": {"fingerprint": ["x"]},
    "a 5,000-digit line": "BIG",
    "a bool as line": {"line": True},
    "a negative start": {"start": -1},
    "start after end": {"start": 9, "end": 2},
    "an unknown action": {"action": "delete"},
    "an unknown side": {"side": "both"},
    "a fix without new": {"new": None},
    "a number as old": {"old": 7},
}


def _log(bad: dict | str) -> str:
    good = json.dumps(GOOD)
    if bad == "BIG":
        return good + "\n" + good.replace('"line": 1', '"line": ' + BIG) + "\n"
    return good + "\n" + json.dumps({**GOOD, **bad}) + "\n"


for what, bad in BAD_RECORDS.items():
    case(f"fix --decisions with {what}", Case({"a.txt": FINDS, "d.jsonl": _log(bad)},
                                              ["fix", "a.txt", "--decisions", "d.jsonl"], error="d.jsonl", line=2))
case("glossary export with a bad decision", Case({"g.csv": GLOSSARY, "d.jsonl": _log({"fingerprint": ["x"]})},
                                                  ["glossary", "export", "g.csv", "--decisions", "d.jsonl", "-o", "o.csv"],
                                                  error="d.jsonl", line=2))
case("a baseline with an unknown action", Case({"a.txt": FINDS, "b.jsonl": '{"fingerprint": "ab", "action": 3}\n'},
                                               ["check", "a.txt", "--baseline", "b.jsonl"], error="b.jsonl", line=1))
case("a baseline line that is a list", Case({"a.txt": FINDS, "b.jsonl": "[1]\n"},
                                            ["check", "a.txt", "--baseline", "b.jsonl"], error="b.jsonl", line=1))


# --- the runner ---------------------------------------------------------------------------------


def _write(folder: Path, files: dict[str, bytes | str]) -> dict[str, bytes]:
    written = {}
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        written[name] = data
    return written


def _leftovers(folder: Path) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.name.endswith((TMP_SUFFIX, ".tmp"))]


def _run(c: Case, folder: Path, capsys) -> tuple[int, str, str]:
    if not c.subprocess:
        code = main(c.argv)
        out, err = capsys.readouterr()
        return code, out, err
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if c.shell:
        argv = ["bash", "-c", f"{sys.executable} -m termqa {c.argv[0]}"]
        argv[2] = argv[2].replace(" & printf", " & printf", 1)
    else:
        argv = [sys.executable, "-m", "termqa", *c.argv]
    proc = subprocess.run(argv, cwd=folder, input=c.stdin or b"", capture_output=True, timeout=120, env=env)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_case(name, tmp_path, capsys, monkeypatch):
    c = CASES[name]
    folder = tmp_path / "case"
    folder.mkdir()
    monkeypatch.chdir(folder)
    inputs = _write(folder, c.files)
    if c.setup:
        c.setup(folder)
    code, out, err = _run(c, folder, capsys)
    assert "Traceback" not in err, err
    if c.error is None:
        assert code in (0, 1), err
    else:
        assert code == 2, (out, err)
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("termqa: error: ")
        named = terminal(c.error)
        assert named in lines[0], (named, lines[0])
        if c.line is not None:
            assert f"{named}:{c.line}: " in lines[0], lines[0]
        if c.says is not None:
            assert c.says in lines[0], lines[0]
        if not c.subprocess:
            assert out == ""
    if c.check:
        c.check(folder, out, err)
    assert _leftovers(folder) == []
    for rel, data in inputs.items():
        if rel not in c.outputs:
            assert (folder / rel).read_bytes() == data, f"{rel} changed"


def test_the_matrix_covers_every_case_class():
    names = " ".join(CASES)
    for needle in ("onto the corpus", "symlink", "folder", "FIFO", "/dev/null", "hostile corpus", "file name",
                   "rot13", "utf-16", "overlong", "surrogate", "5,000-digit", "/dev/zero", "stdin", "process substitution",
                   "decisions", "baseline", "max-input-size"):
        assert needle in names, needle
    assert len(CASES) >= 70


# --- temporary files of a killed run ------------------------------------------------------------


def test_temporary_files_of_a_killed_run_are_removed_by_the_next_run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(FINDS, encoding="utf-8")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".report.txt.{dead.stdout.strip()}.abc123{TMP_SUFFIX}"
    stale.write_text("half a report")
    alive = tmp_path / f".report.txt.{os.getpid()}.def456{TMP_SUFFIX}"  # a run in progress: left alone
    alive.write_text("being written")
    assert main(["check", "a.txt", "-o", "report.txt"]) in (0, 1)
    assert not stale.exists()
    assert alive.exists()
    assert (tmp_path / "report.txt").is_file()


def test_a_write_error_leaves_no_temporary_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(FINDS, encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert main(["check", "a.txt", "-o", "report.txt"]) == 2
    err = capsys.readouterr().err
    assert err == "termqa: error: report.txt: cannot write: No space left on device\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# --- no shared writable state -------------------------------------------------------------------


def _fresh_jieba():
    from termqa import zhwords

    zhwords._tokenizer.cache_clear()
    return zhwords._tokenizer()


PLANTED = "注入词"


def _plant(path: Path) -> None:
    with open(path, "wb") as fh:
        marshal.dump(({PLANTED: 10**9, "注": 1, "注入": 1}, 10**9), fh)


def test_a_planted_jieba_cache_in_the_shared_temp_dir_is_never_read(tmp_path, monkeypatch):
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    _plant(shared / "jieba.cache")
    os.chown(shared / "jieba.cache", 65534, 65534) if os.getuid() == 0 else None
    monkeypatch.setenv("TMPDIR", str(shared))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path / "mine"))
    try:
        tokenizer = _fresh_jieba()
        assert PLANTED not in tokenizer.FREQ
        assert (tmp_path / "mine" / "jieba" / "jieba.cache").is_file()
        assert oct((tmp_path / "mine").stat().st_mode & 0o777) == "0o700"
    finally:
        from termqa import zhwords

        zhwords._tokenizer.cache_clear()


@pytest.mark.parametrize("how", ["unsealed", "wrong seal", "another owner", "open to others"])
def test_a_planted_file_in_the_private_cache_is_ignored_and_rebuilt(tmp_path, monkeypatch, how):
    if how == "another owner" and os.getuid() != 0:
        pytest.skip("needs root to give a file to another user")
    mine = tmp_path / "mine"
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(mine))
    try:
        _fresh_jieba()  # a genuine, sealed cache
        cache = mine / "jieba" / "jieba.cache"
        seal = mine / "jieba" / "jieba.cache.seal"
        _plant(cache)
        if how == "unsealed":
            seal.unlink()
        elif how == "another owner":
            os.chown(cache, 65534, 65534)  # and the old seal no longer matches either way
        elif how == "open to others":
            os.chmod(cache, 0o666)
        tokenizer = _fresh_jieba()
        assert PLANTED not in tokenizer.FREQ
        assert len(tokenizer.FREQ) > 100_000
        with open(cache, "rb") as fh:
            assert PLANTED not in marshal.load(fh)[0]  # rebuilt
    finally:
        from termqa import zhwords

        zhwords._tokenizer.cache_clear()


def test_the_jieba_cache_loaded_is_the_bytes_verified(tmp_path, monkeypatch):
    # termqa unmarshals the very bytes whose seal it checked (jieba reopening the file could load
    # another one swapped in between, and reads it three times slower).
    import jieba

    from termqa import cache

    mine = tmp_path / "mine"
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(mine))
    try:
        _fresh_jieba()
        path = mine / "jieba" / "jieba.cache"
        _plant(path)
        cache.seal_external(path)  # sealed by this user: trusted

        class NoLoad:
            @staticmethod
            def load(_fh):
                raise AssertionError("jieba read the file itself")

            dump = staticmethod(marshal.dump)

        monkeypatch.setattr(jieba, "marshal", NoLoad)
        tokenizer = _fresh_jieba()
        assert PLANTED in tokenizer.FREQ  # loaded by termqa, from the verified bytes
    finally:
        from termqa import zhwords

        zhwords._tokenizer.cache_clear()


def test_a_cache_directory_owned_by_another_user_is_not_used(tmp_path, monkeypatch):
    if os.getuid() != 0:
        pytest.skip("needs root to give a directory to another user")
    from termqa import cache

    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o777)
    os.chown(theirs, 65534, 65534)
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(theirs))
    assert cache.cache_dir() is None


def test_sealed_cache_files_reject_tampering(tmp_path, monkeypatch):
    from termqa import cache

    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path / "c"))
    folder = cache.private_dir("glossary")
    assert folder is not None
    path = folder / "x.bin"
    assert cache.write_sealed(path, b"payload")
    assert cache.read_sealed(path) == b"payload"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    assert cache.read_sealed(path) is None
    assert not path.exists()
