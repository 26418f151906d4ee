"""Provides run_checks: corpus files in, findings out, in streaming batches of whole documents.

Documents are runs of consecutive segments with the same file and `doc`; the consistency rules
need a document whole, so a batch is filled with complete documents until it holds at least
`batch_size` segments. Memory is therefore bounded by the batch size or the largest document,
whichever is larger, and not by the corpus. The engine never prints and never exits: it
reports progress through a callback and raises TermqaError for bad input.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import os
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from queue import Full, Queue
from typing import Any

from termqa.checks import select_rules
from termqa.checks.base import Batch, Check
from termqa.errors import UsageError
from termqa.matcher import Matcher
from termqa.model import Finding, Glossary, Segment, Severity, Side

Progress = Callable[[int, int], None]
"""Called with (segments done, bytes read so far) after each batch."""


@dataclass
class Options:
    """What to run and how.

    Attributes:
        select: Rule ids or prefixes, `default` or `all` (None: the default rules).
        ignore: Rule ids or prefixes to skip.
        severities: Severity overrides per rule id.
        batch_size: Segments per batch (whole documents, so at least this many); the first
            batch decides whether --jobs starts workers at all.
        pooled_batch_size: Segments per batch once workers run, when smaller than batch_size.
        raise_errors: Let an exception in a check propagate instead of isolating it (for
            debugging a rule; a run for users never sets it).
    """

    select: list[str] | None = None
    ignore: list[str] | None = None
    severities: dict[str, Severity] = field(default_factory=dict)
    batch_size: int = 25_000
    pooled_batch_size: int = 6_250
    """Small batches let the processes finish together: the last batch's process works alone
    while the others wait, for half a batch's time on average (about 1.2 s of a core with
    25,000 segments). A batch's own cost is too small to see: 25,000 real segments took the same
    CPU in 1, 4 or 7 batches."""
    raise_errors: bool = False
    jobs: int = 1
    """Processes that check batches (0: one per CPU, at most 8). A run of a single batch is checked in
    this process whatever it says: starting workers costs more than one batch. Each worker
    imports the script that started the run, as multiprocessing's spawn and forkserver do, so
    a script that sets it above 1 must start from `if __name__ == "__main__":` (the `termqa`
    command does)."""


INTERNAL_ERROR = "internal-error"
"""The rule id of the finding that stands where a check crashed."""


@dataclass(frozen=True, slots=True)
class Crash:
    """A check that raised on one document: the document lost that check, nothing else did.

    Attributes:
        rule: The check's id.
        path: The corpus file.
        doc: The document the check was on.
        line: The line of the segment that makes the check raise on its own, else the first
            line of the document.
        error: The exception, as repr.
        where: The innermost termqa source line of the traceback (`termqa/numbers.py:123`).
    """

    rule: str
    path: str
    doc: str
    line: int
    error: str
    where: str

    def describe(self) -> str:
        """One line for the summary: which check failed where."""
        return f"{self.path}:{self.line}: check {self.rule} crashed on document {self.doc!r}: {self.error} (at {self.where})"


@dataclass
class Stats:
    """Counts for the summary line and the report."""

    files: int = 0
    documents: int = 0
    segments: int = 0
    bilingual: int = 0
    crashes: list[Crash] = field(default_factory=list)
    """Every (check, document) that raised; the run's exit code and summary report them."""


class Engine:
    """Runs the selected checks with one compiled glossary over any number of inputs."""

    def __init__(self, glossary: Glossary, options: Options | None = None, *, matcher: Matcher | None = None) -> None:
        """`matcher`: the glossary already compiled (termqa.ray ships one to every worker
        instead of compiling it once per worker); it must be `Matcher(glossary)`."""
        self.options = options or Options()
        self.matcher = matcher if matcher is not None else Matcher(glossary)
        # A rule that needs a glossary is not even imported without one (see termqa.checks).
        chosen = [r.load() for r in select_rules(self.options.select, self.options.ignore)
                  if self.matcher or not r.needs_glossary]
        self.checks: list[Check] = [c() for c in chosen]
        self.target_matches = any(c.uses_matches and c.target_matches for c in self.checks)
        """Whether a batch's targets are matched: only where a rule of the run reads the target
        table (Check.target_matches), not for term-variant alone."""
        self.severities = {c.id: self.options.severities.get(c.id, c.severity) for c in chosen}
        self.stats = Stats()
        self.texts: dict[tuple[str, int, str], str] | None = None
        """When set to a dict, the engine records the texts of the current batch's findings
        (cleared at each batch, so a consumer must use them before asking for the next one)."""

    def run(self, segments: Iterable[Segment], progress: Progress | None = None) -> Iterator[Finding]:
        """Check a stream of segments; yields findings batch by batch, sorted within a batch."""
        jobs = _jobs(self.options.jobs)
        batches = _read_ahead(self._batches(segments, pooled=jobs > 1))
        if jobs > 1:
            # Workers only for a second batch: a pre-commit hook's one file never pays for them.
            first = next(batches, None)
            if first is not None and len(first[0]) >= self.options.batch_size:
                # A full batch: there is likely a second. The fork server takes about a second to
                # load its tables; started now, it does so while the next batch is read.
                threading.Thread(target=_start_fork_server, args=(self._preload(),), name="termqa-fork-server",
                                 daemon=True).start()
            second = next(batches, None) if first is not None else None
            if second is not None:
                rest = _finer_at_end(itertools.chain((second,), batches), jobs, FINAL_PARTS, FINAL_PART_SMALLEST)
                yield from self._run_pooled(first, rest, jobs, progress)
                return
            batches = iter(() if first is None else (first,))
        done = 0
        for batch, docs in batches:
            yield from self._run_batch(batch, docs)
            done += len(batch)
            if progress:
                progress(done, 0)

    def _run_pooled(self, first: tuple[list[Segment], list[tuple[int, int]]],
                    batches: Iterator[tuple[list[Segment], list[tuple[int, int]]]], jobs: int,
                    progress: Progress | None) -> Iterator[Finding]:
        """Check batches in `jobs - 1` worker processes and in this one, yielding each batch's
        findings in the order read: the same findings, in the same order, as a run in this
        process. The rules are Python under the GIL, so threads cannot use a second core;
        processes can. This process is one of the jobs: on two cores, two workers beside it cost
        more (their start, the batches and findings sent across) than the second core gave.

        Whoever is free takes the next batch. A feeding thread keeps two batches with each
        worker, one checked and one waiting, so that no worker idles while a batch is sent. This
        process checks a batch whenever the batch it must report next is not ready: a new one
        while there is input, else one waiting in a worker's queue, which it takes back (see
        _Claims). It also reads the input and writes the report, so a fixed share (every N-th
        batch) left it the busiest (11.8 s of CPU in a 12.7 s run), and the batches queued with a
        worker left it idle at the end. `first` is checked here while the workers start.

        A worker that dies (killed, out of memory) is no reason to lose its batch: that batch and
        the ones after it are checked here, in this process.
        """
        import pickle
        from concurrent.futures import ProcessPoolExecutor

        context = _pool_context(self._preload())
        # Pickled once, here: not once per worker, and not on the feeding thread while this one
        # checks `first` and fills the matcher's caches.
        state = pickle.dumps((self.matcher, self.options), protocol=pickle.HIGHEST_PROTOCOL)
        claims = _Claims(context)
        pool = ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context, initializer=_worker_start,
                                   initargs=(state, claims))
        queue = _BatchQueue(batches, held=_held(jobs))
        feeder = threading.Thread(target=_feed_workers, args=(pool, queue, claims, 2 * (jobs - 1)),
                                  name="termqa-feed", daemon=True)
        feeder.start()
        done = 0
        try:
            yield from self._pooled_result(_Pending(*first, None))
            done += len(first[0])
            if progress:
                progress(done, 0)
            while True:
                head = queue.head()
                if head is None:
                    if queue.exhausted():
                        break
                    # Nothing taken yet for the next turn: take it here.
                    taken = queue.take()
                    if taken is not None:
                        taken.outcome = self._check_here(taken.segments, taken.docs)
                    continue
                if head.waiting():
                    # The next report is not ready: check a batch here rather than wait.
                    taken = queue.take() or queue.take_back(claims)
                    if taken is not None:
                        taken.outcome = self._check_here(taken.segments, taken.docs)
                        continue
                    head.wait()
                queue.pop()
                yield from self._pooled_result(head)
                done += len(head.segments)
                if progress:
                    progress(done, 0)
        finally:
            queue.close()
            feeder.join()
            pool.shutdown(wait=True, cancel_futures=True)

    def _preload(self) -> tuple[str, ...]:
        """The modules the selected rules want the fork server to import (Check.preload)."""
        return _preload_of(self.checks)

    def _check_here(self, segments: list[Segment], docs: list[tuple[int, int]]) -> tuple[list[Finding], list[Crash]]:
        """A batch checked in this process ahead of its turn, with its crashes, held back with
        it so that they are recorded in reading order."""
        before = len(self.stats.crashes)
        found = self._run_batch(segments, docs)
        crashes = self.stats.crashes[before:]
        del self.stats.crashes[before:]
        return found, crashes

    def _pooled_result(self, item: _Pending) -> list[Finding]:
        """A batch's findings, from a worker or from this process (checked ahead, or now: a
        batch that could not be sent, or whose worker died)."""
        from concurrent.futures.process import BrokenProcessPool

        outcome = item.outcome
        if outcome is None and item.future is not None:
            with contextlib.suppress(BrokenProcessPool):
                outcome = item.future.result()
        if outcome is None:
            return self._run_batch(item.segments, item.docs)
        found, crashes = outcome
        self.stats.crashes.extend(crashes)
        if self.texts is not None:
            self._keep_texts(item.segments, found)
        return found

    def _batches(self, segments: Iterable[Segment], pooled: bool = False) -> Iterator[tuple[list[Segment], list[tuple[int, int]]]]:
        """Group the stream into batches of whole documents of at least batch_size segments;
        when `pooled`, the batches after a full first one are of pooled_batch_size (this process
        checks the first while the workers start)."""
        unit = self.options.batch_size
        batch: list[Segment] = []
        docs: list[tuple[int, int]] = []
        current: tuple[str, str] | None = None
        doc_start = 0
        last_path = None
        stats = self.stats
        for seg in segments:
            key = (seg.path, seg.doc)
            if key != current:
                if current is not None:
                    docs.append((doc_start, len(batch)))
                    stats.documents += 1
                    if len(batch) >= unit:
                        yield batch, docs
                        batch, docs = [], []
                        if pooled:
                            unit = min(unit, self.options.pooled_batch_size)
                doc_start = len(batch)
                current = key
            if seg.path != last_path:
                stats.files += 1
                last_path = seg.path
            batch.append(seg)
            stats.segments += 1
            if seg.source is not None:
                stats.bilingual += 1
        if batch:
            docs.append((doc_start, len(batch)))
            stats.documents += 1
            yield batch, docs

    def check_batch(self, segments: list[Segment], docs: list[tuple[int, int]]) -> list[Finding]:
        """Check complete documents: `docs` are the (start, end) ranges of `segments` that are
        documents, every segment in one. The findings are sorted as `run` yields them, and the
        stats count the segments and documents. The unit of work of a distributed run
        (termqa.ray), which groups the documents itself."""
        self.stats.segments += len(segments)
        self.stats.documents += len(docs)
        self.stats.bilingual += sum(s.source is not None for s in segments)
        return self._run_batch(segments, docs)

    def _run_batch(self, segments: list[Segment], docs: list[tuple[int, int]]) -> list[Finding]:
        active = [c for c in self.checks if not (c.needs_glossary and not self.matcher)]
        batch = Batch(segments, docs, self.matcher, self.severities, target_matches=self.target_matches)
        if self.matcher and any(c.uses_matches for c in active):
            batch.start_matching(_match_pool())
        # The rules that need no matches run while the glossary is matched; precedence between
        # rendering rules is applied afterwards, in registry order.
        # Two at a time: while one rule is inside polars (outside the GIL) the other runs Python.
        ordered = sorted(active, key=lambda c: c.uses_matches)
        futures = {check.id: _check_pool().submit(_run_check, check, batch) for check in ordered}
        results: dict[str, list[Finding]] = {}
        for check in ordered:
            try:
                results[check.id] = futures[check.id].result()
            except Exception:
                if self.options.raise_errors:
                    raise
                # A bug in a check must cost no more than the document it met: the batch is
                # checked again a document at a time, and only the document that raises loses
                # the check.
                results[check.id] = self._isolate(check, segments, docs)
        found: list[Finding] = []
        rendering_spans: dict[tuple[str, int, str | None, Side], list[tuple[int, int]]] = {}
        for check in active:
            kept = results[check.id]
            if check.rendering:
                kept = _drop_overlaps(kept, rendering_spans)
            found.extend(kept)
        found.sort(key=lambda f: (f.path, f.line, f.segment or "", f.side.value, f.start or 0, f.rule))
        if self.texts is not None:
            self._keep_texts(segments, found)
        return found

    def _isolate(self, check: Check, segments: list[Segment], docs: list[tuple[int, int]]) -> list[Finding]:
        """Run `check` document by document; a document on which it raises gets one
        internal-error finding and a Crash in the stats instead of the check's findings."""
        found: list[Finding] = []
        for start, end in docs:
            part = segments[start:end]
            try:
                found.extend(_run_check(check, Batch(part, [(0, len(part))], self.matcher, self.severities,
                                                             target_matches=check.target_matches)))
            except Exception as exc:
                crash = self._crash(check, part, exc)
                self.stats.crashes.append(crash)
                at = next((s for s in part if s.line == crash.line), part[0])
                found.append(Finding(
                    at.path, at.line, at.id, at.doc, Side.TARGET, None, None, "", INTERNAL_ERROR, Severity.ERROR,
                    f"check {check.id} crashed on this document and did not check it: {crash.error} (at {crash.where})",
                ))
        return found

    def _crash(self, check: Check, part: list[Segment], exc: Exception) -> Crash:
        """Describe a crash, naming the first segment that makes the check raise on its own."""
        line = part[0].line
        for seg in part[:_PROBE_LIMIT]:
            try:
                _run_check(check, Batch([seg], [(0, 1)], self.matcher, self.severities,
                                              target_matches=check.target_matches))
            except Exception:
                line = seg.line
                break
        return Crash(check.id, part[0].path, part[0].doc, line, _short_repr(exc), _where(exc))

    def _keep_texts(self, segments: list[Segment], found: list[Finding]) -> None:
        """Record the texts of this batch's findings (for the text format's context lines)."""
        assert self.texts is not None
        self.texts.clear()
        if found:
            by_place = {(s.path, s.line): s for s in segments}
            for f in found:
                seg = by_place.get((f.path, f.line))
                if seg is not None:
                    text = seg.target if f.side is Side.TARGET else seg.source
                    self.texts[(f.path, f.line, f.side.value)] = text or ""


class _Claims:
    """Who checks a batch sent to the workers: the worker that reaches it, or this process,
    which takes back one still waiting in a worker's queue (a sent batch cannot be recalled: the
    pool has already passed it to a worker). One byte per batch in shared memory, in a ring
    longer than the batches a run holds at once (_held)."""

    FREE, WORKER, HERE = 0, 1, 2
    RING = 256

    def __init__(self, context: Any) -> None:
        self._slots = context.Array("b", self.RING)  # with a lock; passed to workers as they start

    def reset(self, seq: int) -> None:
        with self._slots.get_lock():
            self._slots[seq % self.RING] = self.FREE

    def claim(self, seq: int, who: int) -> bool:
        """Claim batch `seq` for `who`; False if another has it."""
        with self._slots.get_lock():
            if self._slots[seq % self.RING] != self.FREE:
                return False
            self._slots[seq % self.RING] = who
            return True


@dataclass(eq=False)
class _Pending:
    """A batch of a pooled run with what will give its findings: a worker's future (None: not
    sent, or not yet), or the findings and crashes of a batch checked here."""

    segments: list[Segment]
    docs: list[tuple[int, int]]
    future: Any
    outcome: tuple[list[Finding], list[Crash]] | None = None
    seq: int = 0
    """Its place in the run (its slot in _Claims)."""
    sending: bool = False
    """Taken by the feeding thread, which has not yet sent it (the first send waits for the
    workers to start)."""
    sent: threading.Event = field(default_factory=threading.Event)

    def waiting(self) -> bool:
        """Its findings are a worker's, not ready yet."""
        if self.outcome is not None:
            return False
        return self.sending or (self.future is not None and not self.future.done())

    def wait(self) -> None:
        """Until a worker has it (its findings are then had from the future)."""
        self.sent.wait()


class _BatchQueue:
    """The batches of a pooled run in reading order, taken one at a time by this process or by
    the thread that feeds the workers, and reported in the same order."""

    def __init__(self, batches: Iterator[tuple[list[Segment], list[tuple[int, int]]]], held: int) -> None:
        self._batches = batches
        self._held = held
        self._lock = threading.Condition()
        self._items: deque[_Pending | BaseException] = deque()  # taken, not yet reported
        self._seq = 0
        self._ended = False
        self._closed = False

    def take(self, *, feeding: bool = False) -> _Pending | None:
        """The next batch, or None at the end of the input or when `held` batches are out.
        An input error is queued in its place, to be raised when its turn comes."""
        with self._lock:
            if self._ended or self._closed or len(self._items) >= self._held:
                return None
            try:
                read = next(self._batches, None)
            except BaseException as exc:  # raised by head() in order, after the batches before it
                self._items.append(exc)
                self._ended = True
                self._lock.notify_all()
                return None
            if read is None:
                self._ended = True
                self._lock.notify_all()
                return None
            self._seq += 1
            item = _Pending(*read, None, seq=self._seq, sending=feeding)
            if not feeding:
                item.sent.set()
            self._items.append(item)
            self._lock.notify_all()
            return item

    def take_back(self, claims: _Claims) -> _Pending | None:
        """The last batch sent that no worker has started, claimed for this process."""
        with self._lock:
            sent = [item for item in self._items if isinstance(item, _Pending) and item.outcome is None
                    and item.future is not None and not item.future.done()]
        for item in reversed(sent):
            if claims.claim(item.seq, _Claims.HERE):
                return item
        return None

    def head(self) -> _Pending | None:
        """The batch to report next (None: none taken yet); raises a queued input error."""
        with self._lock:
            if not self._items:
                return None
            item = self._items[0]
        if isinstance(item, BaseException):
            raise item
        return item

    def pop(self) -> None:
        with self._lock:
            self._items.popleft()
            self._lock.notify_all()

    def exhausted(self) -> bool:
        with self._lock:
            return (self._ended or self._closed) and not self._items

    def wait_for_room(self) -> bool:
        """Until a batch may be taken; False when the run is over."""
        with self._lock:
            while not (self._ended or self._closed) and len(self._items) >= self._held:
                self._lock.wait()
            return not (self._ended or self._closed)

    def closed(self) -> bool:
        with self._lock:
            return self._closed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()


def _held(jobs: int) -> int:
    """How many batches a pooled run holds at once (sent, being checked, or checked and waiting
    their turn): memory grows by batches of segments, never by the corpus.

    Four per process. With two per process, a worker that had checked its two batches waited
    for this process to report the batch it was checking (it reads the input and writes the
    report too, and checks more slowly): on two cores, term-variant's worker sat idle 5 s of a
    32 s run over 200,000 real segments, and none with four. The ring of claims must outlast
    them (_Claims.RING)."""
    return min(4 * jobs, _Claims.RING // 2)


def _feed_workers(pool: Any, queue: _BatchQueue, claims: _Claims, slots: int) -> None:
    """Keep `slots` batches with the workers: send the next as soon as one is done. Stops at the
    end of the input, or when a batch cannot be sent (this process then checks it, and the rest)."""
    free = threading.Semaphore(slots)
    while True:
        while not free.acquire(timeout=0.1):
            if queue.exhausted() or queue.closed():
                return
        if not queue.wait_for_room():
            return
        item = queue.take(feeding=True)
        if item is None:
            if queue.exhausted() or not queue.wait_for_room():
                return
            free.release()
            continue
        try:
            claims.reset(item.seq)
            item.future = _submit(pool, item.seq, item.segments, item.docs)
        except Exception:
            item.future = None  # the batch is checked here, as any that cannot be sent
        item.sending = False
        item.sent.set()
        if item.future is None:
            return
        item.future.add_done_callback(lambda _f: free.release())


_END = object()


FINAL_PARTS = 4
"""Into how many parts a pooled run cuts each of its last batches (see _finer_at_end)."""
FINAL_PART_SMALLEST = 1_000
"""Segments a part must have at least: a batch costs the default rules about 40 ms of polars
steps whatever its size, the work of some 500 segments, so smaller parts would cost more time
than the processes' finishing apart does."""


def _finer_at_end(batches: Iterator[tuple[list[Segment], list[tuple[int, int]]]], last: int, parts: int,
                  smallest: int) -> Iterator[tuple[list[Segment], list[tuple[int, int]]]]:
    """The batches, the `last` of them each cut in up to `parts` parts of whole documents, of at
    least `smallest` segments.

    The processes of a pooled run finish together only as closely as the size of the last
    batches allows: whoever takes the last one works on alone. With term-variant on two cores a
    batch of 6,250 real segments is 1.2 s of work, and the worker sat idle for the last 1.5 s of
    a 21.6 s run. Smaller batches throughout cost more than they save (see FINAL_PART_SMALLEST),
    so only the last batches are cut, which are known once the input has ended: this holds `last`
    batches back until then. An input error ends the input too: the batches read before it are
    checked and reported first, as they are without workers."""
    held: collections.deque[tuple[list[Segment], list[tuple[int, int]]]] = collections.deque()
    try:
        for batch in batches:
            held.append(batch)
            if len(held) > last:
                yield held.popleft()
    except Exception:
        while held:
            yield held.popleft()
        raise
    for segments, docs in held:
        yield from _cut(segments, docs, min(parts, len(segments) // smallest))


def _cut(segments: list[Segment], docs: list[tuple[int, int]],
         parts: int) -> Iterator[tuple[list[Segment], list[tuple[int, int]]]]:
    """A batch cut into about `parts` batches of whole documents, of about equal numbers of segments."""
    if parts <= 1:
        yield segments, docs
        return
    size = len(segments) // parts
    start, piece = 0, []
    for lo, hi in docs:
        piece.append((lo - start, hi - start))
        if hi - start >= size and hi < len(segments):
            yield segments[start:hi], piece
            start, piece = hi, []
    if piece:
        yield segments[start:], piece


def _read_ahead(batches: Iterator[tuple[list[Segment], list[tuple[int, int]]]]) -> Iterator:
    """Yield the batches while the next one is read on another thread.

    Reading is Python and holds the GIL, but the checks spend much of their time in polars and
    in the Aho-Corasick scans, which release it: the reader fills those gaps (1 s of 20 on a
    million segments). At most one batch waits and one is being read, so memory grows by two
    batches of segments, not of their tables. An input error is raised here, in order.
    """
    queue: Queue = Queue(maxsize=1)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False  # the consumer has gone

    def produce() -> None:
        try:
            for item in batches:
                if not put(item):
                    return
            put(_END)
        except BaseException as exc:  # handed to the consumer, who raises it in order
            put(exc)

    reader = threading.Thread(target=produce, name="termqa-read", daemon=True)
    reader.start()
    try:
        while True:
            item = queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()  # a producer waiting to put gives up within 0.1 s
        reader.join()


AUTO_JOBS_LIMIT = 8
"""The most processes `jobs=0` starts: each holds its own rule tables (400-800 MB), so a
64-core CI runner would otherwise need tens of GB for one large corpus. `--jobs N` sets more."""


def _jobs(jobs: int) -> int:
    """Processes for `Options.jobs` (0: one per CPU this process may use, at most
    AUTO_JOBS_LIMIT)."""
    if jobs > 0:
        return jobs
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, AUTO_JOBS_LIMIT)


_WORKER: Engine | None = None
"""The engine of a worker process (see Engine._run_pooled)."""


def collect_less() -> None:
    """Run the cycle collector less often, for a process that is a check run's own (the
    command line, a worker). A run keeps hundreds of thousands of container objects alive
    (jieba's and the rules' tables, a batch of segments) and makes few cycles: with the default
    thresholds the full collections, each a walk over all of them, took 1.0 of 14 s of CPU on
    200,000 segments, and 0.3 s in all with these."""
    import gc

    gc.set_threshold(50_000, 20, 20)


_CLAIMS: _Claims | None = None


def _pool_context(preload: tuple[str, ...] = ()) -> Any:
    """Where workers come from. Not forked from this process: a child of a process running
    polars' and the reader's threads may inherit a held lock and hang. Forked from a fresh fork
    server instead, which loads the slow tables once for every worker (termqa.prewarm, and the
    `preload` modules of the selected rules; a server already started keeps what it loaded).
    (Windows has no fork server: workers are spawned there and load the tables each.)"""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["termqa.prewarm", *preload])
        return context
    return multiprocessing.get_context("spawn")


def _preload_of(checks: Iterable[Check | type[Check]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m for check in checks for m in check.preload))


EARLY_START_BYTES_PER_SEGMENT = 300
"""Bytes of input per segment, about: news in TSV has 320 (the real bench's 200,000 segments are
64 MB), XML formats more. See start_workers_early."""


def start_workers_early(options: Options, input_bytes: int, glossary: bool) -> None:
    """Start the fork server of --jobs now, before the glossary is loaded and the first batch
    read, where the input is big enough to fill more than a first batch (`input_bytes`: the
    corpus files' sizes; `glossary`: whether one is given). The server takes a second of a
    core to load its tables; started when the first batch is read, as Engine.run does for
    input of unknown size, the worker began checking two seconds into the run, one of them with
    the second core doing nothing of use. A guess that is wrong (a large file of few segments)
    costs that second of the other core, in the background."""
    if _jobs(options.jobs) < 2 or input_bytes < options.batch_size * EARLY_START_BYTES_PER_SEGMENT:
        return
    try:
        rules = select_rules(options.select, options.ignore)
    except UsageError:  # a wrong selection is the Engine's to report, in its turn
        return
    preload = _preload_of(r.load() for r in rules if glossary or not r.needs_glossary)
    threading.Thread(target=_start_fork_server, args=(preload,), name="termqa-fork-server", daemon=True).start()


def _start_fork_server(preload: tuple[str, ...] = ()) -> None:
    """Start the fork server of _pool_context, if it has one, without waiting for a worker."""
    import multiprocessing
    from multiprocessing import forkserver

    if _pool_context(preload) is multiprocessing.get_context("forkserver"):
        with contextlib.suppress(Exception):  # the pool starts it, or says why, when it is needed
            forkserver.ensure_running()


def _worker_start(state: bytes, claims: _Claims | None = None) -> None:
    import pickle

    global _WORKER, _CLAIMS
    _CLAIMS = claims
    collect_less()
    matcher, options = pickle.loads(state)
    _WORKER = Engine(Glossary(), replace(options, jobs=1), matcher=matcher)


def _worker_check(seq: int, segments: list[Segment], docs: list[tuple[int, int]]) -> tuple[list[Finding], list[Crash]] | None:
    """A batch's findings and crashes; None for a batch the main process has taken back."""
    assert _WORKER is not None
    if _CLAIMS is not None and not _CLAIMS.claim(seq, _Claims.WORKER):
        return None
    _WORKER.stats.crashes.clear()
    found = _WORKER._run_batch(segments, docs)
    return found, list(_WORKER.stats.crashes)


def _submit(pool: Any, seq: int, segments: list[Segment], docs: list[tuple[int, int]]) -> Any:
    """The future of batch `seq` checked in `pool`, or None when the pool is broken."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_worker_check, seq, segments, docs)
    except BrokenProcessPool:
        return None


def _run_check(check: Check, batch: Batch) -> list[Finding]:
    return list(check.run(batch))


_PROBE_LIMIT = 500
"""How many segments of a crashed document are tried alone to name the one that raises."""


def _short_repr(exc: Exception) -> str:
    text = repr(exc)
    return text if len(text) <= 200 else text[:199] + "…"


def _where(exc: BaseException) -> str:
    """The innermost frame of the traceback inside termqa, as `termqa/module.py:line`."""
    where = "unknown place"
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        # A compiled module (termqa.speedups) names its source relative to where it was built:
        # "termqa/align.py".
        filename = "/" + frame.f_code.co_filename.replace(os.sep, "/")
        if "/termqa/" in filename:
            where = "termqa/" + filename.rsplit("/termqa/", 1)[1] + f":{lineno}"
    return where


@functools.lru_cache(maxsize=1)
def _check_pool() -> ThreadPoolExecutor:
    """One long-lived thread that runs the rules of a batch (see _run_batch), beside the matching
    thread. Two rule threads were slower on real text (bench_real, 200,000 segments: 27-28 s
    against 20-23 s wall, and more CPU): the rules now spend most of their time in Python, and
    two threads only contend for the GIL."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="termqa-check")


@functools.lru_cache(maxsize=1)
def _match_pool() -> ThreadPoolExecutor:
    """One background thread for glossary matching, shared by every engine of the process."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="termqa-match")


def _drop_overlaps(
    results: list[Finding], taken: dict[tuple[str, int, str | None, Side], list[tuple[int, int]]]
) -> list[Finding]:
    """Keep findings whose span no earlier rendering rule has claimed; claim the kept spans."""
    kept: list[Finding] = []
    for f in results:
        if f.start is None or f.end is None:
            kept.append(f)
            continue
        key = (f.path, f.line, f.segment, f.side)
        spans = taken.setdefault(key, [])
        if any(s < f.end and f.start < e for s, e in spans):
            continue
        kept.append(f)
    for f in kept:
        if f.start is not None and f.end is not None:
            taken[(f.path, f.line, f.segment, f.side)].append((f.start, f.end))
    return kept
