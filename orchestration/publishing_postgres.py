"""Publish the marts for BI tools on PostgreSQL: copy them into new schemas, then swap.

The PostgreSQL counterpart of publishing.py's atomic file rename. Every table and view
of `marts` and `bi` is copied as a table into `<schema>_published_new`; then, in one
transaction, the old `<schema>_published` schemas are dropped and the new ones renamed
into their place. A reader sees the previous complete publication or the new one,
never half of one (during the swap, a query waits for the transaction instead of
reading a schema that is being replaced). BI users get `marts_published` (clear
personal data) and `bi_published` (masked); grant them usage on those schemas.

The profile explorer (`c360 explore`) reads the published DuckDB file and is not
built here.
"""

from __future__ import annotations

from orchestration.config import Settings
from orchestration.publishing import PUBLISHED_SCHEMAS
from orchestration.warehouse import PostgresConnection

PUBLISHED_SUFFIX = "_published"


def published_schema(schema: str) -> str:
    """Where BI tools read `schema` on PostgreSQL: marts -> marts_published."""
    return f"{schema}{PUBLISHED_SUFFIX}"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def publish_marts_postgres(settings: Settings) -> dict[str, int]:
    """Copy every table and view of the published schemas and swap them in; rows per table."""
    conn = PostgresConnection.connect(settings.postgres)
    rows: dict[str, int] = {}
    try:
        relations = conn.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in (select unnest(?)) order by 1, 2",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        schemas = sorted({schema for schema, _ in relations})
        for schema in schemas:
            new = _quoted(published_schema(schema) + "_new")
            conn.execute(f"drop schema if exists {new} cascade")
            conn.execute(f"create schema {new}")
        for schema, table in relations:
            target = f"{_quoted(published_schema(schema) + '_new')}.{_quoted(table)}"
            conn.execute(
                f"create table {target} as select * from {_quoted(schema)}.{_quoted(table)}"
            )
            rows[f"{schema}.{table}"] = conn.execute(f"select count(*) from {target}").fetchone()[0]
        conn.commit()
        # The swap: one transaction, so readers see the old schemas or the new ones.
        for schema in schemas:
            published = published_schema(schema)
            conn.execute(f"drop schema if exists {_quoted(published)} cascade")
            conn.execute(
                f"alter schema {_quoted(published + '_new')} rename to {_quoted(published)}"
            )
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
    return rows
