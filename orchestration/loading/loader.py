"""Load a landing folder into the raw tables: discover, skip or refuse, triage, bulk-read.

Each file is loaded in its own transaction (its rows, its quarantined lines and its
manifest row commit together or not at all). A file already in the manifest with the
same sha256 is skipped (unread when its size and modification time show it untouched
since its load); one whose content changed under a loaded name is refused: the other
files still load, then ChangedFileError lists every refused file.

The engine is the configured target's (C360_TARGET): DuckDB reads the clean files with
`read_csv` (`duckdb_store`), PostgreSQL with COPY (`postgres_store`), Spark with its CSV
and text readers into Parquet tables (`spark_store`); the triage, the accounting and the
tables are the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import duckdb

from orchestration.config import Settings, load_settings
from orchestration.contract import FileKind
from orchestration.loading import duckdb_store, postgres_store, spark_store
from orchestration.loading.discovery import discover, select_kinds
from orchestration.loading.duckdb_store import LoadedFile
from orchestration.loading.lines import file_facts
from orchestration.loading.parts import TriageJob
from orchestration.loading.report import ChangedFileError, FileResult, LoadReport, TableStats
from orchestration.loading.schema import ensure_raw_tables

Progress = Callable[[str], object]


class LoadError(RuntimeError):
    """The loader's own accounting did not add up; the file was not loaded."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def load_file(
    conn: duckdb.DuckDBPyConnection,
    path: Path,
    file: str,
    kind: FileKind,
    load_id: str,
    work_dir: Path,
    store: ModuleType = duckdb_store,
) -> FileResult:
    """Load one landing file in one transaction: its rows, its quarantine, its manifest row.

    The triage runs in a background thread and hands over clean parts that the database
    bulk-reads as they come (`store`: duckdb_store, or postgres_store with a
    warehouse.PostgresConnection). Before committing, the triage's line count must equal
    the physical lines counted from the bytes, and the rows the database inserted must
    equal the records the triage accepted; otherwise nothing of the file is kept (LoadError).
    """
    started = time.monotonic()
    engine = {duckdb_store: "DuckDB", postgres_store: "PostgreSQL", spark_store: "Spark"}[store]
    insert = store.insert_csv_records if kind.fmt == "csv" else store.insert_jsonl_records
    with TriageJob(path, kind, work_dir) as job:
        conn.begin()
        try:
            loaded_at = _utc_now()
            inserted = 0
            for part in job:
                inserted += insert(conn, kind, part, file, load_id, loaded_at)
                part.unlink()
            triage, reader = job.result, job.reader
            if triage.lines_seen != reader.physical_lines:
                raise LoadError(
                    f"{file}: the triage accounted for {triage.lines_seen:,} lines but the "
                    f"file has {reader.physical_lines:,}; nothing of it was loaded"
                )
            quarantined = (
                store.insert_quarantine(
                    conn, job.quarantine_path, file, kind.table, load_id, loaded_at
                )
                if triage.rows_rejected
                else 0
            )
            if (inserted, quarantined) != (triage.rows_accepted, triage.rows_rejected):
                raise LoadError(
                    f"{file}: {engine} read {inserted:,} rows and {quarantined:,} quarantined "
                    f"lines, the triage wrote {triage.rows_accepted:,} and "
                    f"{triage.rows_rejected:,}; nothing of it was loaded"
                )
            seconds = time.monotonic() - started
            store.insert_manifest(
                conn,
                store.ManifestEntry(
                    file=file,
                    table_name=kind.table,
                    sha256=reader.sha256,
                    size_bytes=reader.size_bytes,
                    physical_lines=reader.physical_lines,
                    header_lines=triage.header_lines,
                    rows_loaded=triage.rows_accepted,
                    rows_quarantined=triage.rows_rejected,
                    lines_loaded=triage.lines_accepted,
                    lines_quarantined=triage.lines_rejected,
                    header_note=triage.header_note,
                    load_id=load_id,
                    loaded_at=loaded_at,
                    seconds=seconds,
                ),
            )
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    return FileResult(
        file=file,
        table=kind.table,
        status="loaded",
        sha256=reader.sha256,
        rows_loaded=triage.rows_accepted,
        rows_quarantined=triage.rows_rejected,
        physical_lines=reader.physical_lines,
        header_note=triage.header_note,
        seconds=seconds,
    )


def load_landing(
    landing_dir: Path,
    warehouse_path: Path,
    tables: Iterable[str] | None = None,
    progress: Progress | None = None,
    *,
    raise_on_refused: bool = True,
    memory_limit: str | None = None,
    threads: int | None = None,
) -> LoadReport:
    """Load every new landing file of the selected tables (all 13 by default) into raw.*.

    Returns a LoadReport. Files whose content changed under an already loaded name are
    refused: everything else is loaded first, then ChangedFileError is raised (with the
    report attached as `.report`), unless `raise_on_refused=False`, in which case the
    caller gets the report and should call `report.raise_for_refused_files()` itself.
    `progress`, if given, is called with one line of text per file. DuckDB's memory limit
    and threads default to the project settings (C360_DUCKDB_MEMORY_LIMIT, C360_DUCKDB_THREADS).
    """
    tables = None if tables is None else list(tables)
    select_kinds(tables)  # unknown tables fail before the warehouse is touched
    warehouse_path = Path(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(warehouse_path))
    try:
        conn.execute("set enable_progress_bar = false")
        settings = load_settings()
        limit = (memory_limit or settings.duckdb_memory_limit).replace("'", "")
        conn.execute(f"set memory_limit = '{limit}'")
        conn.execute(f"set threads = {int(threads or settings.duckdb_threads)}")
        ensure_raw_tables(conn)
        return _load_files(
            conn, duckdb_store, landing_dir, tables, progress, raise_on_refused,
            work_parent=warehouse_path.parent,
        )  # fmt: skip
    finally:
        conn.close()


def load_landing_postgres(
    landing_dir: Path,
    settings: Settings | None = None,
    tables: Iterable[str] | None = None,
    progress: Progress | None = None,
    *,
    raise_on_refused: bool = True,
) -> LoadReport:
    """`load_landing` into the PostgreSQL database of the settings (C360_PG_*), with COPY."""
    from orchestration.warehouse import PostgresConnection

    tables = None if tables is None else list(tables)
    select_kinds(tables)
    settings = settings or load_settings()
    with contextlib.closing(PostgresConnection.connect(settings.postgres)) as conn:
        ensure_raw_tables(conn, "postgres")
        conn.commit()
        return _load_files(conn, postgres_store, landing_dir, tables, progress, raise_on_refused)


def load_landing_spark(
    landing_dir: Path,
    settings: Settings | None = None,
    tables: Iterable[str] | None = None,
    progress: Progress | None = None,
    *,
    raise_on_refused: bool = True,
) -> LoadReport:
    """`load_landing` into the Spark warehouse of the settings (C360_SPARK_*).

    Opens a local Spark session for the load and ends it (and its JVM) afterwards, so
    the metastore is free for dbt (see orchestration/spark.py).
    """
    from orchestration.spark import SparkConnection

    tables = None if tables is None else list(tables)
    select_kinds(tables)
    settings = settings or load_settings()
    with SparkConnection.connect(settings.spark) as conn:
        ensure_raw_tables(conn, "spark")
        for file in spark_store.remove_unfinished_files(conn):
            if progress is not None:
                progress(f"{file}: rows of an unfinished load removed")
        return _load_files(
            conn, spark_store, landing_dir, tables, progress, raise_on_refused,
            work_parent=settings.spark.dir,
        )  # fmt: skip


def load_landing_for_target(
    settings: Settings,
    tables: Iterable[str] | None = None,
    progress: Progress | None = None,
    *,
    raise_on_refused: bool = True,
) -> LoadReport:
    """Load the settings' landing folder into the warehouse of their target (C360_TARGET)."""
    if settings.engine == "postgres":
        return load_landing_postgres(
            settings.landing_dir, settings, tables, progress, raise_on_refused=raise_on_refused
        )
    if settings.engine == "spark":
        return load_landing_spark(
            settings.landing_dir, settings, tables, progress, raise_on_refused=raise_on_refused
        )
    if settings.engine != "duckdb":
        raise NotImplementedError(f"the loader has no {settings.engine} store")
    return load_landing(
        settings.landing_dir,
        settings.warehouse_path,
        tables,
        progress,
        raise_on_refused=raise_on_refused,
    )


def _load_files(
    conn,
    store: ModuleType,
    landing_dir: Path,
    tables: Iterable[str] | None,
    progress: Progress | None,
    raise_on_refused: bool,
    work_parent: Path | None = None,
) -> LoadReport:
    """The load itself, on an open connection whose raw tables exist."""
    started = time.monotonic()
    landing_dir = Path(landing_dir)
    kinds = select_kinds(tables)
    report = LoadReport(load_id=_new_load_id(), loaded_at=_utc_now())
    for kind in kinds:
        report.tables[kind.table] = TableStats()
    files, report.unrecognized = discover(landing_dir, kinds)
    loaded = store.loaded_files(conn)
    with tempfile.TemporaryDirectory(prefix=".c360-load-", dir=work_parent) as tmp:
        for path, kind in files:
            file = path.relative_to(landing_dir).as_posix()
            if file in loaded:
                result = _skip_or_refuse(path, file, kind, loaded[file])
            else:
                result = load_file(conn, path, file, kind, report.load_id, Path(tmp), store)
            report.add(result)
            if progress is not None:
                progress(str(result))
    for kind in kinds:
        report.tables[kind.table].rows_total = store.table_row_count(conn, kind)
    report.seconds = time.monotonic() - started
    if progress is not None:
        progress(report.summary().splitlines()[0])
    if raise_on_refused and report.refused:
        raise ChangedFileError(report.refused, report)
    return report


def _skip_or_refuse(path: Path, file: str, kind: FileKind, loaded: LoadedFile) -> FileResult:
    """Skip a file loaded before, or refuse it when its bytes changed since.

    Landed files are never modified (the contract), so a file of the loaded size whose
    modification time is older than its load is skipped without reading it: hashing
    every loaded file on every run made a run's cost grow with the whole history (about
    10 s of a one-day run at 1,000,000 persons after six days). Any other file is
    hashed again, and refused when its sha256 differs.
    """
    stat = path.stat()
    modified = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).replace(tzinfo=None)
    if stat.st_size == loaded.size_bytes and modified < loaded.loaded_at:
        return FileResult(
            file, kind.table, "skipped", loaded.sha256, physical_lines=loaded.physical_lines
        )
    with path.open("rb") as source:
        sha256, _, physical_lines = file_facts(source.read)
    if sha256 == loaded.sha256:
        return FileResult(file, kind.table, "skipped", sha256, physical_lines=physical_lines)
    return FileResult(
        file,
        kind.table,
        "refused",
        sha256,
        physical_lines=physical_lines,
        loaded_sha256=loaded.sha256,
    )


def _new_load_id() -> str:
    return f"{_utc_now():%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
