"""Schedules and sensors: a daily run of everything, and new landing files picked up."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from orchestration.config import load_settings
from orchestration.contract import FileKind, kind_of
from orchestration.dbt_project import raw_asset_key


def landing_files(landing_dir: Path) -> dict[str, int]:
    """Landing files of a known kind, by path relative to the root, with their sizes."""
    if not landing_dir.exists():
        return {}
    return {
        path.relative_to(landing_dir).as_posix(): path.stat().st_size
        for path in sorted(landing_dir.glob("*/*"))
        if path.is_file() and kind_of(path, landing_dir) is not None
    }


def ready_files(
    previous: dict[str, int], current: dict[str, int], requested: set[str]
) -> list[str]:
    """Files not yet requested whose size has not changed since the last look.

    A file still being copied into the landing folder grows between two looks;
    waiting for one unchanged look keeps the loader from reading half a file.
    """
    return sorted(
        path
        for path, size in current.items()
        if path not in requested and previous.get(path) == size
    )


def kinds_of(files: list[str], landing_dir: Path) -> list[FileKind]:
    kinds = {kind_of(landing_dir / f, landing_dir) for f in files}
    return sorted((k for k in kinds if k is not None), key=lambda k: k.table)


def build_landing_sensor(job_name: str):
    @sensor(
        name="new_landing_files",
        job_name=job_name,
        minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.STOPPED,
        description="Loads new files in the landing folder and rebuilds everything downstream.",
    )
    def new_landing_files(context: SensorEvaluationContext):
        landing_dir = load_settings().landing_dir
        cursor = json.loads(context.cursor) if context.cursor else {}
        requested = set(cursor.get("requested", []))
        current = landing_files(landing_dir)
        ready = ready_files(cursor.get("sizes", {}), current, requested)
        context.update_cursor(
            json.dumps({"sizes": current, "requested": sorted(requested | set(ready))})
        )
        if not ready:
            return SkipReason(f"no new complete files in {landing_dir}")
        raw_keys = [raw_asset_key(kind.table) for kind in kinds_of(ready, landing_dir)]
        selection = AssetSelection.assets(*raw_keys).downstream()
        keys = selection.resolve(context.repository_def.asset_graph)
        digest = hashlib.sha1("\n".join(ready).encode()).hexdigest()[:16]
        return RunRequest(
            run_key=f"landing:{digest}",
            asset_selection=sorted(keys, key=lambda key: key.to_user_string()),
            tags={"c360/new_files": str(len(ready))},
        )

    return new_landing_files


def build_daily_schedule(job_name: str) -> ScheduleDefinition:
    return ScheduleDefinition(
        name="daily_full_run",
        job_name=job_name,
        cron_schedule="0 6 * * *",
        execution_timezone="Asia/Bangkok",
        default_status=DefaultScheduleStatus.STOPPED,
        description="Every morning: load whatever landed, rebuild and check all models.",
    )
