"""Bring a copy of the previous publication up to date instead of copying every mart again.

A daily run changes a small share of the rows of the big per-customer tables
(`fct_touchpoints`, `identity_edges`, ...), yet a publication copied and re-sorted
them whole: at 1,000,000 persons that was most of the publish step. Publishing now
starts from a byte copy of the previous published file when one exists and then,
table by table:

- a table whose columns changed, or that has no customer key, is copied again;
- a table keyed by customer (`KEY_COLUMNS`) is compared with the warehouse customer by
  customer: row count and sum of row hashes per key, computed on the warehouse and
  compared with those stored by the last patched publication
  (`_publication."<schema>__<table>__by_<key>"`; after a publication from scratch,
  computed on the published table). The rows of the customers that differ are deleted and
  inserted again from the warehouse, in key order, so a lookup reads one row group of
  the sorted body and one of each appended run;
- the table is copied again instead when more than `MAX_CHANGED_SHARE` of its keys
  differ, or when the rows appended since its last full copy would pass
  `MAX_APPENDED_SHARE` of the table (the appended runs would slow the lookups).

An erased person's rows go with the first publication after the purge (their keys
differ from the warehouse's). DuckDB does not overwrite deleted rows at once, in this
file as in the warehouse: their bytes may stay in blocks until reused. So every
`REWRITE_EVERY`-th publication is written from scratch, which bounds how long any
deleted row can stay in the published file's blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from orchestration.duckdb_catalog import has_table
from orchestration.explorer.search_index import LOOKUP_ORDER

# Tables keyed by customer that publishing patches, and the key (the sort column for the
# explorer's tables; `customer_id` for the rest).
KEY_COLUMNS = {
    **LOOKUP_ORDER,
    "customer_daily_activity": "customer_id",
    "fct_orders": "customer_id",
    "fct_order_lines": "customer_id",
    "fct_email_sends": "customer_id",
    "fct_survey_responses": "customer_id",
}
REWRITE_EVERY = 7
MAX_CHANGED_SHARE = 0.5
MAX_APPENDED_SHARE = 0.3
# rows appended per table since its last full copy; kept in the published file
STATE_SCHEMA = "_publication"
STATE_TABLE = f"{STATE_SCHEMA}.appended_rows"


@dataclass(frozen=True)
class TableUpdate:
    """What publishing did to one table: `copied` whole, `unchanged`, or `patched` (the
    keys that differed and the rows inserted for them)."""

    how: str
    keys_changed: int = 0
    rows_inserted: int = 0


def patched_publications(conn: duckdb.DuckDBPyConnection) -> int:
    """Publications patched in a row into the file `conn` writes since it was last
    written from scratch (0 for a file from scratch, or from before patching)."""
    if not has_table(conn, _current(conn), STATE_SCHEMA, "publications"):
        return 0
    return conn.execute(f"select patched_in_a_row from {STATE_SCHEMA}.publications").fetchone()[0]


def record_publication(conn: duckdb.DuckDBPyConnection, patched_in_a_row: int) -> None:
    conn.execute(f"create schema if not exists {STATE_SCHEMA}")
    conn.execute(
        f"create or replace table {STATE_SCHEMA}.publications as "
        "select cast(? as integer) as patched_in_a_row",
        [patched_in_a_row],
    )


def create_state_table(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the table of appended rows in the file `conn` writes when it is not there:
    once per publication, before its tables are updated (update_table, update_table_from_query)."""
    conn.execute(f"create schema if not exists {STATE_SCHEMA}")
    conn.execute(
        f"create table if not exists {STATE_TABLE} "
        "(table_schema varchar, table_name varchar, rows_appended bigint)"
    )


def update_table(
    conn: duckdb.DuckDBPyConnection, source: str, schema: str, table: str
) -> TableUpdate:
    """Make `schema.table` of the file `conn` writes equal the warehouse's (see module doc)."""
    return sync_table(
        conn,
        schema,
        table,
        f'{source}."{schema}"."{table}"',
        _columns(conn, source, schema, table),
        KEY_COLUMNS.get(table),
        LOOKUP_ORDER.get(table),
    )


def update_table_from_query(
    conn: duckdb.DuckDBPyConnection, schema: str, table: str, query: str, key: str, order_by: str
) -> TableUpdate:
    """The same for a table the file makes from a query (the explorer's attributes)."""
    conn.execute(f"create or replace temp view sync_source as {query}")
    return sync_table(
        conn,
        schema,
        table,
        "temp.main.sync_source",
        _columns(conn, "temp", "main", "sync_source"),
        key,
        order_by,
    )


def sync_table(
    conn: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    source: str,
    source_columns: list[tuple[str, str]],
    key: str | None,
    order_by: str | None,
) -> TableUpdate:
    """Make `schema.table` hold the rows of relation `source`: patched by `key` when the
    table is there with the same columns, copied (in `order_by` order) otherwise."""
    target = f'"{schema}"."{table}"'
    # the key in the name: fingerprints grouped by another column are not compared
    stored_name = f"{schema}__{table}__by_{key}"
    stored = f'{STATE_SCHEMA}."{stored_name}"'
    if key not in {name for name, _ in source_columns} or (
        _columns(conn, _current(conn), schema, table) != source_columns
    ):
        # new, changed or unkeyed: nothing to compare with. No fingerprints either (a
        # publication from scratch does not pay for them; the next one computes both sides)
        conn.execute(f"drop table if exists {stored}")
        return _copy(conn, source, schema, table, order_by)

    conn.execute(f"create or replace temp table fresh_keys as {_fingerprints(source, key)}")
    published = (
        stored
        if _stored_fingerprints_match(conn, stored, stored_name, target)
        else f"({_fingerprints(target, key)})"
    )
    update = _patch(conn, source, schema, table, key, order_by, published)
    conn.execute(f"create or replace table {stored} as select * from fresh_keys")
    return update


def _stored_fingerprints_match(
    conn: duckdb.DuckDBPyConnection, stored: str, stored_name: str, target: str
) -> bool:
    """Stored fingerprints exist and count the rows the table holds (a table replaced by
    other means since, e.g. made empty, is fingerprinted again from its rows)."""
    if not has_table(conn, _current(conn), STATE_SCHEMA, stored_name):
        return False
    stored_rows, rows = conn.execute(
        f"select (select coalesce(sum(n), 0) from {stored}), (select count(*) from {target})"
    ).fetchone()
    return stored_rows == rows


def _fingerprints(relation: str, key: str) -> str:
    """Per key: rows and the sum of the rows' hashes."""
    return (
        f'select "{key}" as k, count(*) as n, sum(hash(t)) as h from {relation} as t group by all'
    )


def _patch(
    conn: duckdb.DuckDBPyConnection,
    source: str,
    schema: str,
    table: str,
    key: str,
    order_by: str | None,
    published: str,
) -> TableUpdate:
    """Replace the rows of the keys whose fingerprints differ (or copy, see module doc)."""
    target = f'"{schema}"."{table}"'
    conn.execute(
        f"""
        create or replace temp table changed_keys as
        select coalesce(fresh.k, published.k) as k, coalesce(fresh.n, 0) as fresh_rows
        from fresh_keys as fresh
        full join {published} as published on fresh.k is not distinct from published.k
        where fresh.n is distinct from published.n or fresh.h is distinct from published.h
        """
    )
    keys_changed, rows_fresh = conn.execute(
        "select count(*), coalesce(sum(fresh_rows), 0) from changed_keys"
    ).fetchone()
    if keys_changed == 0:
        return TableUpdate("unchanged")
    keys_total, rows_total = conn.execute(
        "select count(*), coalesce(sum(n), 0) from fresh_keys"
    ).fetchone()
    appended = _appended_rows(conn, schema, table) + rows_fresh
    if keys_changed > MAX_CHANGED_SHARE * keys_total or appended > MAX_APPENDED_SHARE * rows_total:
        return _copy(conn, source, schema, table, order_by)

    changed = (
        f'("{key}" in (select k from changed_keys where k is not null)'
        f' or ("{key}" is null and exists (select 1 from changed_keys where k is null)))'
    )
    conn.execute(f"delete from {target} where {changed}")
    conn.execute(
        f"insert into {target} select * from {source} where {changed}"
        + (f' order by "{order_by}"' if order_by else "")
    )
    _record_appended(conn, schema, table, appended)
    return TableUpdate("patched", keys_changed, rows_fresh)


def _copy(
    conn: duckdb.DuckDBPyConnection, source: str, schema: str, table: str, order_by: str | None
) -> TableUpdate:
    conn.execute(
        f'create or replace table "{schema}"."{table}" as select * from {source}'
        + (f' order by "{order_by}"' if order_by else "")
    )
    _record_appended(conn, schema, table, 0)
    return TableUpdate("copied")


def _appended_rows(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> int:
    if not has_table(conn, _current(conn), *STATE_TABLE.split(".")):
        return 0  # a publication from before patching: nothing appended
    found = conn.execute(
        f"select rows_appended from {STATE_TABLE} where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return found[0] if found else 0


def _record_appended(conn: duckdb.DuckDBPyConnection, schema: str, table: str, rows: int) -> None:
    conn.execute(
        f"delete from {STATE_TABLE} where table_schema = ? and table_name = ?", [schema, table]
    )
    conn.execute(f"insert into {STATE_TABLE} values (?, ?, ?)", [schema, table, rows])


def _current(conn: duckdb.DuckDBPyConnection) -> str:
    return conn.execute("select current_database()").fetchone()[0]


def _columns(
    conn: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str
) -> list[tuple[str, str]]:
    return conn.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [catalog, schema, table],
    ).fetchall()
