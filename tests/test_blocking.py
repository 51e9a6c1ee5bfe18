"""A failed blocking check stops the layers after it, and the run leaves the warehouse as it was."""

import shutil

import duckdb
import pytest
from conftest import job_environment

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


def _state(warehouse) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return (
            conn.execute("select count(*) from raw.crm_contacts").fetchone()[0],
            conn.execute("select count(*) from raw._quarantine").fetchone()[0],
            conn.execute("select count(*) from raw._load_manifest").fetchone()[0],
            conn.execute("select count(*) from marts.customer_360").fetchone()[0],
        )


def test_quarantine_gate_blocks_the_layers_after_it_and_restores_the_warehouse(
    pipeline_run, tmp_path
):
    from dagster import DagsterInstance

    from orchestration.checkpoint import checkpoint_path
    from orchestration.config import load_settings
    from orchestration.definitions import MAIN_JOB, defs

    landing = tmp_path / "landing"
    shutil.copytree(pipeline_run.landing_dir, landing)
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(pipeline_run.warehouse_path, warehouse)
    before = _state(warehouse)
    # a CRM export where most lines have the wrong number of fields
    first = sorted((landing / "crm").glob("contacts_*.csv"))[0]
    header, good = first.read_text(encoding="utf-8").splitlines()[:2]
    broken = "\n".join(f"C-BROKEN-{n},only two fields" for n in range(20))
    (landing / "crm" / "contacts_20991231.csv").write_text(
        f"{header}\n{good}\n{broken}\n", encoding="utf-8"
    )
    with job_environment(landing, warehouse, tmp_path):
        result = defs.resolve_job_def(MAIN_JOB).execute_in_process(
            instance=DagsterInstance.ephemeral(), raise_on_error=False
        )
        settings = load_settings()

    assert not result.success
    checks = {
        (
            e.asset_check_evaluation_data.asset_key.path[-1],
            e.asset_check_evaluation_data.check_name,
        ): e.asset_check_evaluation_data.passed
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert checks[("crm_contacts", "quarantine_share")] is False
    succeeded = {e.step_key for e in result.get_step_success_events()}
    assert not any(step.startswith(("dbt_", "published")) for step in succeeded), succeeded
    assert not (tmp_path / "published" / "customer360.duckdb").exists()
    # the load committed the file, then the failure hook put the warehouse back
    assert _state(warehouse) == before
    assert not checkpoint_path(settings, result.run_id).exists()
