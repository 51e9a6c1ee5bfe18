"""Landing files on disk: opened on first use (a folder may get no file for a day),
written in large appends, with running line counts for the report."""

from __future__ import annotations

from pathlib import Path

from ..contract import FILE_KINDS, KINDS_BY_TABLE
from .finalize import Piece
from .render import csv_header
from .report import FileReport

_BUFFER = 8 * 1024 * 1024


class LandingWriter:
    def __init__(self, landing_dir: Path, batches: list[str]):
        self.landing_dir = landing_dir
        self.batches = batches
        self._files: dict[tuple[str, int], object] = {}
        self._reports: dict[tuple[str, int], FileReport] = {}
        self.malformed: list[tuple[str, int, str]] = []  # (relative path, line number, kind)

    @staticmethod
    def clear(landing_dir: Path) -> int:
        """Remove earlier landing files (contract names only); returns how many."""
        removed = 0
        for kind in FILE_KINDS:
            folder = landing_dir / kind.folder
            if folder.is_dir():
                for path in folder.iterdir():
                    if path.is_file() and kind.batch_of(path) is not None:
                        path.unlink()
                        removed += 1
        return removed

    def write(self, piece: Piece) -> None:
        key = (piece.table, piece.batch)
        if key not in self._files:
            kind = KINDS_BY_TABLE[piece.table]
            batch = self.batches[piece.batch]
            relative = f"{kind.folder}/{kind.prefix}_{batch}.{kind.fmt}"
            path = self.landing_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("wb", buffering=_BUFFER)
            header = 0
            if kind.fmt == "csv":
                handle.write((csv_header(kind.columns) + "\n").encode())
                header = 1
            self._files[key] = handle
            self._reports[key] = FileReport(relative, piece.table, batch, header, header, 0, 0)
        report = self._reports[key]
        self._files[key].write(piece.data)
        for line, kind_name in piece.malformed:
            self.malformed.append((report.path, report.physical_lines + line, kind_name))
        report.physical_lines += piece.physical_lines
        report.records += piece.records
        report.malformed_lines += len(piece.malformed)

    def close(self) -> list[FileReport]:
        for handle in self._files.values():
            handle.close()
        order = {kind.table: i for i, kind in enumerate(FILE_KINDS)}
        return sorted(self._reports.values(), key=lambda r: (order[r.table], r.batch))
