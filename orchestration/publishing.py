"""Publish the marts for BI tools: copy them into a new DuckDB file, then swap it in.

Readers open `published/customer360.duckdb` read-only. A build never writes to that
file: the new copy is written beside it and moved over it with one atomic
rename, so a reader sees either the previous complete set of marts or the new
one. A reader that already has the old file open keeps reading the old file.

Tables are copied; views (the masked `bi` schema) are created again as views over
the copied tables, from their own SQL: a masked copy of every mart cost as much as
the marts themselves (the `bi` copies were about 40% of the publication at 100,000
persons). The views carry the privacy salt in their SQL, as the warehouse does; the
file holds the clear marts too, so it is no barrier either way. The tables the profile
explorer reads one customer at a time are written in customer order, and the
`explorer` schema (its search index, orchestration/explorer/search_index.py) is built
in the new file before the swap.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

from orchestration.config import load_settings
from orchestration.explorer.search_index import (
    EXPLORER_INPUTS,
    LOOKUP_ORDER,
    build_explorer_tables,
)

PUBLISHED_SCHEMAS = ("marts", "bi")


def publish_marts(warehouse_path: Path, published_path: Path) -> dict[str, int]:
    """Copy every table and re-create every view of the published schemas; return rows."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    staging_path = published_path.with_name(
        f".{published_path.stem}-{os.getpid()}-{time.time_ns()}.duckdb"
    )
    rows: dict[str, int] = {}
    try:
        settings = load_settings()
        # bounded like the builds: sorting and the explorer index spill instead of filling RAM
        config = {
            "memory_limit": settings.duckdb_memory_limit,
            "threads": settings.duckdb_threads,
        }
        with duckdb.connect(str(staging_path), config=config) as conn:
            conn.execute(f"attach '{warehouse_path}' as src (read_only)")
            relations = conn.execute(
                "select table_schema, table_name, table_type from information_schema.tables "
                "where table_catalog = 'src' and table_schema in (select unnest(?)) "
                "order by 1, 2",
                [list(PUBLISHED_SCHEMAS)],
            ).fetchall()
            tables = [(schema, name) for schema, name, kind in relations if kind != "VIEW"]
            views = [(schema, name) for schema, name, kind in relations if kind == "VIEW"]
            for schema in sorted({schema for schema, _, _ in relations}):
                conn.execute(f'create schema "{schema}"')
            for schema, table in tables:
                conn.execute(
                    f'create table "{schema}"."{table}" as select * from src."{schema}"."{table}"'
                    + (f' order by "{LOOKUP_ORDER[table]}"' if table in LOOKUP_ORDER else "")
                )
                rows[f"{schema}.{table}"] = conn.execute(
                    f'select count(*) from "{schema}"."{table}"'
                ).fetchone()[0]
            for schema, view in views:
                conn.execute(view_sql(conn, schema, view))
            if {("marts", name) for name in EXPLORER_INPUTS} <= set(tables):
                rows.update(build_explorer_tables(conn, source="src"))
            conn.execute("detach src")
            for schema, view in views:
                # binds the view again without the warehouse: a view that reached
                # into an unpublished schema fails here, before the swap
                rows[f"{schema}.{view}"] = conn.execute(
                    f'select count(*) from "{schema}"."{view}"'
                ).fetchone()[0]
            conn.execute("checkpoint")
        os.replace(staging_path, published_path)
    finally:
        staging_path.unlink(missing_ok=True)
    return rows


def view_sql(conn: duckdb.DuckDBPyConnection, schema: str, view: str) -> str:
    """The warehouse's own `create view` statement; its tables resolve in the new file.

    dbt-duckdb writes references without the database name (`marts.customer_360`),
    so the statement binds to the copied tables of the file it is run in.
    """
    found = conn.execute(
        "select sql from duckdb_views() where database_name = 'src' "
        "and schema_name = ? and view_name = ?",
        [schema, view],
    ).fetchone()
    if found is None:
        raise LookupError(f"view {schema}.{view} has no SQL in the warehouse")
    return found[0]
