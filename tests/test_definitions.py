"""The Dagster code location loads and holds what the README promises."""

from __future__ import annotations

import pytest
from dagster import AssetKey

from orchestration.contract import FILE_KINDS

pytestmark = pytest.mark.xdist_group("pipeline")


@pytest.fixture(scope="module")
def defs():
    from orchestration import cli

    cli.prepare_dbt()
    from orchestration.definitions import defs

    return defs


def test_every_landing_kind_is_a_raw_asset(defs):
    keys = set(defs.resolve_asset_graph().get_all_asset_keys())
    for kind in FILE_KINDS:
        assert AssetKey(["raw", kind.table]) in keys


def test_staging_models_depend_on_raw_assets(defs):
    graph = defs.resolve_asset_graph()
    node = graph.get(AssetKey(["staging", "stg_crm__contacts"]))
    assert AssetKey(["raw", "crm_contacts"]) in node.parent_keys
    assert node.group_name == "staging"


def test_main_job_and_checks(defs):
    from orchestration.definitions import MAIN_JOB

    job = defs.resolve_job_def(MAIN_JOB)
    assert job.name == MAIN_JOB
    check_keys = defs.resolve_asset_graph().asset_check_keys
    reconciled = {k for k in check_keys if k.name == "lines_reconciled"}
    assert len(reconciled) == len(FILE_KINDS)
    # dbt data tests become asset checks
    assert any(k.asset_key == AssetKey(["staging", "stg_crm__contacts"]) for k in check_keys)


def test_layer_of_groups_identity_apart():
    from orchestration.dbt_project import layer_of

    assert layer_of(["customer360", "staging", "crm", "stg_crm__contacts"], "model") == "staging"
    assert layer_of(["customer360", "intermediate", "identity", "int_x"], "model") == "identity"
    assert layer_of(["customer360", "marts", "customer_360"], "model") == "marts"
    assert layer_of(["customer360", "blocked_identifiers"], "seed") == "seeds"


def test_schedule_and_sensor_target_the_main_job(defs):
    from orchestration.definitions import MAIN_JOB

    schedule = defs.resolve_schedule_def("daily_full_run")
    sensor = defs.resolve_sensor_def("new_landing_files")
    assert schedule.job_name == MAIN_JOB
    assert schedule.execution_timezone == "Asia/Bangkok"
    assert sensor.job_name == MAIN_JOB


def test_layers_are_groups(defs):
    groups = {node.group_name for node in defs.resolve_asset_graph().asset_nodes}
    assert {"raw", "staging", "identity", "marts", "publish"} <= groups


def test_dbt_build_args_run_cross_layer_tests_in_the_last_layer():
    from orchestration.assets.dbt import dbt_build_args

    assert dbt_build_args()[:3] == ["build", "--indirect-selection", "buildable"]
    assert dbt_build_args(full_refresh=True)[-1] == "--full-refresh"
    assert "unit_test" in dbt_build_args()[dbt_build_args().index("--exclude-resource-type") + 1]


def test_full_refresh_run_config_reaches_every_dbt_step(defs):
    from dagster import validate_run_config

    from orchestration.cli import main_job_run_config
    from orchestration.definitions import MAIN_JOB

    job = defs.resolve_job_def(MAIN_JOB)
    config = main_job_run_config(full_refresh=True)
    assert set(config["ops"]) == {"dbt_staging", "dbt_identity", "dbt_marts"}
    validated = validate_run_config(job, config)
    assert all(validated["ops"][op]["config"]["full_refresh"] for op in config["ops"])
    assert "ops" not in main_job_run_config()
    validate_run_config(job, main_job_run_config())


def test_cli_run_has_a_full_refresh_flag():
    from orchestration.cli import build_parser

    assert build_parser().parse_args(["run", "--full-refresh"]).full_refresh is True
    assert build_parser().parse_args(["run"]).full_refresh is False
