"""Publish the marts for BI tools on Spark: the same DuckDB file as on DuckDB.

Spark's Parquet tables cannot be swapped in atomically (no transactions, no schema
rename), so the publication is the file BI tools and the profile explorer already
read: every table and view of `marts` and `bi`, and the attributes the explorer
indexes, are read from Spark through Arrow into a temporary DuckDB file (timestamps
as naive UTC, as DuckDB's), which `publishing.publish_marts` then copies into
`published/customer360.duckdb` with its atomic rename. The Spark session ends before
the copy, so the metastore is free again.
"""

from __future__ import annotations

import os
import time

import duckdb

from orchestration.config import Settings
from orchestration.explorer.search_index import ATTRIBUTES_SOURCE
from orchestration.publishing import PUBLISHED_SCHEMAS, publish_marts


def _naive_utc(table):
    """An Arrow table with zoned timestamps turned into naive UTC ones."""
    import pyarrow as pa

    fields = [
        pa.field(f.name, pa.timestamp(f.type.unit), f.nullable)
        if pa.types.is_timestamp(f.type) and f.type.tz is not None
        else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields))


def snapshot_to_duckdb(settings: Settings, path) -> dict[str, int]:
    """Copy the published schemas (and the explorer's attributes) from Spark into `path`."""
    from orchestration.spark import SparkConnection

    rows: dict[str, int] = {}
    with SparkConnection.connect(settings.spark) as spark, duckdb.connect(str(path)) as duck:
        relations = [
            (schema, table)
            for schema in PUBLISHED_SCHEMAS
            for table in spark.list_tables(schema, base_tables_only=False)
        ]
        if ATTRIBUTES_SOURCE[1] in spark.list_tables(ATTRIBUTES_SOURCE[0]):
            relations.append(ATTRIBUTES_SOURCE)
        for schema in sorted({schema for schema, _ in relations}):
            duck.execute(f'create schema if not exists "{schema}"')
        for schema, table in relations:
            arrow = _naive_utc(spark.session.table(f"`{schema}`.`{table}`").toArrow())
            duck.register("_spark_table", arrow)
            duck.execute(f'create table "{schema}"."{table}" as select * from _spark_table')
            duck.unregister("_spark_table")
            rows[f"{schema}.{table}"] = arrow.num_rows
    return rows


def publish_marts_spark(settings: Settings) -> dict[str, int]:
    """Publish the Spark warehouse's marts as `settings.published_path`; rows per table."""
    settings.publish_dir.mkdir(parents=True, exist_ok=True)
    snapshot = settings.publish_dir / f".spark-snapshot-{os.getpid()}-{time.time_ns()}.duckdb"
    try:
        snapshot_to_duckdb(settings, snapshot)
        return publish_marts(snapshot, settings.published_path)
    finally:
        snapshot.unlink(missing_ok=True)
