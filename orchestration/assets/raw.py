"""Load assets: one asset per landing file kind, loaded in one step.

They share one step because DuckDB takes one writer at a time; the step is
subsettable, so the sensor can load only the kinds that received new files.
"""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetSpec,
    Backoff,
    MaterializeResult,
    RetryPolicy,
    multi_asset,
)

from orchestration.config import load_settings
from orchestration.contract import FILE_KINDS, FileKind
from orchestration.dbt_project import raw_asset_key

RECONCILED_CHECK = "lines_reconciled"
# Landing folders are often network mounts: retry a failed read before failing the run.
LOAD_RETRY = RetryPolicy(max_retries=2, delay=10, backoff=Backoff.EXPONENTIAL)


def _spec(kind: FileKind) -> AssetSpec:
    return AssetSpec(
        key=raw_asset_key(kind.table),
        group_name="raw",
        kinds={"duckdb", kind.fmt},
        description=(
            f"Every line of `{kind.folder}/{kind.prefix}_<batch>.{kind.fmt}` as text, with "
            "file, line number and load time; unreadable lines go to raw._quarantine."
        ),
    )


@multi_asset(
    specs=[_spec(kind) for kind in FILE_KINDS],
    check_specs=[
        AssetCheckSpec(
            RECONCILED_CHECK,
            asset=raw_asset_key(kind.table),
            blocking=True,
            description="Lines in the loaded files = rows loaded + rows quarantined.",
        )
        for kind in FILE_KINDS
    ],
    can_subset=True,
    retry_policy=LOAD_RETRY,
    name="load_landing_files",
)
def raw_tables(context: AssetExecutionContext):
    from orchestration.loading import load_landing, reconcile_tables

    settings = load_settings()
    tables = [key.path[-1] for key in context.selected_asset_keys]
    report = load_landing(
        settings.landing_dir,
        settings.warehouse_path,
        tables=tables,
        progress=context.log.info,
    )
    mismatches = reconcile_tables(settings.warehouse_path, tables)
    for table in tables:
        stats = report.tables[table]
        yield MaterializeResult(
            asset_key=raw_asset_key(table),
            metadata={
                "files_loaded": stats.files_loaded,
                "files_skipped": stats.files_skipped,
                "rows_loaded": stats.rows_loaded,
                "rows_quarantined": stats.rows_quarantined,
                "rows_total": stats.rows_total,
            },
        )
        problems = [str(m) for m in mismatches if m.table == table]
        yield AssetCheckResult(
            asset_key=raw_asset_key(table),
            check_name=RECONCILED_CHECK,
            passed=not problems,
            severity=AssetCheckSeverity.ERROR,
            metadata={"mismatches": "\n".join(problems) or "none"},
        )
    report.raise_for_refused_files()
