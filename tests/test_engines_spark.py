"""The same landing files give the same warehouse on DuckDB and on Spark (local session).

The Spark half of the engine parity tests (tests/test_engines.py has PostgreSQL's):
the loader is compared on the hand-made bad files and on random mess; then the Dagster
main job runs against Spark (`C360_TARGET=spark c360 run`, in its own process, with a
throwaway C360_SPARK_DIR) on the session's 1,000 generated persons, in two runs (two
days' files, then the third: the second run is incremental), and so on DuckDB; every
mart is compared: row counts, an order-independent checksum of every column
(tests/engine_parity.py), the exact customer_xref and the id history of the second run.
Every dbt unit test then runs on the Spark warehouse.

All but the settings test run only with C360_TEST_SPARK=1 (and dbt-spark[session] and
pyspark installed: `pip install -e '.[spark]'`): on a 2-core machine the Spark job takes
far longer than the rest of the suite together (README: Bigger than one machine).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from conftest import land_batches
from engine_parity import assert_unit_tests_pass, compare, xref_assignments
from test_engines import assert_loader_matches_duckdb

from orchestration.config import BIN_DIR, PROJECT_DIR, load_settings
from orchestration.loading import (
    load_landing_spark,
    reconcile_target,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]
needs_spark = pytest.mark.skipif(
    os.environ.get("C360_TEST_SPARK") != "1",
    reason="Spark parity runs only with C360_TEST_SPARK=1 (README: Bigger than one machine)",
)


def spark_settings(spark_dir: Path, landing: Path | None = None, publish_dir: Path | None = None):
    """The project settings with the spark target in `spark_dir`."""
    env = {"C360_TARGET": "spark", "C360_SPARK_DIR": str(spark_dir)}
    if landing is not None:
        env["C360_LANDING_DIR"] = str(landing)
    if publish_dir is not None:
        env["C360_PUBLISH_DIR"] = str(publish_dir)
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return load_settings()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_spark_settings_reach_dbt_and_the_session(monkeypatch, tmp_path):
    monkeypatch.setenv("C360_SPARK_DRIVER_MEMORY", "2g")
    settings = spark_settings(tmp_path / "spark")
    assert settings.engine == "spark"
    assert settings.dbt_env["C360_SPARK_DIR"] == str(tmp_path / "spark")
    conf = settings.spark.session_conf
    assert conf["spark.driver.memory"] == "2g"
    assert conf["spark.sql.warehouse.dir"] == str(tmp_path / "spark" / "warehouse")
    assert conf["spark.sql.session.timeZone"] == "UTC"
    # profiles.yml sets the same keys for dbt's session
    profile = (PROJECT_DIR / "profiles.yml").read_text()
    for key in conf:
        assert f"{key}:" in profile, key


@needs_spark
def test_loader_gives_spark_the_same_raw_tables(tmp_path):
    pytest.importorskip("pyspark")
    from orchestration.spark import SparkConnection

    settings = spark_settings(tmp_path / "spark", tmp_path / "landing")
    assert_loader_matches_duckdb(
        tmp_path,
        load=lambda landing: load_landing_spark(landing, settings),
        connect=lambda: SparkConnection.connect(settings.spark),
        settings=settings,
    )


def _run_in_two_batches(generated: Path, root: Path, engine_env: dict[str, str]):
    """`c360 run` on a landing folder that gets the first two days' files, then the
    third day's: the second run is incremental (the staging models and fct_touchpoints
    replace rows by key; on Spark by rewriting the table). Returns (process, seconds) of
    each run that was made (the second only when the first succeeded)."""
    landing = root / "landing"
    env = {
        **os.environ,
        **engine_env,
        "C360_LANDING_DIR": str(landing),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "C360_PUBLISH_DIR": str(root / "published"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    runs = []
    landed = 0
    for batches in (("20260101", "20260102"), ("20260103",)):
        landed += land_batches(generated, landing, *batches)
        started = time.monotonic()
        done = subprocess.run(
            [str(BIN_DIR / "c360"), "run"],
            env=env,
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
        )
        (root / f"c360-run-{len(runs) + 1}.log").write_text(done.stdout + done.stderr)
        runs.append((done, time.monotonic() - started))
        if done.returncode != 0:
            break
    assert landed == len(list(generated.glob("*/*.*"))), "every generated file lands"
    return runs, env


@pytest.fixture(scope="session")
def spark_pipeline_run(generated_landing, tmp_path_factory):
    """The main job on Spark (`C360_TARGET=spark`, its own process, a throwaway
    C360_SPARK_DIR) on the session's generated persons, in two runs."""
    pytest.importorskip("pyspark")
    generated, _ = generated_landing
    root = tmp_path_factory.mktemp("spark_pipeline")
    engine = {"C360_TARGET": "spark", "C360_SPARK_DIR": str(root / "spark")}
    runs, env = _run_in_two_batches(generated, root, engine)
    return runs, spark_settings(root / "spark", root / "landing", root / "published"), env


@pytest.fixture(scope="session")
def duckdb_two_runs(generated_landing, tmp_path_factory):
    """The same two runs on DuckDB: the reference the Spark warehouse must equal,
    id history of the second run included."""
    generated, _ = generated_landing
    root = tmp_path_factory.mktemp("duckdb_two_runs")
    warehouse = root / "warehouse.duckdb"
    engine = {"C360_TARGET": "duckdb", "C360_WAREHOUSE": str(warehouse)}
    runs, _ = _run_in_two_batches(generated, root, engine)
    return runs, warehouse


@needs_spark
def test_main_job_runs_on_spark(spark_pipeline_run):
    runs, settings, _ = spark_pipeline_run
    assert len(runs) == 2
    for done, seconds in runs:
        assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]
        assert "run succeeded" in done.stdout
        print(f"main job on Spark: {seconds:.0f}s")
    # the second run restaged incrementally: dbt-spark's incremental path, not a rebuild
    rewrite = "stg_web__events: delete+insert by rewriting the table"
    assert rewrite not in runs[0][0].stdout
    assert rewrite in runs[1][0].stdout
    assert reconcile_target(settings) == []
    assert settings.published_path.exists()


@needs_spark
def test_marts_are_identical_on_duckdb_and_spark(duckdb_two_runs, spark_pipeline_run):
    from orchestration.spark import SparkConnection

    duck_runs, warehouse = duckdb_two_runs
    runs, settings, _ = spark_pipeline_run
    assert [done.returncode for done, _ in duck_runs + runs] == [0, 0, 0, 0]
    with (
        duckdb.connect(str(warehouse), read_only=True) as duck,
        SparkConnection.connect(settings.spark) as spark,
    ):
        assert compare(duck, spark, "duckdb", "spark") == []
        duck_xref = xref_assignments(duck)
        assert len(duck_xref) > 1000
        assert xref_assignments(spark) == duck_xref
        # the second run merged some first-run customers: history is compared too
        assert duck.execute("select count(*) from marts.customer_id_history").fetchone()[0] > 0


@needs_spark
def test_dbt_unit_tests_pass_on_spark(spark_pipeline_run, tmp_path):
    runs, _, env = spark_pipeline_run
    assert [done.returncode for done, _ in runs] == [0, 0]
    assert_unit_tests_pass(env, "spark", tmp_path / "target")
