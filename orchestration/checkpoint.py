"""A failed run leaves the DuckDB warehouse as it was before the run.

The first step of a run that writes to the warehouse copies the file aside (once per
run); a failure hook on every step of the main job puts the copy back, so a run that
loaded a day's files and then failed a blocking check does not leave half of its work
behind; publishing the run's marts removes the copy. Stale copies of runs that ended
otherwise (a killed process) are removed by the next run.

PostgreSQL is not restored this way: its readers see the published schemas, which are
swapped only after a run whose checks passed (orchestration/publishing_postgres.py).
`C360_RESTORE_ON_FAILURE=0` turns the copy off (a warehouse too large to copy each run).
"""

import os
import shutil
from pathlib import Path

from dagster import HookContext, failure_hook

from orchestration.config import Settings, load_settings

_ABSENT = ".absent"


def _enabled(settings: Settings) -> bool:
    return settings.engine == "duckdb" and os.environ.get("C360_RESTORE_ON_FAILURE", "1") != "0"


def _folder(settings: Settings) -> Path:
    return settings.warehouse_path.parent / ".checkpoints"


def checkpoint_path(settings: Settings, run_id: str) -> Path:
    return _folder(settings) / f"{settings.warehouse_path.name}.{run_id}"


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _absent_marker(path: Path) -> Path:
    """Stands for a copy of a warehouse that did not exist when the run began."""
    return path.with_name(path.name + _ABSENT)


def take(settings: Settings, run_id: str) -> Path | None:
    """Copy the warehouse aside for this run, unless already done; None when turned off."""
    if not _enabled(settings):
        return None
    path = checkpoint_path(settings, run_id)
    if path.exists() or _absent_marker(path).exists():
        return path
    folder = _folder(settings)
    prefix = f"{settings.warehouse_path.name}."
    if folder.exists():
        for stale in folder.iterdir():
            if stale.name.startswith(prefix):
                stale.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    warehouse = settings.warehouse_path
    if not warehouse.exists():
        # restoring a warehouse that did not exist means removing it
        _absent_marker(path).touch()
        return path
    partial = path.with_name(path.name + ".partial")
    shutil.copyfile(warehouse, partial)
    if _wal(warehouse).exists():
        shutil.copyfile(_wal(warehouse), _wal(path))
    partial.rename(path)
    return path


def restore(settings: Settings, run_id: str) -> bool:
    """Put the run's copy back in place of the warehouse; False when there is none."""
    path = checkpoint_path(settings, run_id)
    absent = _absent_marker(path)
    warehouse = settings.warehouse_path
    if not path.exists() and not absent.exists():
        return False
    _wal(warehouse).unlink(missing_ok=True)
    if absent.exists():
        warehouse.unlink(missing_ok=True)
        absent.unlink()
        return True
    if _wal(path).exists():
        os.replace(_wal(path), _wal(warehouse))
    os.replace(path, warehouse)
    return True


def discard(settings: Settings, run_id: str) -> None:
    """The run succeeded as far as publishing: its copy is no longer needed."""
    path = checkpoint_path(settings, run_id)
    for leftover in (path, _wal(path), _absent_marker(path)):
        leftover.unlink(missing_ok=True)


@failure_hook(name="restore_warehouse_on_failure")
def restore_warehouse_on_failure(context: HookContext) -> None:
    if restore(load_settings(), context.run_id):
        context.log.warning(
            f"step {context.step_key} failed: the warehouse was put back as it was before this run"
        )
