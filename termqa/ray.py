"""Provides check_dataset and check_files: the same check, distributed with Ray Data.

The engine checks batches of whole documents, and no finding depends on another document, so
a distributed run is the single-process run cut at document boundaries:

1. Read. Each corpus file is read by a Ray task with termqa's own readers (the same segments,
   lines and columns as `termqa check` gives; Parquet, JSON Lines, TSV, TMX, XLIFF, text), as
   Arrow blocks tagged with the file and the run of the document in it.
2. Co-locate. A hash shuffle on the document key, each partition sorted by key: every segment
   of a document lands in one block, which a map with `batch_size=None` gets whole. This is
   how Ray Data's own `groupby().map_groups()` keeps a group together; map_groups itself is
   not used because it calls the function once per group, and a 20-segment document is far
   too small a batch for the vectorised rules.
3. Check. An actor pool: each actor gets the glossary compiled once, on the driver, and shipped
   through the object store (`ray.put`), so that no worker compiles it again. Each block is
   checked with the engine's own `check_batch`, in batches of whole documents.
4. Collect. The driver sorts the findings as a single-process run orders them (file, line,
   segment, side, offset, rule) and renders them with the same renderers: the report is the
   same, byte for byte.

Ray is an optional extra (`pip install 'termqa[ray]'`); nothing here imports it at module
level, and the engine never imports this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from termqa.errors import TermqaError, UsageError
from termqa.model import Finding, Glossary, Related, Segment, Severity, Side

if TYPE_CHECKING:
    import pyarrow as pa
    import ray.data

    from termqa.engine import Options

EXTRA = "pip install 'termqa[ray]'"
"""How to get Ray; the one line `--ray` prints when it is missing."""

READ_ROWS = 20_000
"""Rows per block the readers yield."""

SEGMENT_COLUMNS = ("path", "line", "id", "doc", "source", "target", "source_col", "target_col")
"""The columns of a segment dataset (check_dataset needs `target`; the others have defaults)."""

FINDING_COLUMNS = ("path", "line", "segment", "doc", "side", "start", "end", "text", "rule", "severity",
                   "message", "suggestions", "term", "context", "col", "related")
"""The columns of a findings dataset: the JSON Lines record's keys, then context, col and
related (a JSON list of [line, segment, start, end, text, col])."""


def require_ray() -> Any:  # the ray module
    """The `ray` module, or a UsageError naming the extra to install."""
    try:
        import ray
        import ray.data  # Ray without its data library is no use here
    except ImportError:
        raise UsageError(f"--ray needs Ray, an optional extra: {EXTRA}") from None
    return ray


def connect(address: str, workers: int | None = None) -> None:
    """Start or join a Ray cluster: `local` starts one in this process (`workers` + 1 CPUs,
    default all of them), `auto` joins the one `ray start` began on this machine (or
    $RAY_ADDRESS), `ray://host:10001` a remote one through Ray Client."""
    ray = require_ray()
    if ray.is_initialized():
        return
    import logging

    # stderr carries `termqa: ...` lines; Ray's notes, plans and progress bars are its own,
    # and a task's error is reported once, by _execute, not with Ray Data's stack traces too.
    logging.getLogger("ray").setLevel(logging.ERROR)
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)
    quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR,
             "configure_logging": True}
    try:
        if address == "local":
            # A CPU beyond the checking actors for the read and shuffle tasks: with exactly as
            # many CPUs as actors, the actors would hold every CPU and the shuffle never run.
            cpus = (workers + 1) if workers else None
            ray.init(num_cpus=cpus, **quiet)
        else:
            ray.init(address=address, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise UsageError(f"--ray {address}: cannot start or join a Ray cluster: {str(exc).splitlines()[0]}") from None
    import ray.data

    ray.data.DataContext.get_current().enable_progress_bars = False
    _route_ray_messages(ray)


_ending = False
"""Set once a run has failed: the workers Ray tears down after it are no news to the user."""


def _route_ray_messages(ray: Any) -> None:
    """Ray prints cluster errors (a worker died) from a driver thread to stdout even with
    log_to_driver off; stdout is termqa's report, so they go to stderr, and none once a run
    has failed and its workers are being torn down."""
    from ray._private import worker

    forward = getattr(worker, "print_to_stdstream", None)
    if forward is None or getattr(forward, "_termqa", False):
        return

    def to_stderr(data: dict, ignore_prefix: bool) -> None:
        if not _ending:
            forward({**data, "is_err": True}, ignore_prefix)

    to_stderr._termqa = True  # type: ignore[attr-defined]
    worker.print_to_stdstream = to_stderr


@dataclass
class Result:
    """What a distributed run found, for the report: the findings in single-process order."""

    findings: list[Finding]
    segments: int = 0
    texts: dict[tuple[str, int, str], str] = field(default_factory=dict)
    """The text of every finding's segment side, by (path, line, side), for the text format."""


def check_files(
    files: Sequence[str],
    glossary: Glossary,
    options: Options | None = None,
    *,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    workers: int | None = None,
    texts: bool = False,
) -> Result:
    """Read and check corpus files on the connected cluster (see `connect`); the findings in
    the order `termqa check` would print them. Every file must be readable where the tasks run
    (the same path on every node: a shared file system).

    Raises:
        TermqaError: As a single-process run would (an unreadable file, a bad column).
    """
    ray = require_ray()
    from ray.util.client import ray as client

    kwargs = {"encoding": encoding, "columns": dict(columns or {}), "workers": workers, "texts": texts}
    if client.is_connected():
        # Through Ray Client (ray://) the Ray Data executor cannot run here, on the client: the
        # whole run goes to the cluster as one task (no CPU of its own), and its result comes back.
        task = ray.remote(num_cpus=0)(_check_files)
        paths = [os.path.abspath(p) for p in files]
        return next(_execute(lambda: iter([ray.get(task.remote(paths, list(files), glossary, options, **kwargs))])))
    return _check_files(list(files), list(files), glossary, options, **kwargs)


def _check_files(paths: list[str], files: list[str], glossary: Glossary, options: Options | None, *,
                 encoding: str | None, columns: dict[str, str], workers: int | None, texts: bool) -> Result:
    """check_files where the Ray Data executor can run; `paths` are opened, `files` reported."""
    workers = _workers(workers)
    segments = read_files(files, encoding=encoding, columns=columns, opened=paths)
    found = _check(segments, glossary, options, keys=["_file", "_unit"], order="_seq", workers=workers,
                   partitions=_partitions(paths, workers), stats=True, texts=texts)
    order = {path: i for i, path in enumerate(files)}
    result = Result([])
    rows: list[tuple[tuple, Finding]] = []
    for batch in _execute(lambda: found.iter_batches(batch_format="pyarrow", batch_size=None)):
        for row in batch.to_pylist():
            if row["rule"] == "":  # a block's count of segments (see _Checker)
                result.segments += row["line"]
                continue
            finding = finding_from_row(row)
            if texts and row.get("_text") is not None:
                result.texts[(finding.path, finding.line, finding.side.value)] = row["_text"]
            key = (order.get(finding.path, len(order)), finding.line, finding.segment or "", finding.side.value,
                   finding.start or 0, finding.rule, json.dumps(_record(row), ensure_ascii=False, sort_keys=True))
            rows.append((key, finding))
    rows.sort(key=lambda kf: kf[0])
    result.findings = [f for _, f in rows]
    return result


def check_dataset(
    ds: ray.data.Dataset,
    glossary: Glossary,
    options: Options | None = None,
    *,
    workers: int | None = None,
    partitions: int | None = None,
) -> ray.data.Dataset:
    """Check a Dataset of segments; returns a Dataset of findings (FINDING_COLUMNS), unordered.

    `ds` has a `target` column and optionally the other SEGMENT_COLUMNS. A document is the rows
    with the same `path` and `doc` (`path` defaults to "-", `doc` to the path), checked in
    `line` order; without a `line` column the line is the row's position in its document, in
    the order the shuffle leaves them, which is not the file's. `workers` is the number of
    checking actors (default: the cluster's CPUs less one), `partitions` the number of blocks
    the documents are spread over (default: twice the workers).

    For example, a Parquet corpus on S3, written back as Parquet:

        ds = ray.data.read_parquet("s3://bucket/corpus/", columns=["doc", "source", "target"])
        check_dataset(ds, load_glossary(["builtin:news"])).write_parquet("s3://bucket/findings/")
    """
    names = set(ds.columns())
    if "target" not in names:
        raise UsageError(f"the dataset has no target column (columns: {', '.join(sorted(names))})")
    # Without path or doc the whole dataset is one document, as a file without doc ids is.
    keys = [k for k in ("path", "doc") if k in names]
    return _check(ds, glossary, options, keys=keys, order="line" if "line" in names else None, workers=workers,
                  partitions=partitions, stats=False, texts=False)


def _check(ds: ray.data.Dataset, glossary: Glossary, options: Options | None, *, keys: list[str], order: str | None,
           workers: int | None, partitions: int | None, stats: bool, texts: bool) -> ray.data.Dataset:
    require_ray()
    import ray
    import ray.data

    from termqa.engine import Options
    from termqa.matcher import Matcher

    workers = _workers(workers)
    # Compiled once, here, and shipped to every actor through the object store; a Matcher
    # builds its automata on first use, so what is pickled is the compiled tables alone.
    shipped = ray.put((glossary, Matcher(glossary), options or Options()))
    if keys:
        ds = ds.repartition(partitions or 2 * workers, keys=keys, sort=True)
    else:
        ds = ds.repartition(1)
    with warnings.catch_warnings():
        # max_restarts has no named parameter yet (Ray 2.60 deprecates the keyword form).
        warnings.simplefilter("ignore", DeprecationWarning)
        return ds.map_batches(
            _Checker, batch_size=None, batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=workers),
            fn_constructor_kwargs={"shipped": [shipped], "keys": keys, "order": order, "stats": stats,
                                   "texts": texts},
            # A restarted actor would need the shipped glossary again, which the driver may have
            # let go; Ray says so on stderr for every actor unless restarts are off. A lost
            # actor fails the run instead, as a crashed process would.
            max_restarts=0,
        )


def _workers(workers: int | None) -> int:
    """The checking actors: as asked, else the cluster's CPUs less one (for reading and the shuffle)."""
    if workers:
        return workers
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 2)) - 1)


def _partitions(files: Sequence[str], workers: int) -> int:
    """Blocks to spread the documents over: at least two per worker, and about 20 MB each."""
    size = 0
    for path in files:
        with contextlib.suppress(OSError):
            size += os.path.getsize(path)
    return max(2 * workers, size // 20_000_000 + 1)


class _Checker:
    """A Ray Data actor: the engine with the shipped glossary, run on blocks of whole documents."""

    def __init__(self, shipped: list, keys: list[str], order: str | None, stats: bool, texts: bool) -> None:
        import ray

        from termqa.engine import Engine

        glossary, matcher, options = ray.get(shipped[0])
        self.engine = Engine(glossary, options, matcher=matcher)
        self.keys, self.order, self.stats, self.texts = keys, order, stats, texts

    def __call__(self, block: pa.Table) -> Iterator[pa.Table]:
        """The findings of a block (every document in it whole)."""
        rows = block.to_pylist()
        if self.order is not None:
            # str(): grouping needs each document contiguous, not any particular order of them.
            order, keys = self.order, self.keys
            rows.sort(key=lambda r: (*(str(r[k]) for k in keys), r.get(order) or 0))
        segments: list[Segment] = []
        docs: list[tuple[int, int]] = []
        start = 0
        last: tuple | None = None
        batch_size = self.engine.options.batch_size
        for row in rows:
            key = tuple(row[k] for k in self.keys)
            if key != last and segments:
                docs.append((start, len(segments)))
                start = len(segments)
                if start >= batch_size:
                    yield self._findings(segments, docs)
                    segments, docs, start = [], [], 0
            last = key
            segments.append(_segment(row, start, len(segments)))
        if segments:
            docs.append((start, len(segments)))
            yield self._findings(segments, docs)
        if self.stats:
            yield _table([{"path": "", "line": len(rows), "rule": ""}], self.texts)

    def _findings(self, segments: list[Segment], docs: list[tuple[int, int]]) -> pa.Table:
        found = self.engine.check_batch(segments, docs)
        rows = [finding_row(f) for f in found]
        if self.texts:
            by_place = {(s.path, s.line): s for s in segments}
            for f, row in zip(found, rows, strict=True):
                seg = by_place.get((f.path, f.line))
                row["_text"] = None if seg is None else (seg.target if f.side is Side.TARGET else seg.source)
        return _table(rows, self.texts)


def _segment(row: dict, doc_start: int, index: int) -> Segment:
    """A Segment from a dataset row; a missing line is the position in the document."""
    path = row.get("path") or "-"
    line = row.get("line")
    return Segment(path, int(line) if line is not None else index - doc_start + 1, row.get("id"),
                   row.get("doc") or path, row.get("source"), row["target"] or "",
                   row.get("source_col"), row.get("target_col"))


def _finding_schema(texts: bool) -> pa.Schema:
    import pyarrow as pa

    fields = [("path", pa.string()), ("line", pa.int64()), ("segment", pa.string()), ("doc", pa.string()),
              ("side", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
              ("rule", pa.string()), ("severity", pa.string()), ("message", pa.string()),
              ("suggestions", pa.list_(pa.string())), ("term", pa.string()), ("context", pa.string()),
              ("col", pa.int64()), ("related", pa.string())]
    if texts:
        fields.append(("_text", pa.string()))
    return pa.schema(fields)


def _table(rows: list[dict], texts: bool) -> pa.Table:
    import pyarrow as pa

    schema = _finding_schema(texts)
    return pa.Table.from_pylist(rows, schema=schema)


def finding_row(f: Finding) -> dict:
    """A finding as a findings-dataset row (FINDING_COLUMNS)."""
    return {
        "path": f.path, "line": f.line, "segment": f.segment, "doc": f.doc, "side": f.side.value,
        "start": f.start, "end": f.end, "text": f.text, "rule": f.rule, "severity": f.severity.label,
        "message": f.message, "suggestions": list(f.suggestions), "term": f.term, "context": f.context,
        "col": f.col,
        "related": json.dumps([[r.line, r.segment, r.start, r.end, r.text, r.col] for r in f.related],
                              ensure_ascii=False),
    }


def finding_from_row(row: Mapping[str, Any]) -> Finding:
    """The Finding a findings-dataset row holds (the inverse of finding_row)."""
    related = tuple(Related(*r) for r in json.loads(row.get("related") or "[]"))
    return Finding(
        path=row["path"], line=row["line"], segment=row["segment"], doc=row["doc"], side=Side(row["side"]),
        start=row["start"], end=row["end"], text=row["text"], rule=row["rule"],
        severity=Severity.parse(row["severity"]), message=row["message"],
        suggestions=tuple(row["suggestions"] or ()), term=row["term"], context=row["context"] or "",
        col=row["col"], related=related,
    )


def _record(row: Mapping[str, Any]) -> dict:
    return {k: row[k] for k in FINDING_COLUMNS}


def read_files(files: Sequence[str], *, encoding: str | None = None, columns: Mapping[str, str] | None = None,
               opened: Sequence[str] | None = None) -> ray.data.Dataset:
    """A Dataset of the segments of corpus files (SEGMENT_COLUMNS plus _file, _unit, _seq),
    each file read by one task with termqa's readers; `opened`: the paths to open, when they
    are not `files` as given (the paths in the segments)."""
    require_ray()
    import ray.data

    # Opened by absolute path (a worker's working directory is not the driver's), reported as given.
    where = opened if opened is not None else files
    items = [{"_file": i, "path": p, "_open": os.path.abspath(o)} for i, (p, o) in enumerate(zip(files, where, strict=True))]
    ds = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
    return ds.map_batches(_read, batch_size=1, batch_format="pyarrow",
                          fn_kwargs={"encoding": encoding, "columns": dict(columns or {})})


def _read(batch: pa.Table, encoding: str | None, columns: dict[str, str]) -> Iterator[pa.Table]:
    """Read the files of a batch of file rows (a Ray task)."""
    import pyarrow as pa

    from termqa.fileio.corpus import read_corpus

    schema = pa.schema([("path", pa.string()), ("line", pa.int64()), ("id", pa.string()), ("doc", pa.string()),
                        ("source", pa.string()), ("target", pa.string()), ("source_col", pa.int64()),
                        ("target_col", pa.int64()), ("_file", pa.int64()), ("_unit", pa.int64()),
                        ("_seq", pa.int64())])
    files = zip(batch.column("_file").to_pylist(), batch.column("path").to_pylist(), batch.column("_open").to_pylist(),
                strict=True)
    for file_index, path, where in files:
        rows: list[dict] = []
        unit, last = -1, None
        try:
            for seq, s in enumerate(read_corpus(where, encoding, columns=columns or None)):
                # A document is a run of segments with the same doc, as the engine reads it: the
                # same doc id further down the file is another document.
                if s.doc != last:
                    unit, last = unit + 1, s.doc
                rows.append({"path": path, "line": s.line, "id": s.id, "doc": s.doc, "source": s.source,
                             "target": s.target, "source_col": s.source_col, "target_col": s.target_col,
                             "_file": file_index, "_unit": unit, "_seq": seq})
                if len(rows) >= READ_ROWS:
                    yield pa.Table.from_pylist(rows, schema=schema)
                    rows = []
        except TermqaError as exc:
            # An InputError does not survive pickling (its __init__ takes three arguments);
            # the driver needs its message, and the message is the whole of it.
            raise UsageError(str(exc).replace(where, path, 1)) from None
        if rows:
            yield pa.Table.from_pylist(rows, schema=schema)


def _execute(start: Any) -> Iterator:  # start(): the pipeline's iterator
    """Run a pipeline, turning a termqa error raised in a task back into itself."""
    ray = require_ray()
    try:
        yield from start()
    except ray.exceptions.RayError as exc:
        global _ending
        _ending = True
        cause = exc
        for _ in range(8):  # a task error wraps the cause, sometimes in another task error
            inner = getattr(cause, "cause", None) or cause.__cause__
            if inner is None:
                break
            cause = inner
            if isinstance(cause, TermqaError):
                # Ray appends its retry advice to the message: the first line is termqa's.
                message = str(cause.args[0]) if cause.args else str(cause)
                raise UsageError(message.splitlines()[0] if message else "a Ray task failed") from None
        raise
