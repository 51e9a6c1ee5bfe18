"""Checks Dagster runs beside the dbt tests: identity-graph health and row-count swings.

Both read the warehouse of the configured target read-only after the step that
built their tables. Row counts are compared with the last published copy of the
marts, which is the previous run that passed every check (DuckDB: the published
file; PostgreSQL: the marts_published schema).
"""

import duckdb
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    asset_check,
    multi_asset_check,
)

from orchestration.config import Settings, load_settings
from orchestration.load_checks import row_count_swing
from orchestration.warehouse import connect

CLUSTER_STATS = AssetKey(["marts", "identity_cluster_stats"])
SWING_WATCHED = ("customer_360", "customer_xref", "fct_orders", "fct_touchpoints")
SIZE_BUCKETS = (
    "case when record_count = 1 then '1' when record_count <= 5 then '2-5' "
    "when record_count <= 20 then '6-20' when record_count <= 100 then '21-100' else '>100' end"
)


def _markdown_table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join(f"{v:,}" if isinstance(v, int) else str(v) for v in row) + " |"
        for row in rows
    ]
    return "\n".join(lines)


@asset_check(
    asset=CLUSTER_STATS,
    name="identity_graph_health",
    blocking=True,
    description=(
        "Largest cluster, share of records in large clusters (blocks the marts above "
        "C360_MAX_LARGE_CLUSTER_SHARE), links dropped by guardrails, merges and splits "
        "of this run, and the cluster-size distribution."
    ),
)
def identity_graph_health(context: AssetCheckExecutionContext) -> AssetCheckResult:
    settings = load_settings()
    with connect(settings, read_only=True) as conn:
        # Sums cast to bigint: PostgreSQL sums bigints as numeric (Decimal in Python).
        customers, records, largest, in_large, dropped = conn.execute(
            "select count(*), cast(sum(record_count) as bigint), max(record_count), "
            "cast(coalesce(sum(case when is_large_cluster then record_count end), 0) as bigint), "
            "cast(sum(dropped_links) as bigint) from marts.identity_cluster_stats"
        ).fetchone()
        distribution = conn.execute(
            f"select {SIZE_BUCKETS} as size, count(*) as customers, "
            "cast(sum(record_count) as bigint) as records "
            "from marts.identity_cluster_stats group by 1 order by min(record_count)"
        ).fetchall()
        changes = conn.execute(
            "select change_type, count(*) from marts.customer_id_history "
            "where run_id = (select run_id from marts.customer_id_history "
            "order by changed_at desc limit 1) "
            "group by 1"
        ).fetchall()
    share = (in_large or 0) / records if records else 0.0
    limit = settings.max_large_cluster_share
    return AssetCheckResult(
        passed=share <= limit,
        severity=AssetCheckSeverity.ERROR,
        description=f"{share:.3%} of records in large clusters (limit {limit:.1%})",
        metadata={
            "customers": customers,
            "records": records,
            "largest_cluster_records": largest,
            "share_in_large_clusters": share,
            "links_dropped_by_guardrails": dropped,
            "merges_and_splits_last_change": dict(changes) or "none",
            "cluster_size_distribution": MetadataValue.md(
                _markdown_table(("records per customer", "customers", "records"), distribution)
            ),
        },
    )


def _published_row_counts(settings: Settings) -> dict[str, int]:
    """Rows of the watched marts in the last publication (none before the first)."""
    if settings.engine == "postgres":
        from orchestration.publishing_postgres import published_schema

        schema, conn = published_schema("marts"), connect(settings, read_only=True)
    elif settings.published_path.exists():
        schema, conn = "marts", duckdb.connect(str(settings.published_path), read_only=True)
    else:
        return {}
    previous: dict[str, int] = {}
    with conn:
        for name in SWING_WATCHED:
            found = conn.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = ? and table_name = ?",
                [schema, name],
            ).fetchone()[0]
            if found:
                previous[name] = conn.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
    return previous


@multi_asset_check(
    specs=[
        AssetCheckSpec(
            "row_count_swing",
            asset=AssetKey(["marts", name]),
            description="Rows moved at most C360_MAX_ROW_COUNT_SWING since the last publication.",
        )
        for name in SWING_WATCHED
    ],
    name="marts_row_count_swings",
)
def marts_row_count_swings(context: AssetCheckExecutionContext):
    settings = load_settings()
    previous = _published_row_counts(settings)
    with connect(settings, read_only=True) as conn:
        for name in SWING_WATCHED:
            current = conn.execute(f"select count(*) from marts.{name}").fetchone()[0]
            outcome = row_count_swing(previous.get(name), current, settings.max_row_count_swing)
            yield AssetCheckResult(
                asset_key=AssetKey(["marts", name]),
                check_name="row_count_swing",
                passed=outcome.passed,
                severity=AssetCheckSeverity.WARN,
                description=outcome.description,
                metadata={"rows": current, "rows_last_published": previous.get(name, 0)},
            )
