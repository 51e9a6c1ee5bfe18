"""One way to open the warehouse of the configured target, whatever its engine.

DuckDB's connection API (`conn.execute(sql, params).fetchall()`, `?` and `$name`
placeholders) is what the loader, the reconciliation and the Dagster checks are
written against; on PostgreSQL `PostgresConnection` offers the same small part of
it over psycopg2, on Spark `SparkConnection` over a local SparkSession. Nothing here
connects at import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from orchestration.config import PostgresSettings, Settings

_NAMED = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def translate_placeholders(
    sql: str, params: Sequence[Any] | Mapping[str, Any] | None
) -> tuple[str, Any]:
    """DuckDB placeholders (`?`, `$name`) as psycopg2's (`%s`, `%(name)s`)."""
    if params is None:
        return sql, None
    sql = sql.replace("%", "%%")
    if isinstance(params, Mapping):
        return _NAMED.sub(r"%(\1)s", sql), dict(params)
    return sql.replace("?", "%s"), list(params)


class PostgresConnection:
    """psycopg2 behind the DuckDB-style calls the project makes.

    psycopg2 opens a transaction at the first statement, so `begin` has nothing to do;
    `commit` and `rollback` end it. `read_only` connections run in autocommit.
    """

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    @classmethod
    def connect(cls, settings: PostgresSettings, read_only: bool = False) -> PostgresConnection:
        import psycopg2

        raw = psycopg2.connect(**settings.connect_args, application_name="customer360")
        if read_only:
            raw.set_session(readonly=True, autocommit=True)
        return cls(raw)

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None):
        cursor = self.raw.cursor()
        cursor.execute(*translate_placeholders(sql, params))
        return cursor

    def copy_from(self, sql: str, source: IO[bytes]) -> int:
        """`COPY ... FROM STDIN` fed from a binary file; the rows copied."""
        cursor = self.raw.cursor()
        cursor.copy_expert(sql, source)
        return cursor.rowcount

    def begin(self) -> None:
        """Nothing to do: psycopg2 opens a transaction at the first statement."""

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> PostgresConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(settings: Settings, read_only: bool = False, duckdb_path: Path | None = None):
    """A connection to the target's warehouse (DuckDB file, PostgreSQL database, Spark).

    `duckdb_path` overrides the DuckDB file (callers that were handed a path).
    """
    if settings.engine == "postgres":
        return PostgresConnection.connect(settings.postgres, read_only=read_only)
    if settings.engine == "duckdb":
        import duckdb

        path = duckdb_path or settings.warehouse_path
        return duckdb.connect(str(path), read_only=read_only)
    if settings.engine == "spark":
        from orchestration.spark import SparkConnection

        return SparkConnection.connect(settings.spark)
    raise NotImplementedError(f"no Python connection for the {settings.engine} target")


def list_tables(conn, schema: str, base_tables_only: bool = True) -> list[str]:
    """Tables (and views, unless `base_tables_only`) of a schema, by name, on any engine."""
    if hasattr(conn, "list_tables"):  # SparkConnection: Spark has no information_schema
        return conn.list_tables(schema, base_tables_only)
    kinds = "('BASE TABLE')" if base_tables_only else "('BASE TABLE', 'VIEW')"
    rows = conn.execute(
        "select table_name from information_schema.tables "
        f"where table_schema = ? and table_type in {kinds} order by table_name",
        [schema],
    ).fetchall()
    return [name for (name,) in rows]
