"""Incremental processing: three daily batches, one run each, give the same marts as a
full refresh of the same warehouse.

The landing files of the session's generated persons (conftest: 1,000 persons, 3 days)
arrive one batch (date) at a time and the main job runs after each; then the job runs
once more with `full_refresh` (what `c360 run --full-refresh` does: every dbt step with
`--full-refresh`; customer_id_assignments and the privacy logs keep their history, so
customer ids stay). Every mart must have the same row count and the same
order-independent checksum of every column (tests/engine_parity.py) before and after.
The runs of batches 2 and 3 must really have been incremental: their dbt builds compiled
the staging models and fct_touchpoints against their own tables (customer_daily_activity
against the customers fct_touchpoints touched), and the tables grew.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import (
    job_environment,
    land_batches,
    prepare_definitions,
    project_target_lock,
    run_dbt,
)
from engine_parity import compare, rows_differing

from orchestration.config import PROJECT_DIR
from orchestration.publishing import publish

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental")]

BATCHES = ("20260101", "20260102", "20260103")
CONVERGENCE = "identity_resolution_convergence"
# Tables that show incrementality; each compiles to a select that reads its own table.
INCREMENTAL_MODELS = {
    "stg_web__events": ('"staging"."stg_web__events"', "dbt_staging"),
    "stg_crm__contacts": ('"staging"."stg_crm__contacts"', "dbt_staging"),
    "stg_ecommerce__order_items": ('"staging"."stg_ecommerce__order_items"', "dbt_staging"),
    "fct_touchpoints": ('"intermediate"."fct_touchpoints__watermarks"', "dbt_marts"),
    "fct_orders": ('"intermediate"."fct_orders__watermarks"', "dbt_marts"),
    "fct_order_lines": ('"intermediate"."fct_order_lines__watermarks"', "dbt_marts"),
    # recomputes only the customers fct_touchpoints noted as touched
    "customer_daily_activity": ('"intermediate"."fct_touchpoints__touched_customers"', "dbt_marts"),
}


@dataclass
class RunRecord:
    label: str
    success: bool
    step_seconds: dict[str, float]
    compiled: dict[str, str]  # model name -> compiled code of this run
    rows: dict[str, int] = field(default_factory=dict)
    # published_marts' materialization metadata: from_previous, tables_patched
    publication: dict[str, object] = field(default_factory=dict)


def _run_job(label: str, root: Path, full_refresh: bool = False) -> RunRecord:
    """The main job in this process, as conftest.pipeline_run runs it, keeping step times
    and the dbt artifacts of each step (DBT_TARGET_PATH: one folder per dbt invocation)."""
    from dagster import DagsterInstance

    from orchestration import cli
    from orchestration.definitions import MAIN_JOB, defs

    target = root / "dbt-target" / label
    target.mkdir(parents=True)
    # dagster-dbt seeds each invocation with the partial parse of DBT_TARGET_PATH
    # (cli.prepare_dbt wrote it to the project's target folder): no full parse per step.
    with project_target_lock():
        partial_parse = PROJECT_DIR / "target" / "partial_parse.msgpack"
        if partial_parse.exists():
            shutil.copy2(partial_parse, target)
    os.environ["DBT_TARGET_PATH"] = str(target)
    try:
        result = defs.resolve_job_def(MAIN_JOB).execute_in_process(
            instance=DagsterInstance.get(),
            run_config=cli.main_job_run_config(full_refresh),
            raise_on_error=False,
        )
    finally:
        del os.environ["DBT_TARGET_PATH"]
    steps = {
        event.step_key: event.event_specific_data.duration_ms / 1000
        for event in result.all_events
        if event.event_type_value == "STEP_SUCCESS"
    }
    compiled = {}
    for name, (_, step) in INCREMENTAL_MODELS.items():
        for results in target.glob(f"{step}-*/run_results.json"):
            for node in json.loads(results.read_text())["results"]:
                if node["unique_id"] == f"model.customer360.{name}":
                    compiled[name] = node.get("compiled_code") or ""
    publication = {
        name: value.value
        for event in result.asset_materializations_for_node("published_marts")
        for name, value in event.metadata.items()
        if name in ("from_previous", "tables_patched")
    }
    return RunRecord(label, result.success, steps, compiled, publication=publication)


def _row_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {
            name: conn.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
            for name, schema in (("stg_web__events", "staging"), ("fct_touchpoints", "marts"))
        }


@pytest.fixture(scope="module")
def incremental_runs(generated_landing, tmp_path_factory):
    from orchestration import cli

    generated, _ = generated_landing
    root = tmp_path_factory.mktemp("incremental")
    landing, warehouse = root / "landing", root / "warehouse.duckdb"
    runs: list[RunRecord] = []
    with job_environment(landing, warehouse, root):
        cli.prepare_home()
        prepare_definitions()
        for batch in BATCHES:
            assert land_batches(generated, landing, batch) > 0, batch
            started = time.monotonic()
            runs.append(_run_job(f"batch-{batch}", root))
            runs[-1].rows = _row_counts(warehouse)
            print(f"batch {batch}: {time.monotonic() - started:.0f}s {runs[-1].step_seconds}")
        incremental = root / "incremental.duckdb"
        shutil.copy2(warehouse, incremental)
        published = root / "published-incremental.duckdb"
        shutil.copy2(root / "published" / "customer360.duckdb", published)
        started = time.monotonic()
        runs.append(_run_job("full-refresh", root, full_refresh=True))
        runs[-1].rows = _row_counts(warehouse)
        print(f"full refresh: {time.monotonic() - started:.0f}s {runs[-1].step_seconds}")
    return runs, incremental, warehouse, published


def test_every_run_succeeds(incremental_runs):
    runs, *_ = incremental_runs
    assert [run.label for run in runs if not run.success] == []


def test_marts_after_daily_batches_equal_a_full_refresh(incremental_runs):
    runs, incremental, full, _ = incremental_runs
    assert all(run.success for run in runs)
    with (
        duckdb.connect(str(incremental), read_only=True) as left,
        duckdb.connect(str(full), read_only=True) as right,
    ):
        problems = compare(left, right, "incremental", "full refresh")
        # identity_resolution_convergence records the computation of the latest run,
        # and the last daily run counted the records of persons it erased at its end
        # (the full refresh never saw them): its node and edge counts may differ, the
        # same as between any run that processes an erasure and the next run.
        assert [p for p in problems if not p.startswith(CONVERGENCE + ".")] == []
        phases = f"select model_name, phase, is_converged from marts.{CONVERGENCE} order by all"
        assert left.execute(phases).fetchall() == right.execute(phases).fetchall()
        touchpoints = left.execute("select count(*) from marts.fct_touchpoints").fetchone()[0]
        assert touchpoints > 10_000


def test_batches_two_and_three_were_incremental(incremental_runs):
    runs, *_ = incremental_runs
    first, *later, full = runs
    for name, (self_reference, _) in INCREMENTAL_MODELS.items():
        # A first build and a full refresh select everything; an incremental build
        # reads its own table (or state) to find what changed.
        assert self_reference not in first.compiled[name], name
        assert self_reference not in full.compiled[name], name
        for run in later:
            assert self_reference in run.compiled[name], (run.label, name)
    for name in ("stg_web__events", "fct_touchpoints"):
        counts = [run.rows[name] for run in runs]
        assert counts[0] < counts[1] < counts[2] == counts[3], (name, counts)


def test_patched_publications_equal_the_marts_they_were_published_from(incremental_runs, tmp_path):
    """Batches 2 and 3 were published by patching a copy of the previous publication
    (orchestration/publication_patch.py); the file must hold the warehouse's marts."""
    runs, incremental, _, published = incremental_runs
    first, *later, _ = runs
    assert first.publication == {"from_previous": False, "tables_patched": 0}
    assert any(run.publication["tables_patched"] > 0 for run in later), [
        run.publication for run in later
    ]
    with (
        duckdb.connect(str(published), read_only=True) as left,
        duckdb.connect(str(incremental), read_only=True) as right,
    ):
        assert compare(left, right, "published", "warehouse") == []
    # the explorer's tables (attributes patched too) equal a publication from scratch
    scratch = tmp_path / "scratch.duckdb"
    publish(incremental, scratch)
    with duckdb.connect(str(published), read_only=True) as conn:
        conn.execute(f"attach '{scratch}' as scratch (read_only)")
        for table in ("customer_attributes", "search_keys", "suppressed_customers"):
            differing = rows_differing(conn, f"explorer.{table}", f"scratch.explorer.{table}")
            assert differing == 0, table
        assert conn.execute("select count(*) from explorer.customer_attributes").fetchone()[0]


def test_an_incremental_build_under_other_order_rules_equals_a_full_build(
    incremental_runs, tmp_path
):
    """The facts' watermarks hold the rule vars they were computed under: a build with
    other completed-order statuses must rewrite every order, not only the day's."""
    _, incremental, _, _ = incremental_runs
    rules = '{completed_online_order_statuses: ["delivered"], app_device_types: ["ios_app"]}'
    facts = ["fct_orders", "fct_order_lines", "fct_touchpoints"]
    built = {}
    for how in ("incremental", "full"):
        warehouse = tmp_path / f"{how}.duckdb"
        shutil.copy2(incremental, warehouse)
        args = ["run", "--select", *facts, "--vars", rules, "--target", "duckdb"]
        result = run_dbt(
            args + (["--full-refresh"] if how == "full" else []), warehouse, tmp_path / how
        )
        assert result.returncode == 0, result.stdout[-3000:]
        built[how] = warehouse
    with duckdb.connect(str(built["incremental"]), read_only=True) as conn:
        conn.execute(f"attach '{built['full']}' as full_build (read_only)")
        for fact in facts:
            assert rows_differing(conn, f"marts.{fact}", f"full_build.marts.{fact}") == 0, fact
        # the rules did change the facts (else the test could not fail)
        conn.execute(f"attach '{incremental}' as before (read_only)")
        revenue = "select sum(revenue) from {}.marts.fct_orders"
        assert (
            conn.execute(revenue.format("before")).fetchone()
            != conn.execute(revenue.format("full_build")).fetchone()
        )
