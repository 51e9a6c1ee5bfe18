"""The `spark` target from Python: a local SparkSession behind DuckDB-style calls.

dbt-spark's `method: session` runs its SQL on the process-global SparkSession
(`SparkSession.builder.getOrCreate()`), with the settings of profiles.yml. The loader,
the reconciliation, the checks and publishing open the same kind of session with the
same settings (`SparkSettings.session_conf`): tables under `C360_SPARK_DIR/warehouse`,
the Hive metastore in `C360_SPARK_DIR/metastore_db`.

That metastore is an embedded Derby database, which one process at a time may open.
dbt runs in its own process (dagster-dbt starts the dbt CLI), so every Python-side
session here is closed with its JVM as soon as the work is done (`SparkConnection.close`),
releasing the metastore for the next dbt step. Opening one costs a JVM start (10-30 s).

`SparkConnection.execute` takes DuckDB's placeholders (`?`, `$name`), inlined as Spark
SQL literals, and double-quoted identifiers, rewritten with backticks. Timestamps come
back as naive UTC datetimes, as from DuckDB.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from orchestration.config import SparkSettings

_NAMED = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_QUOTED_IDENTIFIER = re.compile(r'"((?:[^"]|"")*)"')


def literal(value: Any) -> str:
    """A Python value as a Spark SQL literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return f"cast({value!r} as double)"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return f"timestamp'{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"date'{value.isoformat()}'"
    if isinstance(value, list | tuple):
        return "array(" + ", ".join(literal(item) for item in value) + ")"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def spark_sql(sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> str:
    """DuckDB-style SQL as Spark SQL: identifiers in backticks, parameters inlined.

    Only for the project's own statements, which use double quotes for identifiers
    alone and `?` only as a placeholder.
    """
    sql = _QUOTED_IDENTIFIER.sub(lambda m: "`" + m.group(1).replace('""', '"') + "`", sql)
    if params is None:
        return sql
    if isinstance(params, Mapping):
        return _NAMED.sub(lambda m: literal(params[m.group(1)]), sql)
    values = iter(params)
    return re.sub(r"\?", lambda _: literal(next(values)), sql)


def start_session(settings: SparkSettings):
    """The process-global SparkSession with the project's settings (dbt's, if it runs here)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    settings.dir.mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in settings.session_conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def stop_session(session) -> None:
    """Stop the session and its JVM, which releases the embedded metastore (see above).

    PySpark keeps one JVM per Python process and offers no public call to end it; a
    later `start_session` launches a new one once `_gateway` and `_jvm` are cleared.
    """
    from pyspark import SparkContext

    session.stop()
    gateway = SparkContext._gateway
    if gateway is None:
        return
    with contextlib.suppress(Exception):
        gateway.shutdown()
    process = getattr(gateway, "proc", None)
    if process is not None:
        with contextlib.suppress(Exception):
            process.stdin.close()
            process.wait(timeout=30)
        if process.poll() is None:
            process.kill()
            process.wait()
    SparkContext._gateway = None
    SparkContext._jvm = None


class SparkCursor:
    """The rows of one statement, read like a DB-API cursor."""

    def __init__(self, frame) -> None:
        from pyspark.sql.types import TimestampType

        self._rows = [tuple(row) for row in frame.collect()]
        fields = frame.schema.fields
        self.description = [(field.name, field.dataType.simpleString()) for field in fields]
        # PySpark turns TIMESTAMP (with local time zone) into the Python process's local
        # time; back to naive UTC, as DuckDB's TIMESTAMP and the session's UTC zone.
        zoned = [i for i, field in enumerate(fields) if isinstance(field.dataType, TimestampType)]
        if zoned:
            self._rows = [_utc(row, zoned) for row in self._rows]
        self.rowcount = len(self._rows)
        self._next = 0

    def fetchall(self) -> list[tuple]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    def fetchone(self) -> tuple | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]


def _utc(row: tuple, positions: list[int]) -> tuple:
    values = list(row)
    for i in positions:
        if values[i] is not None:
            values[i] = values[i].astimezone(dt.UTC).replace(tzinfo=None)
    return tuple(values)


class SparkConnection:
    """A SparkSession behind the DuckDB-style calls the project makes.

    Spark has no transactions: `begin` and `rollback` only run the callbacks a store
    registered (`on_commit`, `on_rollback`), so a store can hold a file's rows back
    until its manifest row is ready (see loading/spark_store.py).
    """

    def __init__(self, session, settings: SparkSettings) -> None:
        self.session = session
        self.settings = settings
        self._on_commit: list = []
        self._on_rollback: list = []

    @classmethod
    def connect(cls, settings: SparkSettings) -> SparkConnection:
        return cls(start_session(settings), settings)

    def sql(self, sql: str):
        """Run Spark SQL as written (no placeholder or identifier rewriting); a DataFrame."""
        return self.session.sql(sql)

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None):
        return SparkCursor(self.session.sql(spark_sql(sql, params)))

    def list_tables(self, schema: str, base_tables_only: bool = True) -> list[str]:
        if not self.session.catalog.databaseExists(schema):
            return []
        tables = self.session.catalog.listTables(schema)
        return sorted(
            t.name
            for t in tables
            if not t.isTemporary and (t.tableType != "VIEW" or not base_tables_only)
        )

    def on_commit(self, callback) -> None:
        self._on_commit.append(callback)

    def on_rollback(self, callback) -> None:
        self._on_rollback.append(callback)

    def begin(self) -> None:
        self._on_commit.clear()
        self._on_rollback.clear()

    def commit(self) -> None:
        callbacks, self._on_commit = self._on_commit, []
        self._on_rollback.clear()
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        callbacks, self._on_rollback = self._on_rollback, []
        self._on_commit.clear()
        for callback in callbacks:
            callback()

    def close(self) -> None:
        stop_session(self.session)

    def __enter__(self) -> SparkConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
