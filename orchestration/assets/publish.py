"""Publish the marts for BI tools once the run that built them has passed its checks."""

from dagster import AssetExecutionContext, MaterializeResult, asset

from orchestration import checkpoint
from orchestration.assets.dbt import dbt_identity, dbt_marts
from orchestration.assets.raw import LOAD_RETRY
from orchestration.config import load_settings
from orchestration.publishing import publish


@asset(
    key=["published_marts"],
    group_name="publish",
    deps=[spec.key for layer in (dbt_identity, dbt_marts) for spec in layer.specs],
    kinds={load_settings().engine},
    retry_policy=LOAD_RETRY,
    description=(
        "A read-only copy of the marts that BI tools open (DuckDB: published/customer360.duckdb; "
        "PostgreSQL: schemas marts_published and bi_published; Spark: the same DuckDB file, "
        "copied from Spark); swapped in atomically, only "
        "after the dbt build and its tests passed."
    ),
)
def published_marts(context: AssetExecutionContext) -> MaterializeResult:
    settings = load_settings()
    extra: dict[str, object] = {}
    if settings.engine == "postgres":
        from orchestration.publishing_postgres import publish_marts_postgres, published_schema

        rows = publish_marts_postgres(settings)
        where = ", ".join(published_schema(schema) for schema in ("marts", "bi"))
    elif settings.engine == "spark":
        from orchestration.publishing_spark import publish_marts_spark

        rows = publish_marts_spark(settings)
        where = str(settings.published_path)
    else:
        publication = publish(settings.warehouse_path, settings.published_path)
        rows = publication.rows
        where = str(settings.published_path)
        patched = sorted(name for name, up in publication.updates.items() if up.how == "patched")
        context.log.info(
            f"started from the previous publication: {publication.from_previous}; "
            f"tables patched: {', '.join(patched) or 'none'}"
        )
        extra = {"from_previous": publication.from_previous, "tables_patched": len(patched)}
    context.log.info(f"published {len(rows)} tables to {where}")
    checkpoint.discard(settings, context.run.run_id)
    return MaterializeResult(metadata={"path": where, "tables": len(rows), **extra, **rows})
