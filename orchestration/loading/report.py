"""What a load did: per file, per table and in total; and the error for changed files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChangedFile:
    file: str
    table: str
    loaded_sha256: str
    new_sha256: str

    def __str__(self) -> str:
        return f"{self.file} (loaded sha256 {self.loaded_sha256}, now {self.new_sha256})"


class ChangedFileError(RuntimeError):
    """Landing files whose content changed after they were loaded under the same name.

    A landed file is never modified (contract); new content must come under a new batch
    name. The refused files were not loaded again and nothing of theirs was changed.
    """

    def __init__(self, changed: list[ChangedFile], report: LoadReport | None = None) -> None:
        self.changed = list(changed)
        self.report = report
        listing = "\n  ".join(str(c) for c in self.changed)
        super().__init__(
            f"refused {len(self.changed)} landing file(s) whose content changed since they "
            "were loaded (a landed file must never change; land new content under a new "
            f"batch name, or remove the old load on purpose):\n  {listing}"
        )


@dataclass(frozen=True)
class FileResult:
    file: str  # relative to the landing root
    table: str
    status: str  # "loaded", "skipped" (same sha256 already loaded) or "refused" (changed)
    sha256: str
    rows_loaded: int = 0
    rows_quarantined: int = 0
    physical_lines: int = 0
    header_note: str | None = None
    seconds: float = 0.0
    loaded_sha256: str | None = None  # for "refused": the hash loaded earlier

    def __str__(self) -> str:
        if self.status == "skipped":
            return f"{self.file}: already loaded, skipped"
        if self.status == "refused":
            return (
                f"{self.file}: REFUSED, content changed since it was loaded "
                f"(sha256 {self.loaded_sha256} -> {self.sha256})"
            )
        text = (
            f"{self.file}: {self.rows_loaded:,} rows loaded, {self.rows_quarantined:,} "
            f"quarantined, {self.physical_lines:,} lines in {self.seconds:.2f}s"
        )
        return text + (f" [{self.header_note}]" if self.header_note else "")


@dataclass
class TableStats:
    files_loaded: int = 0
    files_skipped: int = 0
    files_refused: int = 0
    rows_loaded: int = 0  # by this load
    rows_quarantined: int = 0  # by this load
    rows_total: int = 0  # rows in the raw table after this load


@dataclass
class LoadReport:
    load_id: str
    loaded_at: dt.datetime  # UTC, when the load started
    tables: dict[str, TableStats] = field(default_factory=dict)
    files: list[FileResult] = field(default_factory=list)
    unrecognized: list[str] = field(default_factory=list)  # files in the landing folder not loaded
    seconds: float = 0.0

    def add(self, result: FileResult) -> None:
        self.files.append(result)
        stats = self.tables.setdefault(result.table, TableStats())
        if result.status == "loaded":
            stats.files_loaded += 1
            stats.rows_loaded += result.rows_loaded
            stats.rows_quarantined += result.rows_quarantined
        elif result.status == "skipped":
            stats.files_skipped += 1
        else:
            stats.files_refused += 1

    @property
    def refused(self) -> list[ChangedFile]:
        return [
            ChangedFile(f.file, f.table, f.loaded_sha256 or "", f.sha256)
            for f in self.files
            if f.status == "refused"
        ]

    @property
    def rows_loaded(self) -> int:
        return sum(s.rows_loaded for s in self.tables.values())

    @property
    def rows_quarantined(self) -> int:
        return sum(s.rows_quarantined for s in self.tables.values())

    @property
    def files_loaded(self) -> int:
        return sum(s.files_loaded for s in self.tables.values())

    @property
    def files_skipped(self) -> int:
        return sum(s.files_skipped for s in self.tables.values())

    def raise_for_refused_files(self) -> None:
        """Raise ChangedFileError if any file was refused; everything else is already loaded."""
        if self.refused:
            raise ChangedFileError(self.refused, self)

    def summary(self) -> str:
        rate = self.rows_loaded / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"load {self.load_id}: {self.files_loaded} files loaded, {self.files_skipped} "
            f"skipped, {len(self.refused)} refused; {self.rows_loaded:,} rows loaded, "
            f"{self.rows_quarantined:,} quarantined in {self.seconds:.1f}s ({rate:,.0f} rows/s)"
        ]
        for table, s in sorted(self.tables.items()):
            lines.append(
                f"  {table:<26} {s.rows_loaded:>12,} loaded {s.rows_quarantined:>9,} quarantined"
                f"  files {s.files_loaded} new / {s.files_skipped} skipped"
                + (f" / {s.files_refused} REFUSED" if s.files_refused else "")
                + f"  total {s.rows_total:,}"
            )
        lines.extend(f"  REFUSED {c}" for c in self.refused)
        if self.unrecognized:
            lines.append(f"  not a landing file name, ignored: {', '.join(self.unrecognized)}")
        return "\n".join(lines)

    __str__ = summary
