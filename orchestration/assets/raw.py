"""Load assets: one asset per landing file kind, loaded in one step.

They share one step because DuckDB takes one writer at a time; the step is
subsettable, so the sensor can load only the kinds that received new files. The
loader and the checks use the warehouse of the configured target (C360_TARGET):
DuckDB's read_csv or PostgreSQL's COPY, the same triage and accounting.
"""

import datetime as dt

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

from orchestration import checkpoint
from orchestration.config import Settings, load_settings
from orchestration.contract import FILE_KINDS, FileKind
from orchestration.dbt_project import raw_asset_key
from orchestration.load_checks import freshness, quarantine_share

RECONCILED_CHECK = "lines_reconciled"
QUARANTINE_CHECK = "quarantine_share"
FRESHNESS_CHECK = "freshness"
# Landing folders are often network mounts: retry a failed read before failing the run.
LOAD_RETRY = RetryPolicy(max_retries=2, delay=10, backoff=Backoff.EXPONENTIAL)


def _spec(kind: FileKind) -> AssetSpec:
    return AssetSpec(
        key=raw_asset_key(kind.table),
        group_name="raw",
        kinds={load_settings().engine, kind.fmt},
        owners=["team:data-platform"],
        description=(
            f"Every line of `{kind.folder}/{kind.prefix}_<batch>.{kind.fmt}` as text, with "
            "file, line number and load time; unreadable lines go to raw._quarantine."
        ),
    )


def _check_specs(kind: FileKind) -> list[AssetCheckSpec]:
    key = raw_asset_key(kind.table)
    return [
        AssetCheckSpec(
            RECONCILED_CHECK,
            asset=key,
            blocking=True,
            description="Lines in the loaded files = rows loaded + rows quarantined.",
        ),
        AssetCheckSpec(
            QUARANTINE_CHECK,
            asset=key,
            blocking=True,
            description="At most C360_MAX_QUARANTINE_SHARE of a load's rows are quarantined.",
        ),
        AssetCheckSpec(
            FRESHNESS_CHECK,
            asset=key,
            description="A new file of this kind landed within C360_FRESHNESS_HOURS.",
        ),
    ]


def _newest_loads(settings: Settings) -> dict[str, dt.datetime]:
    from orchestration.warehouse import connect

    with connect(settings, read_only=True) as conn:
        rows = conn.execute(
            "select table_name, max(loaded_at) from raw._load_manifest group by 1"
        ).fetchall()
    return {table: loaded_at.replace(tzinfo=dt.UTC) for table, loaded_at in rows}


@multi_asset(
    specs=[_spec(kind) for kind in FILE_KINDS],
    check_specs=[spec for kind in FILE_KINDS for spec in _check_specs(kind)],
    can_subset=True,
    retry_policy=LOAD_RETRY,
    name="load_landing_files",
)
def raw_tables(context: AssetExecutionContext):
    from orchestration.loading import load_landing_for_target, reconcile_target

    settings = load_settings()
    checkpoint.take(settings, context.run.run_id)
    tables = [key.path[-1] for key in context.selected_asset_keys]
    report = load_landing_for_target(
        settings,
        tables=tables,
        progress=context.log.info,
        # Record every table's results and checks first; refused files fail the step below.
        raise_on_refused=False,
    )
    mismatches = reconcile_target(settings, tables)
    newest = _newest_loads(settings)
    now = dt.datetime.now(dt.UTC)
    for table in tables:
        key = raw_asset_key(table)
        stats = report.tables[table]
        yield MaterializeResult(
            asset_key=key,
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
            asset_key=key,
            check_name=RECONCILED_CHECK,
            passed=not problems,
            metadata={"mismatches": "\n".join(problems) or "none"},
        )
        share = quarantine_share(
            stats.rows_loaded, stats.rows_quarantined, settings.max_quarantine_share
        )
        yield AssetCheckResult(
            asset_key=key,
            check_name=QUARANTINE_CHECK,
            passed=share.passed,
            description=share.description,
        )
        fresh = freshness(newest.get(table), now, settings.freshness_hours)
        yield AssetCheckResult(
            asset_key=key,
            check_name=FRESHNESS_CHECK,
            passed=fresh.passed,
            severity=AssetCheckSeverity.WARN,
            description=fresh.description,
        )
    report.raise_for_refused_files()
