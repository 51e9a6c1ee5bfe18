"""Run a file's triage in a background thread, handing clean part files over as they fill.

The database (which releases the GIL while it reads) bulk-loads part N while the triage
writes part N+1, so the two overlap on separate cores. At most `max_waiting` parts wait
on disk, so a huge file never needs its whole clean copy at once. Nothing here knows
the database: iterate a `TriageJob` for part paths, then read `.result` and `.reader`.
"""

from __future__ import annotations

import contextlib
import csv
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from orchestration.contract import FileKind
from orchestration.loading.lines import CountingReader, iter_line_chunks
from orchestration.loading.triage import TriageResult, triage_csv, triage_jsonl

PART_BYTES = 64 << 20


class _Stopped(Exception):
    """The consumer went away; the producer stops at its next write."""


class _Parts:
    def __init__(self, work_dir: Path, suffix: str, part_bytes: int, hand_over) -> None:
        self.work_dir = work_dir
        self.suffix = suffix
        self.part_bytes = part_bytes
        self.hand_over = hand_over
        self.count = 0
        self.size = 0
        self.handle = None
        self.path: Path | None = None

    def write(self, data: bytes) -> None:
        if self.handle is None:
            self.count += 1
            self.path = self.work_dir / f"part-{self.count:05d}.{self.suffix}"
            self.handle = self.path.open("wb")
            self.size = 0
        self.handle.write(data)
        self.size += len(data)
        if self.size >= self.part_bytes:
            self.flush()

    def flush(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
            self.hand_over(("part", self.path))

    def discard(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


class TriageJob:
    """One landing file's triage in a thread; iterate it for the clean parts in order."""

    def __init__(
        self,
        path: Path,
        kind: FileKind,
        work_dir: Path,
        part_bytes: int | None = None,
        max_waiting: int = 2,
    ) -> None:
        self.path = path
        self.kind = kind
        self.work_dir = work_dir
        self.part_bytes = part_bytes or PART_BYTES
        self.quarantine_path = work_dir / "quarantine.csv"
        self.result: TriageResult | None = None
        self.reader: CountingReader | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=max_waiting)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"triage {path.name}", daemon=True)

    def __enter__(self) -> TriageJob:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the triage if it still runs and wait for its thread."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _hand_over(self, item: tuple[str, object]) -> None:
        while True:
            if self._stop.is_set():
                raise _Stopped
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _triage(self, source, write: Callable[[bytes], object], reject) -> TriageResult:
        chunks = iter_line_chunks(source.read)
        if self.kind.fmt == "csv":
            return triage_csv(chunks, self.kind.columns, write, reject)
        return triage_jsonl(chunks, self.kind.columns, write, reject)

    def _run(self) -> None:
        parts = _Parts(self.work_dir, self.kind.fmt, self.part_bytes, self._hand_over)
        try:
            with (
                self.path.open("rb") as source,
                self.quarantine_path.open("w", encoding="utf-8", newline="") as quarantine,
            ):
                reader = CountingReader(source)
                writer = csv.writer(quarantine, lineterminator="\n", quoting=csv.QUOTE_ALL)
                writerow = writer.writerow

                def reject(line_no: int, line_count: int, raw_text: str, reason: str) -> None:
                    if self._stop.is_set():
                        raise _Stopped
                    writerow((line_no, line_count, reason, raw_text))

                def write(data: bytes) -> None:
                    if self._stop.is_set():
                        raise _Stopped
                    parts.write(data)

                result = self._triage(reader, write, reject)
                parts.flush()
            self.reader = reader
            self._hand_over(("done", result))
        except _Stopped:
            parts.discard()
        except BaseException as error:  # handed to the consumer, raised there
            parts.discard()
            with contextlib.suppress(_Stopped):
                self._hand_over(("error", error))

    def __iter__(self) -> Iterator[Path]:
        """Clean part files in order; afterwards `result` and `reader` are set."""
        while True:
            what, value = self._queue.get()
            if what == "part":
                yield value
            elif what == "done":
                self.result = value
                return
            else:
                raise value
