"""Tests that bad input ends `termqa check` with one error line and exit code 2, never a traceback.

The contract (cli.py): a user's mistake is reported on stderr as exactly one line,
`termqa: error: PATH:LINE: problem` (without `:LINE` when no line applies), stdout stays
empty, and the exit code is 2. Each test writes the bad file into tmp_path and runs `main()`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from termqa.cli import main

PASSWD = Path("/etc/passwd")


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path, monkeypatch):
    """Run from tmp_path so that no termqa.toml of the developer's decides what a test sees."""
    monkeypatch.chdir(tmp_path)


def write(folder: Path, name: str, content: str | bytes) -> str:
    """Write text (UTF-8, line endings as given) or bytes and return the path as a string."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return str(path)


def good_corpus(folder: Path) -> str:
    """A valid corpus, for tests whose bad input is elsewhere (glossary, options, config)."""
    return write(folder, "ok.tsv", "source\ttarget\n新华社报道\tXinhua reported\n")


def error_line(capsys, argv: list[str], path: str | None = None, line: int | None = None) -> str:
    """Run `termqa` and assert the bad-input contract; return the one error line.

    Args:
        capsys: pytest's capture fixture.
        argv: The command line.
        path: A path the message must name.
        line: The line the message must name, as `path:line:`.
    """
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    assert err.endswith("\n")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("termqa: error: ")
    assert "Traceback" not in err
    if path is not None:
        assert path in lines[0]
    if line is not None:
        assert f"{path}:{line}: " in lines[0]
    return lines[0]


# --- malformed and hostile XML -------------------------------------------------------------------

MALFORMED = {
    # The unclosed element and the end tag that reveals it share line 7 (line 6 for the TBX).
    "tmx": (
        "bad.tmx",
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="zh-CN"/>\n<body>\n'
        '<tu tuid="1">\n<tuv xml:lang="zh-CN"><seg>一</seg></tuv>\n'
        '<tuv xml:lang="en-US"><seg>one</seg></tu>\n</body>\n</tmx>\n',
        7,
    ),
    "xliff": (
        "bad.xlf",
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2">\n<file original="a.html">\n<body>\n'
        '<trans-unit id="1">\n<source>一</source>\n<target>one</trans-unit>\n</body>\n</file>\n</xliff>\n',
        7,
    ),
    "tbx": (
        "bad.tbx",
        '<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2">\n<text><body>\n'
        '<conceptEntry id="a">\n<langSec xml:lang="zh"><termSec><term>一</term></termSec></langSec>\n'
        '<langSec xml:lang="en"><termSec><term>one</term></termSec></conceptEntry>\n</body></text>\n</tbx>\n',
        6,
    ),
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_malformed_xml_names_the_line_of_the_unclosed_tag(tmp_path, capsys, kind):
    name, text, line = MALFORMED[kind]
    bad = write(tmp_path, name, text)
    argv = ["check", good_corpus(tmp_path), "-g", bad] if kind == "tbx" else ["check", bad]
    message = error_line(capsys, argv, bad, line)
    assert "malformed XML" in message


def _hostile(kind: str, dtd: str, reference: str) -> tuple[str, str]:
    """A TBX, TMX or XLIFF file with the given internal DTD and an entity reference in its text."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE root [\n{dtd}]>\n'
    if kind == "tbx":
        return "hostile.tbx", head + (
            '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="a">\n'
            '<langSec xml:lang="zh"><termSec><term>一</term></termSec></langSec>\n'
            f'<langSec xml:lang="en"><termSec><term>{reference}</term></termSec></langSec>\n'
            "</conceptEntry></body></text></tbx>\n"
        )
    if kind == "tmx":
        return "hostile.tmx", head + (
            '<tmx version="1.4"><header srclang="zh-CN"/><body><tu>\n'
            '<tuv xml:lang="zh-CN"><seg>一</seg></tuv>\n'
            f'<tuv xml:lang="en-US"><seg>{reference}</seg></tuv>\n'
            "</tu></body></tmx>\n"
        )
    return "hostile.xlf", head + (
        '<xliff version="1.2"><file original="a"><body><trans-unit id="1">\n'
        "<source>一</source>\n"
        f"<target>{reference}</target>\n"
        "</trans-unit></body></file></xliff>\n"
    )


def _argv(tmp_path: Path, kind: str, bad: str) -> list[str]:
    return ["check", good_corpus(tmp_path), "-g", bad] if kind == "tbx" else ["check", bad]


XXE = '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
LAUGHS = '<!ENTITY lol "lol">\n<!ENTITY lol0 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n' + "".join(
    f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">\n' for i in range(1, 10)
)


@pytest.mark.parametrize("kind", ["tbx", "tmx", "xliff"])
def test_an_external_entity_is_refused_and_the_file_it_names_is_never_read(tmp_path, capsys, kind):
    name, text = _hostile(kind, XXE, "&xxe;")
    bad = write(tmp_path, name, text)
    code = main(_argv(tmp_path, kind, bad))
    out, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines() == [
        f"termqa: error: {bad}:3: XML declares the external entity 'xxe'; entities are refused for safety"
    ]
    if PASSWD.is_file():
        for secret in filter(None, PASSWD.read_text(errors="replace").splitlines()):
            assert secret not in out + err
    assert "root:" not in out + err


@pytest.mark.parametrize("kind", ["tbx", "tmx", "xliff"])
def test_a_billion_laughs_entity_is_refused(tmp_path, capsys, kind):
    name, text = _hostile(kind, LAUGHS, "&lol9;")
    bad = write(tmp_path, name, text)
    message = error_line(capsys, _argv(tmp_path, kind, bad), bad)
    assert "entit" in message.lower()
    assert "lollol" not in message


@pytest.mark.parametrize("kind", ["tbx", "tmx", "xliff"])
def test_an_entity_declared_but_never_used_is_refused_on_its_line(tmp_path, capsys, kind):
    name, text = _hostile(kind, LAUGHS, "plain")
    bad = write(tmp_path, name, text)
    message = error_line(capsys, _argv(tmp_path, kind, bad), bad, 3)
    assert message.endswith("XML declares the internal entity 'lol'; entities are refused for safety")


@pytest.mark.parametrize("kind", ["tbx", "tmx", "xliff"])
def test_a_billion_laughs_refusal_names_the_line_of_the_entity_declarations(tmp_path, capsys, kind):
    name, text = _hostile(kind, LAUGHS, "&lol9;")
    bad = write(tmp_path, name, text)
    message = error_line(capsys, _argv(tmp_path, kind, bad), bad, 3)
    assert "entities are refused for safety" in message


# --- delimited files -----------------------------------------------------------------------------


def test_a_ragged_tsv_row_names_its_line(tmp_path, capsys):
    bad = write(tmp_path, "ragged.tsv", "doc\tid\tsource\ttarget\nd1\t1\t一\tone\n\nd1\t2\t二\n")
    message = error_line(capsys, ["check", bad], bad, 4)
    assert message.endswith("row has 3 fields but the header has 4 (ragged TSV)")


def test_a_ragged_csv_row_after_a_quoted_newline_names_its_physical_line(tmp_path, capsys):
    bad = write(tmp_path, "ragged.csv", 'id,source,target\n1,"一\n二",one two\n2,三\n')
    message = error_line(capsys, ["check", bad], bad, 4)
    assert message.endswith("row has 2 fields but the header has 3 (ragged CSV)")


def test_a_tsv_without_a_target_column_names_the_header_line(tmp_path, capsys):
    bad = write(tmp_path, "no-target.tsv", "doc\tid\tsource\nd1\t1\t一\n")
    message = error_line(capsys, ["check", bad], bad, 1)
    assert "header has no target column" in message


@pytest.mark.parametrize("role", ["corpus", "glossary"])
def test_a_missing_target_column_is_reported_on_the_header_line_after_blank_lines(tmp_path, capsys, role):
    bad = write(tmp_path, "late-header.tsv", "\n\nid\tsource\n1\t一\n")
    argv = ["check", bad] if role == "corpus" else ["check", good_corpus(tmp_path), "-g", bad]
    error_line(capsys, argv, bad, 3)


def test_a_ragged_glossary_row_names_its_line(tmp_path, capsys):
    bad = write(tmp_path, "gloss.csv", "id,source,target\na,一,one\nb,二\n")
    message = error_line(capsys, ["check", good_corpus(tmp_path), "-g", bad], bad, 3)
    assert "ragged CSV" in message


def test_an_unknown_glossary_type_names_its_line(tmp_path, capsys):
    bad = write(tmp_path, "gloss.csv", "id,source,target,type\na,一,one,person\nb,二,two,animal\n")
    message = error_line(capsys, ["check", good_corpus(tmp_path), "-g", bad], bad, 3)
    assert "unknown type 'animal'" in message


# --- empty, blank, binary and oversized files ----------------------------------------------------


@pytest.mark.parametrize("ext", ["txt", "tsv", "jsonl", "tmx", "xlf"])
def test_an_empty_file_is_refused(tmp_path, capsys, ext):
    bad = write(tmp_path, f"empty.{ext}", b"")
    message = error_line(capsys, ["check", bad], bad)
    assert message == f"termqa: error: {bad}: file is empty"


@pytest.mark.parametrize(
    "ext",
    ["tsv", "csv", "tmx", "xlf", "txt", "jsonl"],
)
def test_a_file_of_only_whitespace_is_refused(tmp_path, capsys, ext):
    bad = write(tmp_path, f"blank.{ext}", " \n\t\n\r\n   ")
    message = error_line(capsys, ["check", bad], bad)
    assert "empty" in message


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@pytest.mark.parametrize("ext", ["txt", "tsv", "jsonl"])
def test_a_binary_file_is_refused_naming_the_line_of_its_first_nul(tmp_path, capsys, ext):
    bad = write(tmp_path, f"image.{ext}", PNG)
    message = error_line(capsys, ["check", bad], bad, 3)
    assert "binary file" in message


@pytest.mark.parametrize("ext", ["tmx", "xlf"])
def test_a_binary_file_named_as_xml_is_refused_as_malformed(tmp_path, capsys, ext):
    bad = write(tmp_path, f"image.{ext}", PNG)
    message = error_line(capsys, ["check", bad], bad, 1)
    assert "malformed XML" in message


def test_a_ten_megabyte_line_is_refused_naming_line_1(tmp_path, capsys):
    bad = write(tmp_path, "huge.txt", "a" * 10_000_001)
    message = error_line(capsys, ["check", bad], bad, 1)
    assert message.endswith("line is 10,000,001 characters long (limit 1,000,000)")


# --- undecodable text and bad JSON ---------------------------------------------------------------


def test_bytes_that_are_neither_utf8_nor_gb18030_name_their_line(tmp_path, capsys):
    bad = write(tmp_path, "mixed.txt", b"first line\nsecond line\nthird \xff\xff\xff line\nfourth line\n")
    message = error_line(capsys, ["check", bad], bad, 3)
    assert "cannot decode byte 0xff" in message


def test_undecodable_bytes_after_the_first_megabyte_name_their_line(tmp_path, capsys):
    lines = [b"This is line %d of a long English corpus file." % n for n in range(1, 40_001)]
    lines[29_999] = b"line 30000 has \xff\xff\xff in it"
    bad = write(tmp_path, "long.txt", b"\n".join(lines) + b"\n")
    error_line(capsys, ["check", bad], bad, 30_000)


def test_invalid_json_names_its_line(tmp_path, capsys):
    bad = write(tmp_path, "mt.jsonl", '{"target": "one"}\n{"target": "two",\n{"target": "three"}\n')
    message = error_line(capsys, ["check", bad], bad, 2)
    assert "invalid JSON" in message


def test_a_json_line_that_is_not_an_object_names_its_line(tmp_path, capsys):
    bad = write(tmp_path, "mt.jsonl", '{"target": "one"}\n\n["two"]\n')
    message = error_line(capsys, ["check", bad], bad, 3)
    assert message.endswith("each line must be a JSON object")


def test_a_deeply_nested_json_line_is_an_input_error_not_a_traceback(tmp_path, capsys):
    bad = write(tmp_path, "deep.jsonl", '{"target": "one"}\n{"target": ' + "[" * 200_000 + "\n")
    error_line(capsys, ["check", bad], bad, 2)


def test_a_json_line_with_a_lone_surrogate_is_refused_on_its_line(tmp_path, capsys):
    bad = write(tmp_path, "surrogate.jsonl", '{"target": "fine"}\n{"target": "a\\ud800b"}\n')
    error_line(capsys, ["check", bad], bad, 2)


# --- paths, options and configuration ------------------------------------------------------------


def test_a_nonexistent_corpus_is_named(tmp_path, capsys):
    missing = str(tmp_path / "no-such-file.tsv")
    message = error_line(capsys, ["check", missing], missing)
    assert message == f"termqa: error: {missing}: no such file or directory"


def test_a_nonexistent_glossary_is_named(tmp_path, capsys):
    missing = str(tmp_path / "no-such-glossary.tbx")
    message = error_line(capsys, ["check", good_corpus(tmp_path), "-g", missing], missing)
    assert message == f"termqa: error: {missing}: no such glossary file or directory"


@pytest.mark.parametrize("given", ["--source", "--target"])
def test_source_and_target_must_be_given_together(tmp_path, capsys, given):
    path = write(tmp_path, "side.txt", "一\n")
    message = error_line(capsys, ["check", given, path])
    assert message == "termqa: error: --source and --target go together"


def test_an_unknown_rule_in_select_is_named(tmp_path, capsys):
    message = error_line(capsys, ["check", good_corpus(tmp_path), "--select", "term-missing,no-such-rule"])
    assert message.startswith("termqa: error: unknown rule 'no-such-rule'")


def test_a_termqa_toml_with_an_unknown_key_found_from_cwd_is_named(tmp_path, capsys):
    config = write(tmp_path, "termqa.toml", 'fail-on = "warning"\nglosaries = ["news.csv"]\n')
    message = error_line(capsys, ["check", good_corpus(tmp_path)], str(Path(config).resolve()))
    assert "unknown key 'glosaries'" in message


def test_a_termqa_toml_that_is_not_toml_found_from_cwd_is_named(tmp_path, capsys):
    config = write(tmp_path, "termqa.toml", 'fail-on = "warning\nselect = [\n')
    message = error_line(capsys, ["check", good_corpus(tmp_path)], str(Path(config).resolve()))
    assert "not valid TOML" in message


def test_a_termqa_toml_in_a_parent_folder_is_found_and_checked(tmp_path, capsys, monkeypatch):
    config = write(tmp_path, "termqa.toml", 'fail-on = "sometimes"\n')
    work = tmp_path / "desk" / "today"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    message = error_line(capsys, ["check", good_corpus(work)], str(Path(config).resolve()))
    assert "'fail-on' must be one of" in message
