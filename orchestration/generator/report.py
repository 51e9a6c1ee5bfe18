"""The generation report: what was written where, so tests can check a loader's
accounting (lines written = rows loaded + rows quarantined) independently."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class FileReport:
    path: str  # relative to the landing folder
    table: str
    batch: str
    physical_lines: int  # as `wc -l` counts them, header included
    header_lines: int  # 1 for CSV, 0 for JSONL
    records: int  # data records (a quoted CSV field may span lines)
    malformed_lines: int


@dataclass
class KindTotals:
    files: int = 0
    physical_lines: int = 0
    records: int = 0
    malformed_lines: int = 0


@dataclass
class GenerationReport:
    landing_dir: str
    truth_dir: str
    persons: int
    seed: int
    days: int
    batches: list[str]
    seconds: float = 0.0
    files: list[FileReport] = field(default_factory=list)
    kinds: dict[str, KindTotals] = field(default_factory=dict)
    truth_records: dict[str, int] = field(default_factory=dict)
    # truth records whose every line was written malformed (they never reach the warehouse)
    truth_records_only_malformed: dict[str, int] = field(default_factory=dict)
    # truth records carrying rows of several persons (web: shared devices, majority wins)
    truth_records_shared: dict[str, int] = field(default_factory=dict)
    erasure_requests: int = 0

    @property
    def total_lines(self) -> int:
        return sum(k.physical_lines for k in self.kinds.values())

    def add_file(self, report: FileReport) -> None:
        self.files.append(report)
        totals = self.kinds.setdefault(report.table, KindTotals())
        totals.files += 1
        totals.physical_lines += report.physical_lines
        totals.records += report.records
        totals.malformed_lines += report.malformed_lines

    def to_dict(self) -> dict:
        data = asdict(self)
        data["total_lines"] = self.total_lines
        return data

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")
