"""Publish the marts for BI tools: copy them into a new DuckDB file, then swap it in.

Readers open `published/customer360.duckdb` read-only. A build never writes to that
file: the new copy is written beside it and moved over it with one atomic
rename, so a reader sees either the previous complete set of marts or the new
one. A reader that already has the old file open keeps reading the old file.

Tables are copied (from the second publication on, a copy of the previous file is
brought up to date instead: orchestration/publication_patch.py); views (the masked
`bi` schema) are created again as views over the copied tables, from their own SQL: a
masked copy of every mart cost as much as the marts themselves (the `bi` copies were
about 40% of the publication at 100,000 persons). The views carry the privacy salt in
their SQL, as the warehouse does; the file holds the clear marts too, so it is no
barrier either way. The tables the profile explorer reads one customer at a time are
written in customer order, and the `explorer` schema (its search index,
orchestration/explorer/search_index.py) is built in the new file before the swap.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.config import load_settings
from orchestration.explorer.search_index import EXPLORER_INPUTS, build_explorer_tables
from orchestration.explorer.search_index import SCHEMA as EXPLORER_SCHEMA
from orchestration.publication_patch import (
    REWRITE_EVERY,
    TableUpdate,
    create_state_table,
    patched_publications,
    record_publication,
    update_table,
)

PUBLISHED_SCHEMAS = ("marts", "bi")
logger = logging.getLogger(__name__)


@dataclass
class Publication:
    """Rows per published relation, and how each table got there (publication_patch)."""

    rows: dict[str, int] = field(default_factory=dict)
    updates: dict[str, TableUpdate] = field(default_factory=dict)
    from_previous: bool = False


def publish_marts(warehouse_path: Path, published_path: Path) -> dict[str, int]:
    """Publish the marts (see `publish`); return rows per published relation."""
    return publish(warehouse_path, published_path).rows


def publish(warehouse_path: Path, published_path: Path) -> Publication:
    """Write the new publication beside the old one, from a copy of it when it can be
    patched (publication_patch), and swap it in."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_copies(published_path)
    patched_before = _patched_before(published_path)
    if patched_before is not None and patched_before + 1 < REWRITE_EVERY:
        try:
            return _write(warehouse_path, published_path, patched_before + 1)
        except duckdb.Error as error:
            # whatever in the previous file stopped the patch, a publication from
            # scratch does not read it; a fault of the warehouse fails again below
            logger.warning("patching the previous publication failed (%s); from scratch", error)
    return _write(warehouse_path, published_path, None)


def _write(warehouse_path: Path, published_path: Path, patched_in_a_row: int | None) -> Publication:
    """The publication from scratch (`patched_in_a_row` None) or from a copy of the
    previous file, written beside it and then swapped in."""
    staging_path = published_path.with_name(
        f".{published_path.stem}-{os.getpid()}-{time.time_ns()}.duckdb"
    )
    publication = Publication(from_previous=patched_in_a_row is not None)
    try:
        settings = load_settings()
        # bounded like the builds: sorting and the explorer index spill instead of filling RAM
        config = {
            "memory_limit": settings.duckdb_memory_limit,
            "threads": settings.duckdb_threads,
        }
        if publication.from_previous:
            shutil.copyfile(published_path, staging_path)
        with duckdb.connect(str(staging_path), config=config) as conn:
            conn.execute(f"attach '{warehouse_path}' as src (read_only)")
            tables, views = _published_relations(conn, "src")
            _drop_what_is_rebuilt(conn, tables)
            for schema in sorted({schema for schema, _ in tables + views}):
                conn.execute(f'create schema if not exists "{schema}"')
            create_state_table(conn)
            for schema, table in tables:
                publication.updates[f"{schema}.{table}"] = update_table(conn, "src", schema, table)
                publication.rows[f"{schema}.{table}"] = conn.execute(
                    f'select count(*) from "{schema}"."{table}"'
                ).fetchone()[0]
            for schema, view in views:
                conn.execute(view_sql(conn, schema, view))
            if {("marts", name) for name in EXPLORER_INPUTS} <= set(tables):
                publication.rows.update(build_explorer_tables(conn, source="src"))
            else:
                conn.execute(f"drop schema if exists {EXPLORER_SCHEMA} cascade")
            conn.execute("detach src")
            record_publication(conn, patched_in_a_row or 0)
            for schema, view in views:
                # binds the view again without the warehouse: a view that reached
                # into an unpublished schema fails here, before the swap
                publication.rows[f"{schema}.{view}"] = conn.execute(
                    f'select count(*) from "{schema}"."{view}"'
                ).fetchone()[0]
            conn.execute("checkpoint")
        os.replace(staging_path, published_path)
    finally:
        for leftover in (staging_path, Path(f"{staging_path}.wal")):
            leftover.unlink(missing_ok=True)
    return publication


def _remove_abandoned_copies(published_path: Path) -> None:
    """Delete the half-written copies of publishers that died (`.<stem>-<pid>-<ns>.duckdb`)."""
    for path in published_path.parent.glob(f".{published_path.stem}-*-*.duckdb*"):
        pid = path.name.split("-")[-2]
        if pid.isdigit() and not _process_alive(int(pid)):
            path.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _patched_before(published_path: Path) -> int | None:
    """Publications patched in a row into the previous file, or None: no usable file."""
    if not published_path.exists():
        return None
    try:
        with duckdb.connect(str(published_path), read_only=True) as conn:
            return patched_publications(conn)
    except duckdb.Error:
        # written by another DuckDB version, or damaged: publish from scratch
        return None


def _published_relations(
    conn: duckdb.DuckDBPyConnection, source: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Tables and views of the warehouse's published schemas."""
    relations = conn.execute(
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_catalog = ? and table_schema in (select unnest(?)) order by 1, 2",
        [source, list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    tables = [(schema, name) for schema, name, kind in relations if kind != "VIEW"]
    views = [(schema, name) for schema, name, kind in relations if kind == "VIEW"]
    return tables, views


def _drop_what_is_rebuilt(conn: duckdb.DuckDBPyConnection, tables: list[tuple[str, str]]) -> None:
    """In a copy of the previous publication: drop its views (made again every time) and
    the tables the warehouse no longer has. The explorer's tables are replaced by
    build_explorer_tables (its attributes patched)."""
    current = conn.execute("select current_database()").fetchone()[0]
    for schema, name, kind in conn.execute(
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_catalog = ? and table_schema in (select unnest(?))",
        [current, list(PUBLISHED_SCHEMAS)],
    ).fetchall():
        if kind == "VIEW":
            conn.execute(f'drop view "{schema}"."{name}"')
        elif (schema, name) not in tables:
            conn.execute(f'drop table "{schema}"."{name}"')


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
