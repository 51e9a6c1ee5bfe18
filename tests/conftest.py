"""Shared fixtures: one generated landing folder and one full pipeline run per test session."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestration.config import PROJECT_DIR

TEST_PERSONS = 1000


@dataclass(frozen=True)
class PipelineRun:
    landing_dir: Path
    truth_dir: Path
    warehouse_path: Path
    dagster_home: Path
    published_path: Path
    success: bool


def dbt_env(warehouse_path: Path, target_path: Path) -> dict[str, str]:
    """Environment for a dbt process that must not collide with other tests' dbt runs."""
    return {
        **os.environ,
        "C360_WAREHOUSE": str(warehouse_path),
        "DBT_TARGET_PATH": str(target_path),
        "DBT_LOG_PATH": str(target_path / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def run_dbt(
    args: list[str], warehouse_path: Path, target_path: Path
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(Path(os.sys.executable).parent / "dbt"),
            *args,
            "--profiles-dir",
            str(PROJECT_DIR),
            "--project-dir",
            str(PROJECT_DIR),
        ],
        env=dbt_env(warehouse_path, target_path),
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )


@contextlib.contextmanager
def project_target_lock() -> Iterator[None]:
    """One test worker at a time writes or reads the working tree's target/: `dbt parse`
    rewrites manifest.json in place, and the Dagster definitions read it at import (a
    worker that imported while another parsed once read half a file)."""
    target = PROJECT_DIR / "target"
    target.mkdir(exist_ok=True)
    with (target / ".c360-tests.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def prepare_definitions() -> None:
    """Parse the dbt project and import the Dagster definitions, under the target lock."""
    from orchestration import cli

    with project_target_lock():
        cli.prepare_dbt()
        import orchestration.definitions  # noqa: F401


def land_batches(generated: Path, landing: Path, *batches: str) -> int:
    """Copy the generated files of these daily batches into a landing folder (the
    layout the loader reads: `<source>/<file>`); return how many were copied."""
    files = [path for batch in batches for path in sorted(generated.glob(f"*/*_{batch}.*"))]
    for source in files:
        target = landing / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return len(files)


@contextlib.contextmanager
def job_environment(landing: Path, warehouse: Path, root: Path) -> Iterator[None]:
    """The main job's paths in the environment (Dagster home and publication under
    `root`) for the duration of the block; the previous environment comes back after."""
    saved = dict(os.environ)
    os.environ.update(
        {
            "C360_LANDING_DIR": str(landing),
            "C360_WAREHOUSE": str(warehouse),
            "DAGSTER_HOME": str(root / "dagster_home"),
            "C360_PUBLISH_DIR": str(root / "published"),
        }
    )
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def generated_landing(tmp_path_factory) -> tuple[Path, Path]:
    from orchestration.generator import generate

    root = tmp_path_factory.mktemp("generated")
    landing = root / "landing"
    generate(landing, persons=TEST_PERSONS, seed=7, days=3)
    return landing, root / "truth"


@pytest.fixture(scope="session")
def pipeline_run(generated_landing, tmp_path_factory) -> PipelineRun:
    """Run the Dagster main job in-process on 1,000 generated persons."""
    from orchestration import cli

    landing, truth = generated_landing
    root = tmp_path_factory.mktemp("pipeline")
    warehouse = root / "warehouse.duckdb"
    with job_environment(landing, warehouse, root):
        cli.prepare_home()
        prepare_definitions()
        success = cli.run_main_job()
    return PipelineRun(
        landing,
        truth,
        warehouse,
        root / "dagster_home",
        root / "published" / "customer360.duckdb",
        success,
    )
