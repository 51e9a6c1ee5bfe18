"""The Dagster code location: `dagster dev -m orchestration.definitions`."""

from __future__ import annotations

import os

from dagster import AssetSelection, Definitions, define_asset_job, in_process_executor
from dagster_dbt import DbtCliResource

from orchestration.assets.checks import identity_graph_health, marts_row_count_swings
from orchestration.assets.dbt import dbt_layers
from orchestration.assets.publish import published_marts
from orchestration.assets.raw import raw_tables
from orchestration.automation import build_daily_schedule, build_landing_sensor
from orchestration.checkpoint import restore_warehouse_on_failure
from orchestration.config import BIN_DIR, load_settings
from orchestration.dbt_project import dbt_project

MAIN_JOB = "customer360_main"

# Only under `dagster dev`: parse the dbt project so the manifest is current. The
# preparer calls `dbt` from PATH, which lacks the venv when dagster is run by path.
if str(BIN_DIR) not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([str(BIN_DIR), os.environ.get("PATH", "")])
dbt_project.prepare_if_dev()

main_job = define_asset_job(
    MAIN_JOB,
    selection=AssetSelection.all(),
    description="Load new landing files, then build, test and check every dbt model.",
    # One DuckDB file takes one writer: run the steps one after another in one process.
    executor_def=in_process_executor,
    # a failed step puts the warehouse back as it was before the run
    hooks={restore_warehouse_on_failure},
)

defs = Definitions(
    assets=[raw_tables, *dbt_layers, published_marts],
    asset_checks=[identity_graph_health, marts_row_count_swings],
    jobs=[main_job],
    schedules=[build_daily_schedule(MAIN_JOB)],
    sensors=[build_landing_sensor(MAIN_JOB)],
    resources={
        "dbt": DbtCliResource(
            project_dir=dbt_project,
            dbt_executable=str(BIN_DIR / "dbt"),
            target=load_settings().dbt_target,
        ),
    },
)
