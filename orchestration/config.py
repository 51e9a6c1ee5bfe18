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
# dbt targets in profiles.yml; each is named after its engine (the dbt adapter type).
TARGETS = ("duckdb", "postgres", "spark")


@dataclass(frozen=True)
class PostgresSettings:
    """Where the `postgres` target lives (profiles.yml reads the same variables)."""

    host: str
    port: int
    user: str
    password: str
    dbname: str
    schema: str
    threads: int

    @property
    def connect_args(self) -> dict[str, object]:
        """Keyword arguments of psycopg2.connect."""
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "dbname": self.dbname,
        }


@dataclass(frozen=True)
class SparkSettings:
    """The `spark` target: a local Spark session (profiles.yml reads the same variables).

    Tables live under `dir`: `warehouse/` (Parquet files) and `metastore_db/` (the Hive
    metastore, an embedded Derby database that one process at a time may open).
    """

    dir: Path
    schema: str
    driver_memory: str
    shuffle_partitions: int
    threads: int

    @property
    def session_conf(self) -> dict[str, str]:
        """Spark settings of every session, the loader's and dbt's (profiles.yml)."""
        return {
            "spark.driver.memory": self.driver_memory,
            "spark.sql.shuffle.partitions": str(self.shuffle_partitions),
            "spark.sql.warehouse.dir": str(self.dir / "warehouse"),
            "spark.hadoop.javax.jdo.option.ConnectionURL": (
                f"jdbc:derby:;databaseName={self.dir / 'metastore_db'};create=true"
            ),
            "spark.driver.extraJavaOptions": f"-Dderby.system.home={self.dir}",
            "spark.sql.session.timeZone": "UTC",
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
        }


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
    postgres: PostgresSettings
    spark: SparkSettings

    @property
    def engine(self) -> str:
        """The warehouse engine of the dbt target: duckdb (default), postgres or spark."""
        return self.dbt_target

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
            "C360_PG_HOST": self.postgres.host,
            "C360_PG_PORT": str(self.postgres.port),
            "C360_PG_USER": self.postgres.user,
            "C360_PG_PASSWORD": self.postgres.password,
            "C360_PG_DBNAME": self.postgres.dbname,
            "C360_PG_SCHEMA": self.postgres.schema,
            "C360_PG_THREADS": str(self.postgres.threads),
            "C360_SPARK_DIR": str(self.spark.dir),
            "C360_SPARK_SCHEMA": self.spark.schema,
            "C360_SPARK_DRIVER_MEMORY": self.spark.driver_memory,
            "C360_SPARK_SHUFFLE_PARTITIONS": str(self.spark.shuffle_partitions),
            "C360_SPARK_THREADS": str(self.spark.threads),
            # the driver binds to the loopback interface, not to the host's name
            "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"),
        }


def _path(name: str, default: str) -> Path:
    value = Path(os.environ.get(name, default)).expanduser()
    return value if value.is_absolute() else (PROJECT_DIR / value)


def _target() -> str:
    target = os.environ.get("C360_TARGET", "duckdb")
    if target not in TARGETS:
        raise ValueError(f"C360_TARGET={target!r}: expected one of {', '.join(TARGETS)}")
    return target


def load_settings() -> Settings:
    return Settings(
        landing_dir=_path("C360_LANDING_DIR", "data/landing"),
        warehouse_path=_path("C360_WAREHOUSE", "data/warehouse.duckdb"),
        publish_dir=_path("C360_PUBLISH_DIR", "data/published"),
        dbt_target=_target(),
        duckdb_memory_limit=os.environ.get("C360_DUCKDB_MEMORY_LIMIT", "6GB"),
        duckdb_threads=int(os.environ.get("C360_DUCKDB_THREADS", str(os.cpu_count() or 2))),
        max_quarantine_share=float(os.environ.get("C360_MAX_QUARANTINE_SHARE", "0.05")),
        freshness_hours=float(os.environ.get("C360_FRESHNESS_HOURS", "36")),
        max_row_count_swing=float(os.environ.get("C360_MAX_ROW_COUNT_SWING", "0.5")),
        max_large_cluster_share=float(os.environ.get("C360_MAX_LARGE_CLUSTER_SHARE", "0.01")),
        postgres=PostgresSettings(
            host=os.environ.get("C360_PG_HOST", "127.0.0.1"),
            port=int(os.environ.get("C360_PG_PORT", "5432")),
            user=os.environ.get("C360_PG_USER", "postgres"),
            password=os.environ.get("C360_PG_PASSWORD", ""),
            dbname=os.environ.get("C360_PG_DBNAME", "customer360"),
            schema=os.environ.get("C360_PG_SCHEMA", "public"),
            threads=int(os.environ.get("C360_PG_THREADS", "4")),
        ),
        spark=SparkSettings(
            dir=_path("C360_SPARK_DIR", "data/spark"),
            schema=os.environ.get("C360_SPARK_SCHEMA", "customer360"),
            driver_memory=os.environ.get("C360_SPARK_DRIVER_MEMORY", "4g"),
            shuffle_partitions=int(os.environ.get("C360_SPARK_SHUFFLE_PARTITIONS", "4")),
            threads=int(os.environ.get("C360_SPARK_THREADS", "1")),
        ),
    )
