"""The dbt project as assets, in three steps: staging, identity, marts.

One `dbt build` per layer rather than one per model keeps the process overhead
small, while the step boundaries let a failed blocking check on one layer (a
quarantine share too high, an identity graph out of bounds) stop the layers
after it before they reach BI tools. dbt data tests become asset checks.
"""

import os
from typing import Any

from dagster import AssetExecutionContext, AssetsDefinition, Config
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration import checkpoint
from orchestration.config import load_settings
from orchestration.dbt_project import Customer360Translator, dbt_project

# dbt selections of each step; every node of the project is in exactly one.
LAYER_SELECTIONS: dict[str, str] = {
    "staging": "path:models/staging",
    "identity": " ".join(
        f"path:{path}"
        for path in (
            "models/intermediate/identity",
            "models/marts/identity",
            "seeds/identity",
            "models/intermediate/privacy",
            "models/marts/privacy",
        )
    ),
}
MARTS_EXCLUDE = " ".join(LAYER_SELECTIONS.values())
# The dbt steps, in order; each is the op `dbt_<name>`.
LAYERS = ("staging", "identity", "marts")


def dbt_build_args(full_refresh: bool = False) -> list[str]:
    """Arguments of the `dbt build` invocation of one step (the selection is added by Dagster).

    `buildable` runs a test in the first step where all its parents exist: a test
    that spans staging and marts waits for the marts step instead of failing in
    the staging step. dbt unit tests check SQL logic on fixed inputs, not the day's
    data: CI runs them (tests/test_pipeline.py), production runs skip their cost.
    """
    args = ["build", "--indirect-selection", "buildable", "--exclude-resource-type", "unit_test"]
    if full_refresh:
        args.append("--full-refresh")
    return args


class DbtBuildConfig(Config):
    """Run config of each dbt step: `full_refresh` rebuilds its incremental models from
    scratch (staging, fct_touchpoints; customer_id_assignments and the privacy logs are
    `full_refresh: false` and keep their history)."""

    full_refresh: bool = False


def full_refresh_run_config() -> dict[str, Any]:
    """Run config of the main job that makes every dbt step a full refresh."""
    return {"ops": {f"dbt_{name}": {"config": {"full_refresh": True}} for name in LAYERS}}


def _layer_assets(name: str, select: str, exclude: str | None = None) -> AssetsDefinition:
    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        dagster_dbt_translator=Customer360Translator(),
        name=f"dbt_{name}",
        select=select,
        exclude=exclude,
    )
    def _assets(context: AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig):
        settings = load_settings()
        checkpoint.take(settings, context.run.run_id)
        # profiles.yml reads paths and limits from the environment of the dbt process.
        os.environ.update(settings.dbt_env)
        yield from dbt.cli(dbt_build_args(config.full_refresh), context=context).stream()

    return _assets


dbt_staging = _layer_assets("staging", LAYER_SELECTIONS["staging"])
dbt_identity = _layer_assets("identity", LAYER_SELECTIONS["identity"])
dbt_marts = _layer_assets("marts", "fqn:*", exclude=MARTS_EXCLUDE)
dbt_layers = [dbt_staging, dbt_identity, dbt_marts]
