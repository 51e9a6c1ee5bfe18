"""Configuration in one place: environment variables with defaults.

Every path, target and resource limit the project uses is read here, so a
user can point the whole pipeline somewhere else with environment variables
(or the command line, which sets them).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Tools of the environment this package runs in, found without relying on PATH.
BIN_DIR = Path(sys.executable).parent


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_path: Path
    publish_dir: Path
    dbt_target: str
    duckdb_memory_limit: str
    duckdb_threads: int
    max_quarantine_share: float
    freshness_hours: float
    max_row_count_swing: float
    max_large_cluster_share: float

    @property
    def published_path(self) -> Path:
        """The read-only copy of the marts that BI tools open."""
        return self.publish_dir / "customer360.duckdb"

    @property
    def dbt_env(self) -> dict[str, str]:
        """Environment variables that profiles.yml reads."""
        return {
            "C360_WAREHOUSE": str(self.warehouse_path),
            "C360_TARGET": self.dbt_target,
            "C360_DUCKDB_MEMORY_LIMIT": self.duckdb_memory_limit,
            "C360_DUCKDB_THREADS": str(self.duckdb_threads),
        }


def _path(name: str, default: str) -> Path:
    value = Path(os.environ.get(name, default)).expanduser()
    return value if value.is_absolute() else (PROJECT_DIR / value)


def load_settings() -> Settings:
    return Settings(
        landing_dir=_path("C360_LANDING_DIR", "data/landing"),
        warehouse_path=_path("C360_WAREHOUSE", "data/warehouse.duckdb"),
        publish_dir=_path("C360_PUBLISH_DIR", "data/published"),
        dbt_target=os.environ.get("C360_TARGET", "duckdb"),
        duckdb_memory_limit=os.environ.get("C360_DUCKDB_MEMORY_LIMIT", "6GB"),
        duckdb_threads=int(os.environ.get("C360_DUCKDB_THREADS", str(os.cpu_count() or 2))),
        max_quarantine_share=float(os.environ.get("C360_MAX_QUARANTINE_SHARE", "0.05")),
        freshness_hours=float(os.environ.get("C360_FRESHNESS_HOURS", "36")),
        max_row_count_swing=float(os.environ.get("C360_MAX_ROW_COUNT_SWING", "0.5")),
        max_large_cluster_share=float(os.environ.get("C360_MAX_LARGE_CLUSTER_SHARE", "0.01")),
    )
