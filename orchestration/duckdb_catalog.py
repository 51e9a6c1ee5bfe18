"""Questions to a DuckDB catalog shared by publishing and the explorer's tables."""

from __future__ import annotations

import duckdb


def has_table(conn: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> bool:
    """Whether `catalog.schema.table` exists (a table or a view) for `conn`."""
    return bool(
        conn.execute(
            "select count(*) from information_schema.tables "
            "where table_catalog = ? and table_schema = ? and table_name = ?",
            [catalog, schema, table],
        ).fetchone()[0]
    )
