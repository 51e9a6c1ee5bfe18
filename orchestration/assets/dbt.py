"""The dbt project as assets: every model and seed; data tests become asset checks."""

import os

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.config import load_settings
from orchestration.dbt_project import Customer360Translator, dbt_project


def dbt_build_args(full_refresh: bool = False) -> list[str]:
    """Arguments of the one `dbt build` invocation that runs the selected models."""
    args = ["build"]
    if full_refresh:
        args.append("--full-refresh")
    return args


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=Customer360Translator(),
    name="dbt_models",
)
def dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    # profiles.yml reads paths and limits from the environment of the dbt process.
    os.environ.update(load_settings().dbt_env)
    yield from dbt.cli(dbt_build_args(), context=context).stream()
