"""Provides the `termqa` command line: a thin shell over the engine with a fixed contract.

stdout carries the report and nothing else; progress, notes and errors go to stderr as plain
`termqa: ...` lines. Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or input
error, 130 interrupted. The review UI is imported only when `review` runs.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import io
import itertools
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from termqa import __version__
from termqa.errors import ConfigError, InputError, TermqaError, UsageError
from termqa.fileio.atomic import Output, open_output, resolve_output
from termqa.fileio.textfile import DEFAULT_MAX_INPUT, ReadPolicy, check_encoding, parse_size, reading
from termqa.safety import terminal
from termqa.wording import counted

if TYPE_CHECKING:
    from termqa.engine import Engine


class ExitCode(enum.IntEnum):
    """The process exit status."""

    OK = 0
    """Nothing at or above the --fail-on severity."""
    FINDINGS = 1
    """Findings at or above --fail-on (or glossary errors for `glossary validate`)."""
    USAGE = 2
    """Bad arguments, configuration or input files."""
    INTERNAL = 3
    """A check crashed (a bug in termqa): the documents it was on lost that check; everything
    else was checked and reported."""
    INTERRUPTED = 130
    """Ctrl-C."""


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code for an exception that ended a command."""
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(error, (InputError, UsageError, ConfigError, TermqaError)):
        return ExitCode.USAGE
    raise error


def _csv_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoding-errors", choices=("strict", "replace"), default=None,
                        help="invalid bytes in text inputs: an error naming the line (strict, default), or "
                             "U+FFFD and a warning (replace)")
    parser.add_argument("--max-input-size", metavar="SIZE", default=None,
                        help="refuse inputs larger than this (e.g. 500M, 4G; default 2G, or $TERMQA_MAX_INPUT_SIZE)")


GLOSSARY_HELP = "glossary file or folder (TBX, CSV, TSV, OmegaT .txt/.utf8), or a bundled one such as builtin:news; repeatable"
CONFIG_HELP = "use this termqa.toml instead of searching for one"
ENCODING_HELP = "force the encoding of text inputs (default: detect)"
GLOSSARY_FORMAT_HELP = "output format (default: from the extension of OUT)"


def _check_epilog() -> str:
    """The rules and the exit codes, for `termqa check --help`."""
    from termqa.checks import ALL_CHECKS

    width = max(len(c.id) for c in ALL_CHECKS)
    rules = [f"  {c.id:<{width}}  {c.summary()}{'' if c.default else ' (opt-in)'}" for c in ALL_CHECKS]
    codes = [f"  {int(code):<3}  {' '.join((_EXIT_HELP[code]).split())}" for code in ExitCode]
    return "rules:\n" + "\n".join(rules) + "\n\nexit codes:\n" + "\n".join(codes)


_EXIT_HELP = {
    ExitCode.OK: "no finding at or above --fail-on",
    ExitCode.FINDINGS: "findings at or above --fail-on",
    ExitCode.USAGE: "bad arguments, configuration or input files",
    ExitCode.INTERNAL: "a check crashed on some documents (a bug); everything else was checked and reported",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


def _review_epilog() -> str:
    """The review screen's keys, for `termqa review --help`."""
    from termqa.tui.keys import KEYS

    shown = [k for k in KEYS if not k.id.startswith("fix-") or k.id == "fix-1"]
    width = max(len(k.keys) for k in shown)
    lines = [f"  {(k.keys if k.id != 'fix-1' else '1-9'):<{width}}  {k.help if k.id != 'fix-1' else 'fix with suggestion 1-9'}"
             f"  [{k.id if k.id != 'fix-1' else 'fix-1 .. fix-9'}]" for k in shown]
    return ("keys (rebind in termqa.toml under [keymap] by the id in brackets):\n" + "\n".join(lines))


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose epilog may be a function, called only when help is shown.

    The epilogs list every rule and every key, which means importing every rule module (and
    polars) and the review UI's key table: a run that shows no help must not pay for that.
    Subparsers are of the same class (argparse's default for add_subparsers).
    """

    def __init__(self, *args, epilog: str | Callable[[], str] | None = None, **kwargs) -> None:
        self._epilog_of = epilog if callable(epilog) else None
        super().__init__(*args, epilog=None if callable(epilog) else epilog, **kwargs)

    def format_help(self) -> str:
        """The help text, with the epilog built now if it was given as a function."""
        if self._epilog_of is not None:
            self.epilog, self._epilog_of = self._epilog_of(), None
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    from termqa.report import FORMATS

    parser = _Parser(prog="termqa", description="Terminology and translation QA for Chinese-to-English.")
    parser.add_argument("--version", action="version", version=f"termqa {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check corpora against glossaries (for CI)",
                           description="Check corpora; print findings; exit 1 when any is at or above --fail-on.",
                           epilog=_check_epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="*", metavar="PATH", help="corpus files or folders")
    check.add_argument("-g", "--glossary", action="append", default=[], metavar="GLOSSARY",
                       help=GLOSSARY_HELP)
    check.add_argument("--source", help="Chinese side of a line-aligned pair (with --target)")
    check.add_argument("--target", help="English side of a line-aligned pair (with --source)")
    check.add_argument("--stdin-name", metavar="NAME",
                       help="for `check -`: the name standard input has in the report; its extension chooses "
                            "the format (e.g. article.tsv; default: plain text named -)")
    check.add_argument("--format", choices=FORMATS, help="output format (default text)")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout (- is stdout)")
    check.add_argument("--force", action="store_true",
                       help="overwrite an existing -o or --write-baseline file (a backup FILE~ is kept)")
    check.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                       help="lowest severity that fails the run (default error)")
    check.add_argument("--select", type=_csv_list, metavar="RULES", help="comma-separated rule ids or prefixes to run")
    check.add_argument("--ignore", type=_csv_list, metavar="RULES", help="comma-separated rule ids or prefixes to skip")
    check.add_argument("--baseline", metavar="FILE", help="accepted findings (JSON Lines) to leave out")
    check.add_argument("--write-baseline", metavar="FILE", help="write every finding of this run as accepted")
    check.add_argument("--encoding", help="force the encoding of text inputs (default: detect)")
    check.add_argument("--config", metavar="FILE", help="use this termqa.toml instead of searching for one")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in text output")
    check.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    check.add_argument("--batch-size", type=int, default=25_000, help=argparse.SUPPRESS)
    check.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                       help="processes that check a large corpus (more than 25,000 segments) in parallel, "
                            "this one and N-1 workers; default: one per CPU, at most 8; 1: this process only")
    check.add_argument("--ray", metavar="ADDRESS",
                       help="check on a Ray cluster: local (start one here), auto (join this machine's) or "
                            "ray://HOST:10001; needs the ray extra (pip install 'termqa[ray]')")
    check.add_argument("--ray-workers", type=int, metavar="N",
                       help="with --ray: checking workers (default: the cluster's CPUs less one)")
    _reading_options(check)

    fix = sub.add_parser("fix", help="apply saved review decisions, or every safe suggestion, to corpora",
                         description="Write corrected corpora: NAME.reviewed.EXT beside each input, -o, or --in-place.")
    fix.add_argument("paths", nargs="+", metavar="PATH", help="corpus files or folders")
    fix.add_argument("-g", "--glossary", action="append", default=[], metavar="GLOSSARY", help=GLOSSARY_HELP)
    how = fix.add_mutually_exclusive_group(required=True)
    how.add_argument("--decisions", metavar="FILE", help="a decisions log written by `termqa review`")
    how.add_argument("--suggestions", action="store_true",
                     help=f"apply every finding of {', '.join(SAFE_RULES)} that has exactly one suggestion")
    fix.add_argument("-o", "--output", metavar="OUT", help="where to write (one input file only; - is stdout)")
    fix.add_argument("--in-place", action="store_true", help="overwrite the inputs, keeping NAME.EXT~ backups")
    fix.add_argument("--force", action="store_true", help="overwrite an existing -o file (a backup OUT~ is kept)")
    fix.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    fix.add_argument("--encoding", help=ENCODING_HELP)
    _reading_options(fix)

    review = sub.add_parser("review", help="walk the findings in a terminal UI and accept, fix or ignore each",
                            description="Review findings interactively; decisions are appended to a log as you go.",
                            epilog=_review_epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    review.add_argument("paths", nargs="+", metavar="PATH", help="corpus files or folders")
    review.add_argument("-g", "--glossary", action="append", default=[], metavar="GLOSSARY", help=GLOSSARY_HELP)
    review.add_argument("--decisions", metavar="FILE",
                        help="decisions log to append to and resume from (default: termqa-decisions.jsonl beside the first input)")
    review.add_argument("-o", "--output", metavar="OUT", help="corrected corpus (one input file only)")
    review.add_argument("--in-place", action="store_true", help="overwrite the inputs on save, keeping NAME.EXT~")
    review.add_argument("--glossary-out", metavar="FILE", help="on save, write the glossary with what was learned")
    review.add_argument("--select", type=_csv_list, metavar="RULES", help="rules to review (as for check)")
    review.add_argument("--ignore", type=_csv_list, metavar="RULES", help="rules to leave out (as for check)")
    review.add_argument("--force", action="store_true",
                        help="overwrite an existing -o or --glossary-out file (a backup FILE~ is kept)")
    review.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    review.add_argument("--encoding", help=ENCODING_HELP)
    _reading_options(review)

    score = sub.add_parser("score", help="BLEU, chrF++ and TER (sacrebleu) and term metrics against a glossary",
                           description="Score a translation: corpus metrics against references, term success and "
                                       "consistency against a glossary (needs --source).")
    score.add_argument("--hyp", required=True, metavar="FILE", help="the translation, one segment per line")
    score.add_argument("--ref", action="append", default=[], metavar="FILE", help="a reference; repeatable")
    score.add_argument("--source", metavar="FILE", help="the Chinese source, line-aligned (for the term metrics)")
    score.add_argument("--docs", metavar="FILE", help="document ids, one per line (last tab-separated column)")
    score.add_argument("-g", "--glossary", action="append", default=[], metavar="GLOSSARY",
                       help=GLOSSARY_HELP + " (for the term metrics, with --source)")
    score.add_argument("--by", choices=("corpus", "doc"), default="corpus", help="also one row per document")
    score.add_argument("--format", choices=("text", "json", "csv"), default="text", help="output format (default text)")
    score.add_argument("--encoding", help=ENCODING_HELP)
    _reading_options(score)

    ev = sub.add_parser("eval", help="score the checks against MQM error annotations",
                        description="Run the checks on annotated MT and report precision, recall and F1.")
    ev.add_argument("annotations", metavar="ANNOTATIONS", help="MQM spans JSON Lines or TSV (.gz allowed)")
    ev.add_argument("-g", "--glossary", action="append", default=[], metavar="GLOSSARY", help=GLOSSARY_HELP)
    ev.add_argument("--level", choices=("segment", "span", "group", "all"), default="all",
                    help="which scores to show: per segment, per span (lenient and strict), per group, or all (default)")
    ev.add_argument("--positives", choices=("core", "extended", "both"), default="both",
                    help="which annotated errors count as positives: the core categories, the extended ones, "
                         "or a table for each (default both)")
    ev.add_argument("--by", choices=("system", "doc", "rule", "category"),
                    help="also one row per system, document, rule or MQM category")
    ev.add_argument("--select", type=_csv_list, metavar="RULES", help="rules to score (default: all, opt-in ones too)")
    ev.add_argument("--ignore", type=_csv_list, metavar="RULES", help="rules to leave out")
    ev.add_argument("--format", choices=("text", "json", "csv"), default="text", help="output format (default text)")
    ev.add_argument("--core", type=_csv_list, metavar="CATEGORIES",
                    help="comma-separated MQM categories that count as core positives "
                         "(default: the inconsistency categories, in any release's spelling)")
    ev.add_argument("--extended", type=_csv_list, metavar="CATEGORIES",
                    help="comma-separated MQM categories that count as extended positives")

    gloss = sub.add_parser("glossary", help="list, validate, convert, merge, export and extract glossaries")
    gsub = gloss.add_subparsers(dest="glossary_command", required=True, metavar="ACTION")
    gsub.add_parser("list", help="list the bundled glossaries (use them as -g builtin:NAME) with entry counts")
    validate = gsub.add_parser("validate", help="report duplicates, conflicts and malformed entries")
    validate.add_argument("paths", nargs="+", metavar="GLOSSARY", help="glossary files, folders or builtin:NAME")
    convert = gsub.add_parser("convert", help="convert between TBX, CSV and TSV")
    convert.add_argument("input", metavar="IN", help="the glossary to convert (TBX, CSV, TSV)")
    convert.add_argument("output", metavar="OUT", help="the converted glossary (- is stdout, with --format)")
    convert.add_argument("--format", choices=("tbx", "csv", "tsv", "omegat"), help="output format (default: from OUT)")
    convert.add_argument("--force", action="store_true", help="overwrite OUT (a backup OUT~ is kept)")
    export = gsub.add_parser("export", help="write glossaries with what review decisions taught them")
    export.add_argument("paths", nargs="+", metavar="GLOSSARY", help="the glossaries the review used")
    export.add_argument("--decisions", required=True, metavar="FILE", help="a decisions log from `termqa review`")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="the glossary to write")
    export.add_argument("--format", choices=("tbx", "csv", "tsv", "omegat"), help=GLOSSARY_FORMAT_HELP)
    export.add_argument("--force", action="store_true", help="overwrite OUT (a backup OUT~ is kept)")
    extract = gsub.add_parser(
        "extract", help="propose a glossary from a bilingual corpus (terms, renderings, consistency)",
        description="Align the recurring Chinese nouns and names of a bilingual corpus with their English "
                    "renderings and write a proposed glossary: the most frequent rendering approved, every "
                    "rendering with its count and the documents that render the term two ways in the note.")
    extract.add_argument("paths", nargs="*", metavar="CORPUS", help="bilingual corpus files or folders")
    extract.add_argument("--source", help="Chinese side of a line-aligned pair (with --target)")
    extract.add_argument("--target", help="English side of a line-aligned pair (with --source)")
    extract.add_argument("-o", "--output", required=True, metavar="OUT", help="the proposed glossary (TBX, CSV, TSV)")
    extract.add_argument("--format", choices=("tbx", "csv", "tsv", "omegat"), help=GLOSSARY_FORMAT_HELP)
    extract.add_argument("-g", "--glossary", action="append", default=[], metavar="GLOSSARY",
                         help="leave out the terms this glossary already has")
    extract.add_argument("--terms", action="append", default=[], metavar="FILE",
                         help="Chinese terms to align whole wherever they occur: a glossary (TBX, CSV, TSV; its "
                              "source terms) or a text file with one term per line")
    extract.add_argument("--min-count", type=int, default=2, metavar="N",
                         help="fewest aligned occurrences for a term to be proposed (default 2)")
    extract.add_argument("--encoding", help="force the encoding of text inputs (default: detect)")
    extract.add_argument("--force", action="store_true", help="overwrite OUT (a backup OUT~ is kept)")
    merge = gsub.add_parser("merge", help="merge glossaries into one file (same id: later files win)")
    merge.add_argument("paths", nargs="+", metavar="GLOSSARY", help="glossary files, folders or builtin:NAME, in order")
    merge.add_argument("-o", "--output", required=True, metavar="OUT", help="the merged glossary")
    merge.add_argument("--format", choices=("tbx", "csv", "tsv", "omegat"), help=GLOSSARY_FORMAT_HELP)
    merge.add_argument("--force", action="store_true", help="overwrite OUT (a backup OUT~ is kept)")
    for action_parser in (validate, convert, export, extract, merge):
        _reading_options(action_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting (callable from tests)."""
    if argv is None:  # this process is the command's own, not a caller's (tests call with argv)
        from termqa.engine import collect_less

        collect_less()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on bad arguments; we return
        return exc.code if isinstance(exc.code, int) else int(ExitCode.USAGE)
    try:
        commands = {"check": cmd_check, "glossary": cmd_glossary, "fix": cmd_fix, "review": cmd_review,
                    "score": cmd_score, "eval": cmd_eval}
        with reading(_read_policy(args)):
            return commands[args.command](args)
    except (TermqaError, KeyboardInterrupt) as exc:
        code = exit_code_for(exc)
        if code is ExitCode.INTERRUPTED:
            print("termqa: interrupted", file=sys.stderr)
        else:
            # The message names paths and quotes text from the inputs: never raw to a terminal.
            print(f"termqa: error: {terminal(str(exc))}", file=sys.stderr)
        return int(code)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitCode.OK)
    except OSError as exc:
        # Inputs are read as InputError; an error with no file is the report not written to
        # stdout (a full disk under `> report.txt`): one line, not a traceback.
        what = "the report could not be written: " if exc.filename is None else ""
        print(f"termqa: error: {what}{terminal(str(exc))}", file=sys.stderr)
        with contextlib.suppress(OSError, ValueError):  # what is still buffered goes nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.USAGE)


def entry() -> NoReturn:
    """The `termqa` command (the console script and `python -m termqa`): main(), then out of the
    process without the interpreter's teardown.

    A run that has loaded the aligner's and jieba's tables spent half a second at exit freeing
    them one object at a time (23.4 s against 22.8 s for term-variant on 200,000 real segments),
    for memory the system takes back at once. What exit must still do is done here: the exit
    handlers (the lookup memos are saved, temporary directories removed, child processes
    reaped) and the output streams flushed. Every file the run writes is complete and renamed
    into place before main() returns."""
    code = main()
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (| head): nothing more to say to it
        pass
    except (OSError, ValueError) as exc:  # a full disk under `> report.txt`: the report is cut short
        with contextlib.suppress(OSError, ValueError):
            print(f"termqa: error: the report could not be written: {terminal(str(exc))}", file=sys.stderr)
        code = int(ExitCode.USAGE)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _read_policy(args: argparse.Namespace) -> ReadPolicy:
    """How this command reads its inputs: --encoding, --encoding-errors, --max-input-size."""
    if getattr(args, "encoding", None):
        check_encoding(args.encoding)
    size = getattr(args, "max_input_size", None) or os.environ.get("TERMQA_MAX_INPUT_SIZE")
    limit = parse_size(size) if size else DEFAULT_MAX_INPUT
    return ReadPolicy(max_bytes=limit, errors=getattr(args, "encoding_errors", None) or "strict")


def say(message: str) -> None:
    """A `termqa: ...` note on stderr, made safe for the terminal (it may quote paths)."""
    print(f"termqa: {terminal(message)}", file=sys.stderr)


def _segments(args: argparse.Namespace, files: list[str], columns: dict[str, str] | None = None) -> Iterator:
    from termqa.fileio.corpus import read_corpus, read_paired

    for path in files:
        yield from read_corpus(path, args.encoding, _stdin_name(args, path), columns=columns or None)
    if args.source:
        yield from read_paired(args.source, args.target, args.encoding)


def _stdin_name(args: argparse.Namespace, path: str) -> str | None:
    """The --stdin-name of `path` when it is standard input, else None."""
    from termqa.fileio.textfile import STDIN_NAMES

    name = getattr(args, "stdin_name", None)
    return name if name and path in STDIN_NAMES else None


def _input_bytes(paths: list[str]) -> int:
    """The sizes of the regular files among `paths` (standard input, pipes and devices: 0)."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError, ValueError):
            st = os.stat(path)
            if stat.S_ISREG(st.st_mode):
                total += st.st_size
    return total


def cmd_check(args: argparse.Namespace) -> int:
    """`termqa check`: run the rules and render the report."""
    from termqa.baseline import Baseline, write_baseline
    from termqa.config import load_config
    from termqa.engine import Engine, Options, start_workers_early
    from termqa.fileio.corpus import check_corpus_args, expand_paths
    from termqa.fileio.glossary import glossary_files, load_glossary
    from termqa.model import Severity
    from termqa.report import RENDERERS, STREAMING, Report, stream_line, summary_line

    if args.ray is not None:
        from termqa.ray import require_ray

        require_ray()  # before any work: without the extra, one line naming it
        if args.source or args.stdin_name is not None or "-" in args.paths:
            raise UsageError("--ray reads corpus files: not --source/--target pairs or standard input")
        if args.ray_workers is not None and args.ray_workers < 1:
            raise UsageError("--ray-workers must be positive")
    cfg = load_config(explicit=args.config)
    check_corpus_args(args.paths, args.source, args.target)
    if args.batch_size < 1:
        raise UsageError("--batch-size must be positive")
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per CPU) or more")
    files = expand_paths(args.paths)
    if args.stdin_name is not None:
        from termqa.fileio.corpus import check_extension
        from termqa.fileio.textfile import STDIN_NAMES

        if not args.stdin_name.strip():
            raise UsageError("--stdin-name needs a name, such as article.tsv")
        if sum(p in STDIN_NAMES for p in files) != 1:
            raise UsageError("--stdin-name names standard input: use it with one `-` among the paths")
        check_extension(args.stdin_name)
    shown = [_stdin_name(args, p) or p for p in files]
    if args.source:
        files_shown = [*shown, args.target]
    else:
        files_shown = shown
    if not files_shown:
        raise UsageError(f"no corpus files found in {', '.join(args.paths)}")
    baseline_path = args.baseline or cfg.baseline
    if (baseline_path and args.write_baseline and not os.path.lexists(baseline_path)
            and _same_file(args.write_baseline, baseline_path)):
        # The first run of a project whose termqa.toml already names its baseline: the run
        # writes it, and nothing was accepted before it.
        baseline_path = None
    inputs = [*files_shown, *(p for p in (args.source, baseline_path, args.config) if p),
              *glossary_files(args.glossary or cfg.glossaries)]
    # Every output is judged before any work: a report must never replace the corpus it is about.
    report_to = resolve_output(args.output, inputs=inputs, force=args.force) if args.output else None
    baseline_to = None
    if args.write_baseline:
        # Rewriting the baseline this run reads is an update the user asked for, not an accident.
        updating = baseline_path is not None and _same_file(args.write_baseline, baseline_path)
        others = [i for i in inputs if not (updating and _same_file(i, baseline_path))]
        baseline_to = resolve_output(args.write_baseline, inputs=others, force=args.force, replaceable=updating,
                                     streams=False)
        if report_to is not None and not report_to.is_stream and _same_file(args.output, args.write_baseline):
            raise UsageError(f"{args.output} is named both as -o and as --write-baseline")
    options = Options(
        select=args.select if args.select is not None else cfg.select,
        ignore=(args.ignore if args.ignore is not None else cfg.ignore),
        severities=cfg.severity,
        batch_size=args.batch_size,
        jobs=args.jobs,
    )
    if args.ray is None:
        start_workers_early(options, _input_bytes([*files, *(p for p in (args.source, args.target) if p)]),
                            bool(args.glossary or cfg.glossaries))
    glossary = load_glossary(args.glossary or cfg.glossaries, args.encoding)
    fmt = args.format or cfg.format or "text"
    if fmt not in RENDERERS:
        raise ConfigError(f"{cfg.source}: unknown format {fmt!r}")
    parquet = report_to is not None and not report_to.is_stream and args.output.lower().endswith((".parquet", ".pq"))
    if parquet:
        if args.format not in (None, "jsonl"):
            raise UsageError(f"-o {args.output}: a Parquet file holds the JSON Lines records; not --format {args.format}")
        fmt = "jsonl"
    engine = Engine(glossary, options) if args.ray is None else _RayRun(args, files, glossary, options, cfg)
    if fmt == "text":
        engine.texts = {}
    progress = None
    started = time.monotonic()
    if not args.no_progress and sys.stderr.isatty():
        def progress(done: int, _bytes: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            sys.stderr.write(f"\rtermqa: {done:,} segments ({rate:,.0f}/s)\x1b[K")
            sys.stderr.flush()

    baseline = Baseline.load(baseline_path) if baseline_path else None
    fail_on = args.fail_on or cfg.fail_on
    threshold = None if fail_on == "never" else Severity.parse(fail_on)
    stream = sys.stderr if report_to is not None and report_to.kind == "stderr" else sys.stdout
    color = (report_to is None or report_to.is_stream) and (
        args.color == "always" or (args.color == "auto" and stream.isatty() and not os.environ.get("NO_COLOR"))
    )
    found = engine.run(_segments(args, files, cfg.columns), progress)
    everything: list = []  # for --write-baseline: every finding, before the old baseline filters
    if args.write_baseline:
        found = _tee(found, everything)
    kept = baseline.filter(found) if baseline is not None else found
    report = Report([], files_shown, 0, 0, {}, fail_on=threshold)
    failed = False
    with _output(report_to, binary=parquet) as out:
        if parquet:
            from termqa.report import write_parquet

            report.findings = list(kept)
            failed = threshold is not None and any(f.severity >= threshold for f in report.findings)
            write_parquet(report.findings, out)
        elif fmt in STREAMING:
            # Written as produced: a million-segment run holds one batch, not every finding.
            texts = engine.texts if engine.texts is not None else {}
            for f in kept:
                out.write(stream_line(fmt, f, texts, color))
                report.tally[f.severity.label] += 1
                failed = failed or (threshold is not None and f.severity >= threshold)
        else:
            report.findings = list(kept)
            failed = threshold is not None and any(f.severity >= threshold for f in report.findings)
        report.segments = engine.stats.segments
        report.crashes = len({(c.path, c.doc) for c in engine.stats.crashes})
        report.suppressed = baseline.used if baseline is not None else 0
        if progress:
            sys.stderr.write("\r\x1b[K")
        if fmt == "text":
            out.write(summary_line(report) + "\n")
        elif fmt not in STREAMING and not parquet:
            RENDERERS[fmt](report, out, color)
    if baseline_to is not None:
        assert baseline_to.dest is not None
        n = write_baseline(everything, baseline_to.dest, backup=baseline_to.exists)
        say(f"wrote {counted(n, 'finding')} to the baseline {args.write_baseline}")
    if fmt != "text" or (report_to is not None and report_to.kind != "stdout"):
        print(f"termqa: {summary_line(report)}", file=sys.stderr)
    if _report_crashes(engine):
        return int(ExitCode.INTERNAL)
    return int(ExitCode.FINDINGS if failed else ExitCode.OK)


class _RayRun:
    """`termqa check --ray`: the engine's interface (run, stats, texts) over termqa.ray, so that
    the report, the baseline and the exit code are the single-process run's own code."""

    def __init__(self, args: argparse.Namespace, files: list[str], glossary, options, cfg) -> None:  # noqa: ANN001
        from termqa.engine import Stats

        self.args, self.files, self.glossary, self.options, self.cfg = args, files, glossary, options, cfg
        self.stats = Stats()
        self.texts: dict | None = None

    def run(self, _segments: Iterator, progress=None) -> Iterator:  # noqa: ANN001 - as Engine.run
        from termqa.engine import INTERNAL_ERROR, Crash
        from termqa.ray import check_files, connect

        connect(self.args.ray, self.args.ray_workers)
        result = check_files(self.files, self.glossary, self.options, encoding=self.args.encoding,
                             columns=self.cfg.columns, workers=self.args.ray_workers, texts=self.texts is not None)
        self.stats.files = len(self.files)
        self.stats.segments = result.segments
        if self.texts is not None:
            self.texts.update(result.texts)
        for f in result.findings:
            if f.rule == INTERNAL_ERROR:  # the worker's Crash, as far as its finding tells it
                rule = f.message.split(" ", 2)[1] if f.message.startswith("check ") else f.rule
                self.stats.crashes.append(Crash(rule, f.path, f.doc, f.line, f.message, "a Ray worker"))
        if progress:
            progress(result.segments, 0)
        return iter(result.findings)


def _report_crashes(*engines: Engine) -> bool:
    """Say on stderr which check crashed where; True when any did (the run then exits 3)."""
    crashes = [c for e in engines for c in e.stats.crashes]
    for crash in crashes:
        print(f"termqa: internal error: {terminal(crash.describe())}", file=sys.stderr)
    if crashes:
        docs = len({(c.path, c.doc) for c in crashes})
        print(f"termqa: internal error: {len(crashes)} check{'s' if len(crashes) != 1 else ''} crashed on "
              f"{docs} document{'s' if docs != 1 else ''}, which those checks did not check; "
              "everything else was checked (please report this with the lines above)", file=sys.stderr)
    return bool(crashes)


def _tee(items: Iterator, sink: list) -> Iterator:
    for item in items:
        sink.append(item)
        yield item


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.abspath(a) == os.path.abspath(b)


@contextlib.contextmanager
def _output(target: Output | None, *, binary: bool = False) -> Iterator[TextIO]:
    """stdout (or the stream named), or a temporary file beside the target that replaces it
    only when the run succeeds (the old file kept as NAME~); `binary`: the file's byte handle."""
    if binary and target is not None and not target.is_stream:
        with open_output(target, backup=target.exists) as fh:
            yield fh  # type: ignore[misc]
        return
    if target is None or target.is_stream:
        stream = sys.stderr if target is not None and target.kind == "stderr" else sys.stdout
        yield stream
        stream.flush()
        return
    with open_output(target, backup=target.exists) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", errors="backslashreplace", newline="")  # type: ignore[arg-type]
        try:
            yield text
            text.flush()
        finally:
            text.detach()


SAFE_RULES = ("term-forbidden", "term-inconsistent", "term-missing", "repeated-word", "untranslated")
"""Rules whose single suggestion is safe to apply without a reviewer (cf. codespell -w): a
glossary's approved rendering, a repeated word dropped, Chinese left in the English."""


def _writing_inputs(args: argparse.Namespace) -> tuple:
    """Config, corpus files and glossary for the commands that write corrected corpora."""
    from termqa.config import load_config
    from termqa.fileio.corpus import expand_paths
    from termqa.fileio.glossary import load_glossary

    cfg = load_config(explicit=args.config)
    files = expand_paths(args.paths)
    if not files:
        raise UsageError(f"no corpus files found in {', '.join(args.paths)}")
    if args.output and (len(files) > 1 or args.in_place):
        raise UsageError("-o takes one input file and excludes --in-place")
    return cfg, files, load_glossary(args.glossary or cfg.glossaries, args.encoding)


def _plan_outputs(args: argparse.Namespace, cfg: object, files: list[str], *, own: bool = False) -> dict[str, Output]:
    """Where each corrected corpus goes, judged before anything is computed: -o, the input
    itself with --in-place, else NAME.reviewed.EXT; an existing file only with --force (kept as
    NAME~), like every other output. With `own` (review, which says where ctrl+s writes before
    the first save and saves there again and again) NAME.reviewed.EXT is replaced, kept as NAME~.
    Streams cannot be written back."""
    from termqa.fileio.glossary import glossary_files
    from termqa.fileio.textfile import classify
    from termqa.fileio.writeback import reviewed_path

    for path in files:
        if classify(path) == "stream":
            raise InputError(path, "is a stream; fix and review need a regular file (they read it twice)")
    inputs = [*files, *glossary_files(args.glossary or getattr(cfg, "glossaries", [])),
              *(p for p in (args.config, args.decisions) if p)]
    plan: dict[str, Output] = {}
    for path in files:
        if args.output:
            plan[path] = resolve_output(args.output, inputs=inputs, force=args.force)
        elif args.in_place:
            plan[path] = resolve_output(path, in_place=True)
        else:
            plan[path] = resolve_output(reviewed_path(path), inputs=inputs, force=args.force, replaceable=own,
                                        streams=False)
    return plan


def _review_parts(glossary, options) -> tuple:  # noqa: ANN001 - (Glossary, Options) -> (checker, locator)
    """The checker and locator a review session (or `fix --suggestions`) works with: findings
    with suggestions fit for their place (termqa/suggest.py), missing terms located (locate.py)."""
    from termqa.engine import Engine
    from termqa.locate import missing_span
    from termqa.model import Side
    from termqa.spans import extend_rendering
    from termqa.suggest import GlossaryForms, refine

    engine = Engine(glossary, options)
    forms = GlossaryForms(glossary) if glossary.entries else None
    entries = glossary.by_id()

    def checker(segments: list) -> list:
        texts = {(s.path, s.line, s.id): s.target for s in segments}
        return [refine(f, texts[(f.path, f.line, f.segment)], forms) for f in engine.run(segments)]

    def locator(finding, text: str) -> tuple[int, int] | None:  # noqa: ANN001 - a Finding
        entry = entries.get(finding.term or "")
        if entry is None:
            return None
        if finding.side is Side.SOURCE:
            return missing_span(text, finding.text, entry) if finding.rule == "term-missing" else None
        if finding.start is None or finding.end is None:
            return None
        longer = extend_rendering(text, finding.start, finding.end, list(entry.sources))
        return (finding.start, longer[0]) if longer is not None else None

    return checker, locator, engine


def _find_by_context(text: str, old: str, context: str) -> int | None:
    """Where `old` stands in `text` with the words `context` around it (a decision's place)."""
    from termqa.review import context_of

    if context.strip() in ("", "|"):
        return 0 if text == old else None  # a whole-segment edit: the same segment text
    start = text.find(old)
    while start >= 0 and old:
        if context_of(text, start, start + len(old)).casefold() == context.casefold():
            return start
        start = text.find(old, start + 1)
    return None


def _replay(log_path: str, path: str, segments: list) -> dict:
    """The targets of one file after the fixes of a decisions log: the log's own fixes of this
    file where it made them (a fix that no longer matches is an error), then fixes made on other
    files wherever the same text stands with the same words around it. Needs no glossary and
    no rule: the log says what was replaced, where and by what."""
    from termqa.decisions import Action, current, load_decisions

    decisions = load_decisions(log_path)
    in_force = {id(d) for d in current(decisions).values()}
    fixes = [d for d in decisions if id(d) in in_force and d.action == Action.FIX.value and d.new
             and d.side == "target" and d.start is not None and d.end is not None]
    texts = {(s.line, s.id): s.target for s in segments}
    here = os.path.realpath(path)

    def same_file(d) -> bool:  # noqa: ANN001 - a Decision
        base = os.path.dirname(os.path.abspath(log_path))
        return here in (os.path.realpath(d.path), os.path.realpath(os.path.join(base, d.path)))

    for d in fixes:
        if not same_file(d):
            continue
        key = (d.line, d.segment)
        text = texts.get(key)
        start = d.start if text is not None and text[d.start:d.end] == d.old else None
        if start is None and text is not None:
            start = _find_by_context(text, d.old, d.context)
        if start is None:
            raise TermqaError(f"{log_path}: the fix of {d.old!r} on {path}:{d.line} no longer matches the file "
                              "(was it edited since the review?)")
        texts[key] = text[:start] + d.new + text[start + len(d.old):]
    for d in fixes:
        if same_file(d):
            continue
        for key, text in texts.items():
            start = _find_by_context(text, d.old, d.context)
            if start is not None:
                texts[key] = text[:start] + d.new + text[start + len(d.old):]
                break
    return texts


def cmd_fix(args: argparse.Namespace) -> int:
    """`termqa fix`: replay a decisions log, or apply every safe single suggestion."""
    from termqa.engine import Options
    from termqa.fileio.corpus import read_corpus
    from termqa.fileio.writeback import diff_edits, write_back
    from termqa.review import ReviewSession

    cfg, files, glossary = _writing_inputs(args)
    plan = _plan_outputs(args, cfg, files)
    engines = []
    if not args.decisions:
        checker, locator, engine = _review_parts(glossary, Options(severities=cfg.severity))
        engines.append(engine)
    for path in files:
        segments = list(read_corpus(path, args.encoding, columns=cfg.columns or None))
        if args.decisions:
            texts = _replay(args.decisions, path, segments)
            edits = [e for s in segments for e in diff_edits(s.line, s.id, s.target, texts[(s.line, s.id)])]
        else:
            session = ReviewSession.of(checker(segments), segments=segments, checker=checker, locator=locator)
            _apply_safe(session)
            edits = session.edits().get(path, [])
        if not edits:
            say(f"{path}: nothing to fix")
            continue
        dest = write_back(path, edits, target=plan[path], encoding=args.encoding, columns=cfg.columns or None)
        say(f"{path}: fixed {len(edits)} span{'s' if len(edits) != 1 else ''} -> {dest}")
    return int(ExitCode.INTERNAL if _report_crashes(*engines) else ExitCode.OK)


def _apply_safe(session, rounds: int = 8) -> None:  # noqa: ANN001 - a ReviewSession
    """Fix every open finding of a safe rule that has one suggestion, as a reviewer pressing f
    on each would: after each round the changed documents are checked again, and what the
    check finds anew (the next departing place of an inconsistent term) is fixed in the next."""
    for _ in range(rounds):
        plans, taken = [], {}
        for i, item in enumerate(session.items):
            f = item.finding
            if f.rule not in SAFE_RULES or len(f.suggestions) != 1 or not session.fixable(i):
                continue
            p = session.plan_fix(i, f.suggestions[0])
            spans = taken.setdefault(p.key, [])
            if any(s < p.end and p.start < e for s, e in spans) or (p.start == p.end and (p.start, p.end) in spans):
                continue
            spans.append((p.start, p.end))
            plans.append(p)
        if not plans:
            return
        session.apply(plans)


def _or_one_rater(value: object) -> object:
    """Rater agreement needs two raters of a segment; a release with one has none to show."""
    return "n/a (one rater per segment)" if value is None else value


def make_review_app(args: argparse.Namespace):  # noqa: ANN201 - returns (ReviewApp, session, log path)
    """Build the review app for parsed `review` arguments (shared by the CLI and the tests)."""
    from termqa.decisions import DecisionLog
    from termqa.engine import Options
    from termqa.fileio.corpus import read_corpus
    from termqa.fileio.glossary import write_glossary
    from termqa.fileio.writeback import write_back
    from termqa.learn import learn, with_entry
    from termqa.model import GlossaryEntry
    from termqa.review import ReviewSession
    from termqa.tui import ReviewApp

    cfg, files, glossary = _writing_inputs(args)
    plan = _plan_outputs(args, cfg, files, own=True)
    glossary_to = None
    if args.glossary_out:
        glossary_to = resolve_output(args.glossary_out, inputs=[*files, *(args.glossary or cfg.glossaries)],
                                     force=args.force, streams=False)
    log_path = args.decisions or str(Path(files[0]).parent / "termqa-decisions.jsonl")
    log = DecisionLog(log_path)  # before the corpus is read: an unwritable log fails fast
    segments = [s for path in files for s in read_corpus(path, args.encoding, columns=cfg.columns or None)]
    # The same rules and severities as `check` with the same configuration.
    options = Options(select=args.select if args.select is not None else cfg.select,
                      ignore=args.ignore if args.ignore is not None else cfg.ignore, severities=cfg.severity)
    checker, locator, engine = _review_parts(glossary, options)
    findings = checker(segments)
    added: dict[str, GlossaryEntry] = {}
    session = ReviewSession.of(findings, log.append, segments=segments, checker=checker, locator=locator)

    def change_glossary(chinese: str, approved: str, forbidden: str, kind: str) -> list:
        nonlocal glossary
        glossary, entry = with_entry(glossary, chinese, approved, forbidden, kind)
        added[entry.id] = entry
        session.checker, session.locator, _ = _review_parts(glossary, options)
        return session.checker(session.current_segments())

    # A damaged log resumes nothing until the reviewer agrees to cut it after its valid prefix.
    resumed = session.resume(log.decisions) if log.problem is None else 0
    destinations = {path: plan[path].given for path in files}

    def save() -> str:
        written = []
        edits = session.edits()
        # Every corpus, changed or not: NAME.reviewed.EXT is the session as it stands (after an
        # undo of every fix it is the input again, not the last save's text).
        for path in files:
            written.append(write_back(path, edits.get(path, []), target=plan[path], encoding=args.encoding,
                                      columns=cfg.columns or None))
        if glossary_to is not None and glossary_to.dest and (glossary.entries or added):
            learned = learn(glossary, list(log.current().values()))
            write_glossary(learned.glossary, glossary_to.dest, Path(args.glossary_out).suffix.lstrip(".") or None,
                           backup=True)
            written.append(args.glossary_out)
        return "saved " + ", ".join(written) + f"; log: {log_path}"

    def repair_log() -> int:
        log.repair()
        return session.resume(log.decisions)

    app = ReviewApp(session, {(s.path, s.line, s.id): s for s in segments}, save, keymap=cfg.keymap,
                    on_glossary=change_glossary, glossary_entries=lambda: glossary.entries)
    app.destinations = destinations
    app.resumed = resumed
    app.engines = [engine]
    if log.problem is not None:
        app.log_problem = (str(log.problem), len(log.decisions), repair_log)
    return app, session, log_path


def cmd_review(args: argparse.Namespace) -> int:
    """`termqa review`: the Textual UI over the same findings as `check`."""
    app, session, log_path = make_review_app(args)
    app.run()
    if app.refused is not None:
        raise TermqaError(app.refused)
    say(f"{session.reviewed()} of {counted(len(session.items), 'finding')} reviewed; decisions in {log_path}")
    return int(ExitCode.INTERNAL if _report_crashes(*app.engines) else ExitCode.OK)


def _lines(path: str, encoding: str | None) -> list[str]:
    from termqa.fileio.textfile import iter_lines

    return [line.rstrip("\r\n") for line in iter_lines(path, encoding)]


def cmd_score(args: argparse.Namespace) -> int:
    """`termqa score`: sacrebleu metrics and term metrics, per corpus and optionally per document."""
    import csv
    import json

    from termqa.fileio.glossary import load_glossary
    from termqa.scoring import corpus_metrics, term_metrics

    hyps = _lines(args.hyp, args.encoding)
    streams = {"--ref " + r: _lines(r, args.encoding) for r in args.ref}
    if args.source:
        streams["--source"] = _lines(args.source, args.encoding)
    docs = [line.split("\t")[-1] for line in _lines(args.docs, args.encoding)] if args.docs else ["corpus"] * len(hyps)
    streams["--docs"] = docs
    for name, lines in streams.items():
        if len(lines) != len(hyps):
            raise UsageError(f"{name.split()[-1]} has {len(lines)} lines but --hyp has {len(hyps)}")
    refs = [streams["--ref " + r] for r in args.ref]
    if not refs and not (args.glossary and args.source):
        raise UsageError("give --ref for BLEU/chrF++/TER, or -g and --source for the term metrics")
    rows: list[dict] = []
    scopes = [("corpus", list(range(len(hyps))))]
    if args.by == "doc":
        order = list(dict.fromkeys(docs))
        scopes += [(d, [i for i, x in enumerate(docs) if x == d]) for d in order]
    term_total = term_docs = None
    if args.glossary and args.source:
        term_total, term_docs = term_metrics(streams["--source"], hyps, docs, load_glossary(args.glossary))
    for scope, idx in scopes:
        row: dict = {"scope": scope, "segments": len(idx)}
        if refs:
            for m in corpus_metrics([hyps[i] for i in idx], [[r[i] for i in idx] for r in refs]):
                row[m["name"]] = m["score"]
                row[m["name"] + " signature"] = m["signature"]
        if term_total is not None:
            scores = term_total if scope == "corpus" else term_docs.get(scope)
            if scores is not None:
                row.update(scores.record())
        rows.append(row)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        columns = list(dict.fromkeys(k for row in rows for k in row))
        writer = csv.DictWriter(sys.stdout, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            print(f"{row['scope']} ({counted(row['segments'], 'segment')})")
            for key, value in row.items():
                if key in ("scope", "segments") or key.endswith(" signature"):
                    continue
                signature = row.get(key + " signature")
                shown = "-" if value is None else value
                print(f"  {key:32s} {shown}" + (f"  [{signature}]" if signature else ""))
    return int(ExitCode.OK)


def cmd_eval(args: argparse.Namespace) -> int:
    """`termqa eval`: precision, recall and F1 against MQM annotations."""
    import json

    from termqa.evaluate import evaluate, table
    from termqa.fileio.glossary import load_glossary

    positives = ["core", "extended"] if args.positives == "both" else [args.positives]
    sets = {name: tuple(getattr(args, name)) for name in ("core", "extended") if getattr(args, name)}
    warnings: list[str] = []
    results = evaluate(args.annotations, load_glossary(args.glossary), positives, args.by, args.select, args.ignore,
                       sets, warnings)
    for line in warnings:
        print(f"termqa: warning: {terminal(line)}", file=sys.stderr)
    frame = table(results)
    levels = {"segment": ["segment", "segment_baseline"], "span": ["span_lenient", "span_strict"],
              "group": ["group"]}.get(args.level)
    if levels:
        frame = frame.filter(frame["level"].is_in(levels))
    if args.format == "json":
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(frame.write_csv())
    else:
        import polars as pl

        with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True,
                       tbl_width_chars=160):
            print(frame)
        for res in results:
            if res["scope"] == "all":
                print(f"{res['positives']}: {res['segments']:,} system-segments; lenient precision counting any "
                      f"labelled error: {res['span_lenient_precision_any_error']}; rater vs other raters "
                      f"(segment F1): {_or_one_rater(res['rater_agreement_segment_f1'])}")
    crashes = results[0]["internal_errors"] if results else []
    for line in crashes:
        print(f"termqa: internal error: {terminal(line)}", file=sys.stderr)
    if crashes:
        print("termqa: internal error: the scores above miss those checks on those documents", file=sys.stderr)
        return int(ExitCode.INTERNAL)
    return int(ExitCode.OK)


def cmd_glossary(args: argparse.Namespace) -> int:
    """`termqa glossary validate|convert|merge`."""
    from termqa.fileio.glossary import load_glossary, write_glossary_to
    from termqa.lint import files_for, lint_glossary
    from termqa.model import Glossary, Severity

    if args.glossary_command == "list":
        from termqa.fileio.glossary import BUILTIN, builtin_glossaries

        for name, files in builtin_glossaries().items():
            count = len(load_glossary([BUILTIN + name]))
            print(f"{BUILTIN}{name}\t{counted(count, 'entry', 'entries')}\t{', '.join(Path(f).name for f in files)}")
        return int(ExitCode.OK)
    if args.glossary_command == "validate":
        paths = files_for(args.paths)
        if not paths:
            raise UsageError(f"no glossary files in {', '.join(args.paths)}")
        glossary = load_glossary(paths)
        problems = lint_glossary(glossary, paths)
        _print_lines((terminal(p.format()) for p in problems), sys.stdout)
        errors = sum(p.severity is Severity.ERROR for p in problems)
        print(f"termqa: {counted(len(glossary), 'entry', 'entries')} in {counted(len(paths), 'file')}; "
              f"{counted(errors, 'error')}, {counted(len(problems) - errors, 'warning')}", file=sys.stderr)
        return int(ExitCode.FINDINGS if errors else ExitCode.OK)
    if args.glossary_command == "convert":
        target = resolve_output(args.output, inputs=[args.input], force=args.force)
        glossary = load_glossary([args.input])
        write_glossary_to(glossary, target, args.format)
        say(f"wrote {counted(len(glossary), 'entry', 'entries')} to {args.output}")
        return int(ExitCode.OK)
    if args.glossary_command == "export":
        from termqa.decisions import current, load_decisions
        from termqa.learn import learn

        target = resolve_output(args.output, inputs=[*args.paths, args.decisions], force=args.force)
        glossary = load_glossary(args.paths)
        learned = learn(glossary, list(current(load_decisions(args.decisions)).values()))
        write_glossary_to(learned.glossary, target, args.format)
        say(f"wrote {counted(len(learned.glossary), 'entry', 'entries')} to {args.output}: "
            f"{counted(learned.forbidden, 'forbidden variant')} and {counted(learned.alternates, 'alternate')} learned; "
            f"{counted(learned.skipped, 'decision')} had no glossary term")
        return int(ExitCode.OK)
    if args.glossary_command == "extract":
        return _glossary_extract(args)
    if args.glossary_command == "merge":
        target = resolve_output(args.output, inputs=args.paths, force=args.force)
        glossary = load_glossary(args.paths)
        merged = {e.id: e for e in glossary.entries}
        out = Glossary(tuple(sorted(merged.values(), key=lambda e: e.id)))
        write_glossary_to(out, target, args.format)
        say(f"merged {counted(len(glossary), 'entry', 'entries')} into {len(out)} in {args.output}")
        return int(ExitCode.OK)
    raise UsageError(f"unknown glossary action {args.glossary_command}")  # pragma: no cover


def _glossary_extract(args: argparse.Namespace) -> int:
    """`termqa glossary extract`: write a proposed glossary and summarise it on stderr."""
    from termqa.extract import extract, to_glossary
    from termqa.fileio.corpus import check_corpus_args, expand_paths
    from termqa.fileio.glossary import load_glossary, read_terms, write_glossary_to

    check_corpus_args(args.paths, args.source, args.target)
    files = expand_paths(args.paths)
    target = resolve_output(args.output, inputs=files + [p for p in (args.source, args.target, *args.terms) if p],
                            force=args.force)
    known = load_glossary(args.glossary, args.encoding) if args.glossary else None
    segments = list(_segments(args, files))
    if not any(s.source for s in segments):
        raise UsageError("glossary extract needs bilingual input (TSV, JSON Lines, TMX, XLIFF or --source/--target)")
    proposals = extract(segments, known, args.min_count, read_terms(args.terms, args.encoding))
    write_glossary_to(to_glossary(proposals), target, args.format)
    split = [p for p in proposals if p.inconsistent]
    docs = len({(s.path, s.doc) for s in segments if s.source})
    say(f"{counted(len(proposals), 'term')} proposed from {counted(docs, 'document')} "
        f"({counted(len(segments), 'segment')}); "
        f"{len(split)} rendered more than one way within a document; wrote {args.output}")
    return int(ExitCode.OK)


def _print_lines(lines: Iterator[str], out: TextIO) -> None:
    for line in itertools.chain(lines):
        out.write(line + "\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
