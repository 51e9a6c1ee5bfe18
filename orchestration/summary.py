"""The short summary printed at the end of a run: rows per table, quarantine, time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.config import Settings

LAYERS = ("raw", "staging", "intermediate", "marts")


@dataclass(frozen=True)
class TableCount:
    schema: str
    table: str
    rows: int


def warehouse_summary(warehouse_path: Path) -> list[TableCount]:
    """Row counts of every table in the layer schemas of a DuckDB file (read-only)."""
    if not warehouse_path.exists():
        return []
    with duckdb.connect(str(warehouse_path), read_only=True) as conn:
        return _counts(conn)


def target_summary(settings: Settings) -> list[TableCount]:
    """`warehouse_summary` of the warehouse of the settings' target (C360_TARGET)."""
    if settings.engine == "duckdb":
        return warehouse_summary(settings.warehouse_path)
    from orchestration.warehouse import connect

    with connect(settings, read_only=True) as conn:
        return _counts(conn)


def _counts(conn) -> list[TableCount]:
    if hasattr(conn, "list_tables"):  # Spark: no information_schema
        tables = [(schema, table) for schema in LAYERS for table in conn.list_tables(schema)]
    else:
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in (select unnest(?)) and table_type = 'BASE TABLE' "
            "order by table_schema, table_name",
            [list(LAYERS)],
        ).fetchall()
    return [
        TableCount(
            schema,
            table,
            conn.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0],
        )
        for schema, table in tables
    ]


def format_summary(counts: list[TableCount], seconds: float, ok: bool) -> str:
    lines = ["", "run " + ("succeeded" if ok else "FAILED") + f" in {seconds:.1f}s"]
    for layer in LAYERS:
        rows = [c for c in counts if c.schema == layer]
        if not rows:
            continue
        lines.append(f"{layer}: {len(rows)} tables, {sum(c.rows for c in rows):,} rows")
        lines.extend(f"  {c.table:<40} {c.rows:>12,}" for c in rows)
    quarantined = sum(c.rows for c in counts if c.schema == "raw" and c.table == "_quarantine")
    lines.append(f"rows quarantined: {quarantined:,}")
    return "\n".join(lines)
