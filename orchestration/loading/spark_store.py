"""Spark side of a load: the triage's clean files read by the Spark session into Parquet tables.

The same clean parts DuckDB reads (see `triage`) are read with Spark's own readers
(CSV: explicit all-string schema, RFC 4180 quoting, multi-line records, FAILFAST; JSONL:
read as text lines, split at the unit separator, fields taken with `get_json_object`)
and appended to the raw tables (Parquet, in the Hive metastore of C360_SPARK_DIR).
Functions and results match `duckdb_store`, so `loader.load_file` runs unchanged: the
caller compares the rows Spark read with the triage's count.

Spark has no transactions. What stands in for the per-file transaction: every part is
read and counted while the file is loaded, but nothing is appended until `commit`,
which appends the file's rows, then its quarantined lines, then its manifest row (the
manifest row last, so a file is only ever skipped once all of it is in). A `rollback`
(a count that does not add up, or any error) appends nothing. A crash inside `commit`
itself can leave rows of a file that has no manifest row; `reconcile` reports them as
"rows of a file not in the manifest", and `load_landing_spark` removes such rows
(by rewriting the table without them) before it loads that file again.

What differs from DuckDB: nothing in the values. An empty CSV field, quoted or not, is
NULL (`nullif(field, '')`); `get_json_object` gives JSON strings without quotes, other
values as compact JSON text (`12.5` for `12.50`) and takes a duplicated key's first
occurrence, as DuckDB's `json_extract_string` does.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import uuid
from pathlib import Path

from orchestration.contract import FileKind
from orchestration.loading.duckdb_store import (  # the same manifest read on every engine
    ManifestEntry,
    loaded_files,  # noqa: F401
)
from orchestration.loading.schema import MANIFEST, MANIFEST_COLUMNS, QUARANTINE, raw_table
from orchestration.loading.triage import JSONL_SEPARATOR
from orchestration.spark import SparkConnection, literal, spark_sql

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CSV_OPTIONS = {
    "header": "false",
    "sep": ",",
    "quote": '"',
    "escape": '"',
    "multiLine": "true",
    "mode": "FAILFAST",
    "encoding": "UTF-8",
    "ignoreLeadingWhiteSpace": "false",
    "ignoreTrailingWhiteSpace": "false",
}


def _table_name(table: str) -> str:
    return spark_sql(table)


def _pending_copy(conn: SparkConnection, path: Path) -> Path:
    """A link to a clean part that outlives the loader's `unlink`, kept until commit."""
    pending = path.parent / "spark-pending"
    pending.mkdir(exist_ok=True)
    copy = pending / f"{uuid.uuid4().hex}{path.suffix}"
    try:
        os.link(path, copy)
    except OSError:
        shutil.copyfile(path, copy)
    conn.on_rollback(lambda: copy.unlink(missing_ok=True))
    return copy


def _append_on_commit(conn: SparkConnection, frame, table: str, part: Path) -> int:
    """Count the rows of `frame` now; append them to `table` when the file commits."""
    rows = frame.count()

    def append() -> None:
        frame.write.insertInto(table)
        part.unlink(missing_ok=True)

    conn.on_commit(append)
    return rows


def _read_csv(conn: SparkConnection, path: Path, schema: str):
    return conn.session.read.options(**_CSV_OPTIONS).schema(schema).csv(str(path))


def _lineage(file: str, load_id: str, loaded_at: dt.datetime) -> list[str]:
    return [
        f"{literal(file)} as _file",
        "_line_no",
        f"{literal(loaded_at)} as _loaded_at",
        f"{literal(load_id)} as _load_id",
    ]


def insert_csv_records(
    conn: SparkConnection,
    kind: FileKind,
    clean_path: Path,
    file: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Read a clean CSV part (`line_no,line_count,<contract columns in order>`); rows read."""
    fields = [f"f{i}" for i in range(len(kind.columns))]
    schema = ", ".join(["_line_no bigint", "_line_count bigint", *(f"{f} string" for f in fields)])
    copy = _pending_copy(conn, clean_path)
    part = _read_csv(conn, copy, schema)
    values = [f"nullif({f}, '') as `{c}`" for f, c in zip(fields, kind.columns, strict=True)]
    frame = part.selectExpr(*values, *_lineage(file, load_id, loaded_at))
    return _append_on_commit(conn, frame, _table_name(raw_table(kind)), copy)


def insert_jsonl_records(
    conn: SparkConnection,
    kind: FileKind,
    clean_path: Path,
    file: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Read a clean JSONL part (`line_no<US>json`); fields by key, nested ones as JSON text."""
    for column in kind.columns:
        if not _IDENTIFIER.match(column):
            raise ValueError(f"{kind.table}: JSON key {column!r} needs a quoted JSON path")
    copy = _pending_copy(conn, clean_path)
    lines = conn.session.read.text(str(copy), lineSep="\n")
    separator = literal(JSONL_SEPARATOR)
    split = lines.selectExpr(
        f"cast(substring_index(value, {separator}, 1) as bigint) as _line_no",
        f"substr(value, instr(value, {separator}) + 1) as _json",
    )
    values = [f"get_json_object(_json, '$.{c}') as `{c}`" for c in kind.columns]
    frame = split.selectExpr(*values, *_lineage(file, load_id, loaded_at))
    return _append_on_commit(conn, frame, _table_name(raw_table(kind)), copy)


def insert_quarantine(
    conn: SparkConnection,
    quarantine_path: Path,
    file: str,
    table: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Read quarantined lines written as CSV `line_no,line_count,reason,raw_text`."""
    copy = _pending_copy(conn, quarantine_path)
    part = _read_csv(conn, copy, "line_no bigint, line_count int, reason string, raw_text string")
    frame = part.selectExpr(
        f"{literal(file)} as file",
        f"{literal(table)} as table_name",
        "line_no",
        "line_count",
        "coalesce(raw_text, '') as raw_text",
        "reason",
        f"{literal(load_id)} as load_id",
        f"{literal(loaded_at)} as loaded_at",
    )
    return _append_on_commit(conn, frame, _table_name(QUARANTINE), copy)


def insert_manifest(conn: SparkConnection, entry: ManifestEntry) -> None:
    """The file's manifest row, appended last when the file commits."""
    names = list(MANIFEST_COLUMNS)
    sql = spark_sql(
        f"insert into {MANIFEST} ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
        [getattr(entry, name) for name in names],
    )
    conn.on_commit(lambda: conn.sql(sql))


def table_row_count(conn: SparkConnection, kind: FileKind) -> int:
    return conn.execute(f"select count(*) from {raw_table(kind)}").fetchone()[0]


def remove_unfinished_files(conn: SparkConnection) -> list[str]:
    """Rows of files without a manifest row (a crash inside a commit), rewritten away.

    Spark cannot delete from a Parquet table; each affected table is rewritten without
    those rows (read into memory first, since Spark will not overwrite a table it reads).
    Returns the files whose rows were removed.
    """
    from orchestration.contract import FILE_KINDS

    removed: set[str] = set()
    manifest = f"select file from {MANIFEST}"
    targets = [(raw_table(kind), "_file") for kind in FILE_KINDS] + [(QUARANTINE, "file")]
    for table, column in targets:
        orphans = conn.execute(
            f"select distinct {column} from {table} where {column} not in ({manifest})"
        ).fetchall()
        if not orphans:
            continue
        removed.update(file for (file,) in orphans)
        kept = conn.sql(
            spark_sql(f"select * from {table} where {column} in ({manifest})")
        ).localCheckpoint()
        kept.write.insertInto(_table_name(table), overwrite=True)
    return sorted(removed)
