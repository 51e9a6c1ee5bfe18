"""Raw loader: landing files -> raw tables, with quarantine, manifest and reconciliation.

Design, in short:

1. `triage` (pure Python, engine-agnostic) reads each file as bytes in bounded blocks,
   decodes line by line, and sorts every physical line into header, accepted record or
   quarantined line, writing accepted records to a clean temporary file in a strict form.
2. `duckdb_store` bulk-reads that clean file with DuckDB's own CSV reader (explicit
   all-VARCHAR columns, no sniffing, strict mode, no ignore_errors) and inserts it,
   the quarantine and the manifest row in one transaction per file.
3. `lines.CountingReader` counts physical lines and hashes the bytes independently of
   the triage; the load is refused unless triage lines = physical lines and DuckDB's
   inserted rows = the triage's accepted rows. `reconcile` checks it again afterwards.

On PostgreSQL (`load_landing_postgres`, or `load_landing_for_target` with C360_TARGET=
postgres) step 2 is `postgres_store`: the same clean files go through COPY. On Spark
(`load_landing_spark`, C360_TARGET=spark) it is `spark_store`: Spark's own CSV and text
readers append the same clean files to Parquet tables.

Nothing runs at import.
"""

from orchestration.loading.loader import (
    LoadError,
    load_file,
    load_landing,
    load_landing_for_target,
    load_landing_postgres,
    load_landing_spark,
)
from orchestration.loading.reconcile import Mismatch, reconcile, reconcile_tables, reconcile_target
from orchestration.loading.report import (
    ChangedFile,
    ChangedFileError,
    FileResult,
    LoadReport,
    TableStats,
)
from orchestration.loading.schema import RawSchemaError, ensure_raw_tables

__all__ = [
    "ChangedFile",
    "ChangedFileError",
    "FileResult",
    "LoadError",
    "LoadReport",
    "Mismatch",
    "RawSchemaError",
    "TableStats",
    "ensure_raw_tables",
    "load_file",
    "load_landing",
    "load_landing_for_target",
    "load_landing_postgres",
    "load_landing_spark",
    "reconcile",
    "reconcile_tables",
    "reconcile_target",
]
