"""DuckDB side of a load: bulk-read the triage's clean files into the raw tables.

The triage has already proved every record well-formed, so DuckDB reads with strict
settings and explicit all-VARCHAR columns (no sniffing, no `ignore_errors`); the
caller compares the rows inserted with the triage's count and rolls back on any
difference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.contract import FileKind
from orchestration.loading.lines import MAX_LINE_BYTES
from orchestration.loading.schema import MANIFEST, MANIFEST_COLUMNS, QUARANTINE, raw_table
from orchestration.loading.triage import JSONL_SEPARATOR

# Longest clean line: a record (at most MAX_LINE_BYTES, whatever its physical lines) plus
# its line-number prefix and room for re-quoting. A larger bound slows DuckDB's reader.
MAX_CLEAN_LINE_BYTES = 2 * MAX_LINE_BYTES


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _read_csv(path: Path, columns: dict[str, str], delim: str, quote: str) -> str:
    spec = ", ".join(
        f"{_literal(name)}: {_literal(sql_type)}" for name, sql_type in columns.items()
    )
    return (
        f"read_csv({_literal(str(path))}, auto_detect = false, header = false, "
        f"delim = {_literal(delim)}, quote = {_literal(quote)}, escape = {_literal(quote)}, "
        f"new_line = '\\n', strict_mode = true, ignore_errors = false, null_padding = false, "
        f"max_line_size = {MAX_CLEAN_LINE_BYTES}, columns = {{{spec}}})"
    )


def _insert_into(kind: FileKind) -> str:
    names = ", ".join(f'"{c}"' for c in kind.columns)
    return f'insert into {raw_table(kind)} ({names}, "_file", "_line_no", "_loaded_at", "_load_id")'


def insert_csv_records(
    conn: duckdb.DuckDBPyConnection,
    kind: FileKind,
    clean_path: Path,
    file: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Insert a clean CSV part (`line_no,line_count,<contract columns in order>`)."""
    columns = {"_line_no": "BIGINT", "_line_count": "BIGINT"}
    columns.update({f"f{i}": "VARCHAR" for i in range(len(kind.columns))})
    values = ", ".join(f"f{i}" for i in range(len(kind.columns)))
    sql = (
        f"{_insert_into(kind)} select {values}, $file, _line_no, $loaded_at, $load_id "
        f"from {_read_csv(clean_path, columns, ',', chr(34))}"
    )
    params = {"file": file, "loaded_at": loaded_at, "load_id": load_id}
    return conn.execute(sql, params).fetchone()[0]


def insert_jsonl_records(
    conn: duckdb.DuckDBPyConnection,
    kind: FileKind,
    clean_path: Path,
    file: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Insert a clean JSONL part (`line_no<US>json`); fields by key, nested ones as JSON text."""
    columns = {"_line_no": "BIGINT", "_json": "VARCHAR"}
    paths = ", ".join(_literal('$."' + c.replace('"', '\\"') + '"') for c in kind.columns)
    values = ", ".join(f"_v[{i + 1}]" for i in range(len(kind.columns)))
    sql = (
        f"{_insert_into(kind)} select {values}, $file, _line_no, $loaded_at, $load_id "
        f"from (select _line_no, json_extract_string(_json, [{paths}]) as _v "
        f"from {_read_csv(clean_path, columns, JSONL_SEPARATOR, '')})"
    )
    params = {"file": file, "loaded_at": loaded_at, "load_id": load_id}
    return conn.execute(sql, params).fetchone()[0]


def insert_quarantine(
    conn: duckdb.DuckDBPyConnection,
    quarantine_path: Path,
    file: str,
    table: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Insert quarantined lines written as CSV `line_no,line_count,reason,raw_text`."""
    columns = {
        "line_no": "BIGINT",
        "line_count": "INTEGER",
        "reason": "VARCHAR",
        "raw_text": "VARCHAR",
    }
    sql = (
        f"insert into {QUARANTINE} (file, table_name, line_no, line_count, raw_text, reason, "
        "load_id, loaded_at) select $file, $table, line_no, line_count, coalesce(raw_text, ''), "
        f"reason, $load_id, $loaded_at from {_read_csv(quarantine_path, columns, ',', chr(34))}"
    )
    params = {"file": file, "table": table, "load_id": load_id, "loaded_at": loaded_at}
    return conn.execute(sql, params).fetchone()[0]


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    table_name: str
    sha256: str
    size_bytes: int
    physical_lines: int
    header_lines: int
    rows_loaded: int
    rows_quarantined: int
    lines_loaded: int
    lines_quarantined: int
    header_note: str | None
    load_id: str
    loaded_at: dt.datetime
    seconds: float


def insert_manifest(conn: duckdb.DuckDBPyConnection, entry: ManifestEntry) -> None:
    names = list(MANIFEST_COLUMNS)
    conn.execute(
        f"insert into {MANIFEST} ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
        [getattr(entry, name) for name in names],
    )


@dataclass(frozen=True)
class LoadedFile:
    """What the manifest remembers of a loaded file, to tell a re-sent one apart."""

    table_name: str
    sha256: str
    size_bytes: int
    physical_lines: int
    loaded_at: dt.datetime  # UTC, naive: when its load began


def loaded_files(conn) -> dict[str, LoadedFile]:
    """Files in the manifest: relative path -> LoadedFile (any store's connection)."""
    rows = conn.execute(
        f"select file, table_name, sha256, size_bytes, physical_lines, loaded_at from {MANIFEST}"
    ).fetchall()
    return {file: LoadedFile(*facts) for file, *facts in rows}


def table_row_count(conn: duckdb.DuckDBPyConnection, kind: FileKind) -> int:
    return conn.execute(f"select count(*) from {raw_table(kind)}").fetchone()[0]
