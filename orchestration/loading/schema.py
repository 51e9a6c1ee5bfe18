"""The raw schema: one table per file kind, the quarantine and the load manifest.

Types are written as DuckDB spells them; `ensure_raw_tables(conn, "postgres")` spells
them the PostgreSQL way (the only difference: DOUBLE is DOUBLE PRECISION there) and
`ensure_raw_tables(conn, "spark")` the Spark way (VARCHAR is STRING; Parquet tables
without NOT NULL or PRIMARY KEY, which Spark does not enforce on them: the loader
writes no NULL there and the manifest's file key is checked by reconcile's recount).
"""

from __future__ import annotations

import duckdb

from orchestration.contract import FILE_KINDS, LINEAGE_COLUMNS, FileKind

RAW_SCHEMA = "raw"
QUARANTINE = f"{RAW_SCHEMA}._quarantine"
MANIFEST = f"{RAW_SCHEMA}._load_manifest"
ERASURE_PURGED = f"{RAW_SCHEMA}._erasure_purged"

LINEAGE_TYPES = {
    "_file": "VARCHAR NOT NULL",  # path relative to the landing root, with `/`
    "_line_no": "BIGINT NOT NULL",  # physical line of the record's first line (header = 1)
    "_loaded_at": "TIMESTAMP NOT NULL",  # UTC
    "_load_id": "VARCHAR NOT NULL",
}
assert tuple(LINEAGE_TYPES) == LINEAGE_COLUMNS

QUARANTINE_COLUMNS = {
    "file": "VARCHAR NOT NULL",
    "table_name": "VARCHAR NOT NULL",
    "line_no": "BIGINT NOT NULL",
    "line_count": "INTEGER NOT NULL",
    "raw_text": "VARCHAR NOT NULL",
    "reason": "VARCHAR NOT NULL",
    "load_id": "VARCHAR NOT NULL",
    "loaded_at": "TIMESTAMP NOT NULL",
}

MANIFEST_COLUMNS = {
    "file": "VARCHAR PRIMARY KEY",
    "table_name": "VARCHAR NOT NULL",
    "sha256": "VARCHAR NOT NULL",
    "size_bytes": "BIGINT NOT NULL",
    "physical_lines": "BIGINT NOT NULL",
    "header_lines": "INTEGER NOT NULL",
    "rows_loaded": "BIGINT NOT NULL",
    "rows_quarantined": "BIGINT NOT NULL",
    "lines_loaded": "BIGINT NOT NULL",
    "lines_quarantined": "BIGINT NOT NULL",
    "header_note": "VARCHAR",
    "load_id": "VARCHAR NOT NULL",
    "loaded_at": "TIMESTAMP NOT NULL",
    "seconds": "DOUBLE NOT NULL",
}


# Lines removed by an erasure (macros/privacy/purge_erased_persons.sql): where they
# were, never what they said, so reconcile still accounts for every line.
ERASURE_PURGED_COLUMNS = {
    "table_name": "VARCHAR",
    "file": "VARCHAR",
    "line_no": "BIGINT",
    "line_count": "INTEGER",
    "purged_from": "VARCHAR",  # 'raw' or 'quarantine'
    "purged_at": "TIMESTAMP",
}


# PostgreSQL's and Spark's names of the DuckDB types above that they spell differently.
POSTGRES_TYPES = {"DOUBLE": "DOUBLE PRECISION"}
SPARK_TYPES = {"VARCHAR": "STRING"}


class RawSchemaError(RuntimeError):
    """An existing raw table does not have the columns the contract gives it."""


def raw_table(kind: FileKind) -> str:
    return f'{RAW_SCHEMA}."{kind.table}"'


def raw_columns(kind: FileKind) -> dict[str, str]:
    return {**{column: "VARCHAR" for column in kind.columns}, **LINEAGE_TYPES}


def _spelled(sql_type: str, dialect: str) -> str:
    if dialect == "spark":
        first = sql_type.split(" ")[0]
        return SPARK_TYPES.get(first, first)
    if dialect == "postgres":
        first, _, rest = sql_type.partition(" ")
        return " ".join(filter(None, (POSTGRES_TYPES.get(first, first), rest)))
    return sql_type


def _create(name: str, columns: dict[str, str], dialect: str = "duckdb") -> str:
    body = ",\n  ".join(
        f'"{column}" {_spelled(sql_type, dialect)}' for column, sql_type in columns.items()
    )
    using = " using parquet" if dialect == "spark" else ""
    return f"create table if not exists {name} (\n  {body}\n){using}"


def _existing_columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    if hasattr(conn, "session"):  # SparkConnection: Spark has no information_schema
        return conn.session.table(f"{RAW_SCHEMA}.`{table}`").columns
    rows = conn.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [RAW_SCHEMA, table],
    ).fetchall()
    return [row[0] for row in rows]


def ensure_raw_tables(conn: duckdb.DuckDBPyConnection, dialect: str = "duckdb") -> None:
    """Create the raw schema and every raw table that is missing; check the ones that exist.

    All 13 raw tables exist afterwards, empty if nothing was loaded yet, so downstream
    sources can always read them. Raises RawSchemaError if an existing table's columns
    differ from the contract's (a changed contract needs a migration, not a silent load).
    `dialect` is "duckdb", "postgres" (then `conn` is a warehouse.PostgresConnection) or
    "spark" (a spark.SparkConnection).
    """
    conn.execute(f"create schema if not exists {RAW_SCHEMA}")
    wanted = {kind.table: raw_columns(kind) for kind in FILE_KINDS}
    wanted["_quarantine"] = QUARANTINE_COLUMNS
    wanted["_load_manifest"] = MANIFEST_COLUMNS
    wanted["_erasure_purged"] = ERASURE_PURGED_COLUMNS
    for table, columns in wanted.items():
        conn.execute(_create(f'{RAW_SCHEMA}."{table}"', columns, dialect))
        existing = _existing_columns(conn, table)
        if existing != list(columns):
            raise RawSchemaError(
                f"{RAW_SCHEMA}.{table} has columns {existing}, the loader expects "
                f"{list(columns)}; migrate or drop the table"
            )
