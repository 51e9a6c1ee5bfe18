"""Reconcile what the warehouse holds with the load manifest, file by file.

For every file in raw._load_manifest:

- physical_lines (counted from the file's bytes at load time) = header_lines +
  lines_loaded + lines_quarantined;
- rows in the raw table with that `_file` = rows_loaded, rows in raw._quarantine =
  rows_quarantined, and their line_count adds up to lines_quarantined;
- the records tile the file: ordering the raw rows' `_line_no` and the quarantined
  lines' line_no together, each record runs to the next one's first line (the last
  one to the end of the file). Derived that way, the raw rows' spans add up to
  lines_loaded, every quarantined record's span equals its line_count, no two records
  start on the same line, and the first one starts right after the header.

Rows whose file is not in the manifest (or is there under another table) are reported
too. With `landing_dir`, files still on disk are hashed and counted again and compared
with the manifest (files no longer there are not checked).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.config import Settings
from orchestration.loading.discovery import select_kinds
from orchestration.loading.lines import file_facts
from orchestration.loading.schema import ERASURE_PURGED, MANIFEST, QUARANTINE, raw_table
from orchestration.warehouse import PostgresConnection


@dataclass(frozen=True)
class Mismatch:
    file: str
    table: str
    check: str
    expected: int | str
    found: int | str

    def __str__(self) -> str:
        return (
            f"{self.table} {self.file}: {self.check}: expected {self.expected}, found {self.found}"
        )


_PER_FILE = """
with manifest as (
    select * from {manifest} where table_name = $table
),
records as (
    select _file as file, _line_no as line_no, null::bigint as line_count, true as is_raw
    from {raw}
    union all
    select file, line_no, line_count, false from {quarantine} where table_name = $table
    union all
    -- lines an erasure removed still count where they were
    select file, line_no, line_count, purged_from = 'raw' from {purged} where table_name = $table
),
spans as (
    select
        records.*,
        coalesce(
            lead(records.line_no) over (partition by records.file order by records.line_no),
            manifest.physical_lines + 1
        ) - records.line_no as span
    from records
    inner join manifest on records.file = manifest.file
)
select
    manifest.file,
    manifest.physical_lines,
    manifest.header_lines,
    manifest.rows_loaded,
    manifest.rows_quarantined,
    manifest.lines_loaded,
    manifest.lines_quarantined,
    count(spans.file) filter (where spans.is_raw) as raw_rows,
    count(spans.file) filter (where not spans.is_raw) as quarantine_rows,
    coalesce(sum(spans.line_count) filter (where not spans.is_raw), 0) as quarantine_lines,
    coalesce(sum(spans.span) filter (where spans.is_raw), 0) as raw_lines,
    count(spans.file) filter (where not spans.is_raw and spans.span <> spans.line_count)
        as bad_quarantine_spans,
    count(spans.file) filter (where spans.span < 1) as overlapping_records,
    min(spans.line_no) as first_line
from manifest
left join spans on manifest.file = spans.file
group by 1, 2, 3, 4, 5, 6, 7
order by manifest.file
"""

_ORPHANS = """
select file, count(*) from (
    select _file as file from {raw}
    union all
    select file from {quarantine} where table_name = $table
) as record_files
where file not in (select file from {manifest} where table_name = $table)
group by file
order by file
"""


def _file_checks(
    file: str,
    physical: int,
    header: int,
    rows_loaded: int,
    rows_quarantined: int,
    lines_loaded: int,
    lines_quarantined: int,
    raw_rows: int,
    quarantine_rows: int,
    quarantine_lines: int,
    raw_lines: int,
    bad_quarantine_spans: int,
    overlapping_records: int,
    first_line: int | None,
) -> list[tuple[str, int, int]]:
    """(check, expected, found) for one file's row of the per-file query."""
    checks = [
        (
            "physical lines = header + lines loaded + lines quarantined (manifest)",
            physical,
            header + lines_loaded + lines_quarantined,
        ),
        ("rows in the raw table", rows_loaded, raw_rows),
        ("rows in the quarantine", rows_quarantined, quarantine_rows),
        ("lines in the quarantine", lines_quarantined, quarantine_lines),
        ("lines spanned by raw rows", lines_loaded, raw_lines),
        ("quarantined records whose span differs from line_count", 0, bad_quarantine_spans),
        ("records starting on the same line", 0, overlapping_records),
    ]
    if first_line is not None:
        checks.append(("first record's line", header + 1, first_line))
    return checks


def reconcile(
    conn: duckdb.DuckDBPyConnection | PostgresConnection,
    tables: Iterable[str] | None = None,
    landing_dir: Path | None = None,
) -> list[Mismatch]:
    """Every way the raw tables, the quarantine and the manifest disagree; empty if none.

    `conn` is a DuckDB connection or a warehouse.PostgresConnection: the SQL is the same.
    """
    mismatches: list[Mismatch] = []
    for kind in select_kinds(tables):
        fmt = {
            "raw": raw_table(kind),
            "quarantine": QUARANTINE,
            "manifest": MANIFEST,
            "purged": ERASURE_PURGED,
        }
        params = {"table": kind.table}
        for row in conn.execute(_PER_FILE.format(**fmt), params).fetchall():
            mismatches.extend(
                Mismatch(row[0], kind.table, name, expected, found)
                for name, expected, found in _file_checks(*row)
                if expected != found
            )
        for file, count in conn.execute(_ORPHANS.format(**fmt), params).fetchall():
            mismatches.append(
                Mismatch(file, kind.table, "rows of a file not in the manifest", 0, count)
            )
        if landing_dir is not None:
            mismatches.extend(_recount(conn, kind.table, Path(landing_dir)))
    return mismatches


def _recount(
    conn: duckdb.DuckDBPyConnection | PostgresConnection, table: str, landing_dir: Path
) -> list[Mismatch]:
    found = []
    rows = conn.execute(
        f"select file, sha256, physical_lines from {MANIFEST} where table_name = ? order by file",
        [table],
    ).fetchall()
    for file, sha256, physical_lines in rows:
        path = landing_dir / file
        if not path.is_file():
            continue
        with path.open("rb") as source:
            disk_sha256, _, disk_lines = file_facts(source.read)
        if disk_sha256 != sha256:
            found.append(Mismatch(file, table, "sha256 of the file on disk", sha256, disk_sha256))
        if disk_lines != physical_lines:
            found.append(
                Mismatch(
                    file, table, "physical lines of the file on disk", physical_lines, disk_lines
                )
            )
    return found


def reconcile_tables(
    warehouse_path: Path,
    tables: Iterable[str] | None = None,
    landing_dir: Path | None = None,
) -> list[Mismatch]:
    """`reconcile` on a warehouse file, opened read-only."""
    with duckdb.connect(str(warehouse_path), read_only=True) as conn:
        return reconcile(conn, tables, landing_dir)


def reconcile_target(
    settings: Settings,
    tables: Iterable[str] | None = None,
    landing_dir: Path | None = None,
) -> list[Mismatch]:
    """`reconcile` on the warehouse of the settings' target (C360_TARGET), read-only."""
    from orchestration.warehouse import connect

    with connect(settings, read_only=True) as conn:
        return reconcile(conn, tables, landing_dir)
