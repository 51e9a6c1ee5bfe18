"""generate(): sample landing files for `persons` simulated persons, plus the truth."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..contract import XREF_SOURCE_SYSTEMS
from .calendar import SimCalendar
from .chunk import ChunkPlan, ChunkResult, build_chunk, plan_chunks
from .rates import FIRST_DAY
from .report import GenerationReport
from .writer import LandingWriter

TRUTH_FILE = "customer_xref_truth.csv"
ERASURE_TRUTH_FILE = "erasure_requests_truth.csv"
MALFORMED_FILE = "malformed_lines.csv"
REPORT_FILE = "generation_report.json"


def _results(plans: list[ChunkPlan], workers: int) -> Iterator[ChunkResult]:
    """Chunk results in chunk order, computed in up to `workers` processes."""
    if workers <= 1 or len(plans) <= 1:
        yield from map(build_chunk, plans)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(build_chunk, plans)


def generate(
    landing_dir: Path,
    persons: int,
    seed: int = 42,
    days: int = 5,
    truth_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> GenerationReport:
    """Write `days` daily batches of every landing file kind for `persons` persons.

    The same seed, persons and days give byte-identical landing files. Earlier landing
    files in `landing_dir` (contract names only) are removed first. The ground truth
    (customer_xref_truth.csv, erasure_requests_truth.csv, malformed_lines.csv and
    generation_report.json) goes to `truth_dir`, by default `landing_dir/../truth`, never
    under the landing folder.
    """
    if persons < 1 or days < 1:
        raise ValueError("persons and days must be at least 1")
    started = time.perf_counter()
    landing_dir = Path(landing_dir)
    truth_dir = Path(truth_dir) if truth_dir is not None else landing_dir.parent / "truth"
    if truth_dir.resolve().is_relative_to(landing_dir.resolve()):
        raise ValueError("the truth must not be written under the landing folder")
    say = progress or (lambda message: None)
    landing_dir.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    LandingWriter.clear(landing_dir)

    cal = SimCalendar(FIRST_DAY, days)
    plans = plan_chunks(persons, seed, days)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 2)
    report = GenerationReport(
        str(landing_dir), str(truth_dir), persons, seed, days, cal.batch_names()
    )
    writer = LandingWriter(landing_dir, cal.batch_names())
    with (
        (truth_dir / TRUTH_FILE).open("w", encoding="utf-8", buffering=1 << 23) as truth,
        (truth_dir / ERASURE_TRUTH_FILE).open("w", encoding="utf-8") as erasures,
    ):
        truth.write("source_system,source_record_id,person_id\n")
        erasures.write("request_id,person_id\n")
        for result in _results(plans, workers):
            for piece in result.pieces:
                writer.write(piece)
            if result.truth.lines:
                truth.write("\n".join(result.truth.lines) + "\n")
            for name, count in result.truth.records.items():
                report.truth_records[name] = report.truth_records.get(name, 0) + count
            for target, source in (
                (report.truth_records_only_malformed, result.truth.without_good_line),
                (report.truth_records_shared, result.truth.shared_records),
            ):
                for name, count in source.items():
                    target[name] = target.get(name, 0) + count
            if result.erasures:
                erasures.write("\n".join(result.erasures) + "\n")
            report.erasure_requests += len(result.erasures)
            elapsed = time.perf_counter() - started
            say(f"chunk {result.chunk + 1}/{len(plans)} written ({elapsed:.1f} s)")
    for file_report in writer.close():
        report.add_file(file_report)
    with (truth_dir / MALFORMED_FILE).open("w", encoding="utf-8") as malformed:
        malformed.write("file,line_no,kind\n")
        malformed.writelines(f"{path},{line},{kind}\n" for path, line, kind in writer.malformed)
    order = {name: i for i, name in enumerate(XREF_SOURCE_SYSTEMS)}
    report.truth_records = dict(sorted(report.truth_records.items(), key=lambda kv: order[kv[0]]))
    report.seconds = round(time.perf_counter() - started, 2)
    report.write(truth_dir / REPORT_FILE)
    say(f"{report.total_lines:,} lines in {len(report.files)} files, {report.seconds} s")
    return report
