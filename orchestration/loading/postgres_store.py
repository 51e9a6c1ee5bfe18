"""PostgreSQL side of a load: COPY the triage's clean files into the raw tables.

The same clean parts DuckDB reads (see `triage`) go through `COPY ... FROM STDIN`
(the client streams the file, so the server needs no access to it) into a temporary
table of the part's shape, and from there into the raw table with the lineage
columns. Functions and results match `duckdb_store`, so `loader.load_file` runs
unchanged: the caller compares the rows inserted with the triage's count and rolls
back on any difference.

What differs from DuckDB, and why:

- CSV: `FORCE_NULL` on every field, so an empty field is NULL whether quoted or not
  (the contract; PostgreSQL would otherwise read `""` as an empty string).
- JSONL: `FORMAT csv` with the unit separator as delimiter and a control character
  that valid JSON cannot contain as quote, so the JSON text arrives untouched;
  `json_to_record` then takes every contract key in one parse. A JSON string arrives
  as its text and any other value as its JSON text as written in the file (`12.50`
  stays `12.50`, nested `items` keep their spacing; DuckDB writes `12.5` and compact
  JSON), which staging parses alike. A duplicated key takes its last occurrence
  (DuckDB: the first).
- PostgreSQL text cannot hold the NUL character: a record carrying one (a raw NUL
  in a CSV field, `\\u0000` in a JSON string) makes COPY fail and the file is not
  loaded (nothing of it is kept), rather than changing the value.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from orchestration.contract import FileKind
from orchestration.loading.duckdb_store import (  # the same manifest read on every engine
    ManifestEntry,
    loaded_files,  # noqa: F401
)
from orchestration.loading.schema import MANIFEST, MANIFEST_COLUMNS, QUARANTINE, raw_table
from orchestration.warehouse import PostgresConnection

# COPY options of the clean files; E'' strings because the separators are control characters.
_CSV = "format csv, delimiter ',', quote '\"', escape '\"', encoding 'UTF8'"
_JSONL = "format csv, delimiter E'\\x1f', quote E'\\x01', escape E'\\x01', encoding 'UTF8'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _staging_table(conn: PostgresConnection, name: str, columns: dict[str, str]) -> str:
    """An empty temporary table of a clean part's shape (kept for the session)."""
    body = ", ".join(f"{_identifier(column)} {sql_type}" for column, sql_type in columns.items())
    conn.execute(f"create temporary table if not exists {name} ({body})")
    conn.execute(f"truncate {name}")
    return name


def _insert_into(kind: FileKind) -> str:
    names = ", ".join(_identifier(c) for c in kind.columns)
    return f'insert into {raw_table(kind)} ({names}, "_file", "_line_no", "_loaded_at", "_load_id")'


def _copy(conn: PostgresConnection, table: str, path: Path, options: str, columns=()) -> int:
    force_null = f", force_null ({', '.join(columns)})" if columns else ""
    with path.open("rb") as source:
        return conn.copy_from(f"copy {table} from stdin with ({options}{force_null})", source)


def insert_csv_records(
    conn: PostgresConnection,
    kind: FileKind,
    clean_path: Path,
    file: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Insert a clean CSV part (`line_no,line_count,<contract columns in order>`)."""
    fields = [f"f{i}" for i in range(len(kind.columns))]
    columns = {"_line_no": "bigint", "_line_count": "bigint"}
    columns.update({field: "text" for field in fields})
    staged = _staging_table(conn, f"_c360_csv_part_{len(fields)}", columns)
    _copy(conn, staged, clean_path, _CSV, fields)
    cursor = conn.execute(
        f"{_insert_into(kind)} select {', '.join(fields)}, $file, _line_no, $loaded_at, $load_id "
        f"from {staged}",
        {"file": file, "loaded_at": loaded_at, "load_id": load_id},
    )
    return cursor.rowcount


def insert_jsonl_records(
    conn: PostgresConnection,
    kind: FileKind,
    clean_path: Path,
    file: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Insert a clean JSONL part (`line_no<US>json`); fields by key, nested ones as JSON text."""
    staged = _staging_table(conn, "_c360_jsonl_part", {"_line_no": "bigint", "_json": "text"})
    _copy(conn, staged, clean_path, _JSONL)
    record = ", ".join(f"{_identifier(c)} text" for c in kind.columns)
    values = ", ".join(f"record.{_identifier(c)}" for c in kind.columns)
    cursor = conn.execute(
        f"{_insert_into(kind)} select {values}, $file, part._line_no, $loaded_at, $load_id "
        f"from {staged} as part cross join lateral "
        f"json_to_record(cast(part._json as json)) as record ({record})",
        {"file": file, "loaded_at": loaded_at, "load_id": load_id},
    )
    return cursor.rowcount


def insert_quarantine(
    conn: PostgresConnection,
    quarantine_path: Path,
    file: str,
    table: str,
    load_id: str,
    loaded_at: dt.datetime,
) -> int:
    """Insert quarantined lines written as CSV `line_no,line_count,reason,raw_text`."""
    staged = _staging_table(
        conn,
        "_c360_quarantine_part",
        {"line_no": "bigint", "line_count": "integer", "reason": "text", "raw_text": "text"},
    )
    _copy(conn, staged, quarantine_path, _CSV)
    cursor = conn.execute(
        f"insert into {QUARANTINE} (file, table_name, line_no, line_count, raw_text, reason, "
        "load_id, loaded_at) select $file, $table, line_no, line_count, coalesce(raw_text, ''), "
        f"reason, $load_id, $loaded_at from {staged}",
        {"file": file, "table": table, "load_id": load_id, "loaded_at": loaded_at},
    )
    return cursor.rowcount


def insert_manifest(conn: PostgresConnection, entry: ManifestEntry) -> None:
    names = list(MANIFEST_COLUMNS)
    conn.execute(
        f"insert into {MANIFEST} ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
        [getattr(entry, name) for name in names],
    )


def table_row_count(conn: PostgresConnection, kind: FileKind) -> int:
    return conn.execute(f"select count(*) from {raw_table(kind)}").fetchone()[0]
