"""Publish the marts for BI tools once the run that built them has passed its checks."""

from dagster import AssetExecutionContext, MaterializeResult, asset

from orchestration.assets.dbt import dbt_identity, dbt_marts
from orchestration.assets.raw import LOAD_RETRY
from orchestration.config import load_settings
from orchestration.publishing import publish_marts


@asset(
    key=["published_marts"],
    group_name="publish",
    deps=[spec.key for layer in (dbt_identity, dbt_marts) for spec in layer.specs],
    kinds={"duckdb"},
    retry_policy=LOAD_RETRY,
    description=(
        "A read-only copy of the marts (published/customer360.duckdb) that BI tools open; "
        "swapped in atomically, only after the dbt build and its tests passed."
    ),
)
def published_marts(context: AssetExecutionContext) -> MaterializeResult:
    settings = load_settings()
    rows = publish_marts(settings.warehouse_path, settings.published_path)
    context.log.info(f"published {len(rows)} tables to {settings.published_path}")
    return MaterializeResult(
        metadata={"path": str(settings.published_path), "tables": len(rows), **rows}
    )
