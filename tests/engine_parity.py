"""Fingerprints of the marts that do not depend on the engine that built them.

Every mart (models/marts/**, in schema `marts`) is read whole and each value is written
in one canonical text form: numbers (integers, decimals, floats) rounded to six
decimals, timestamps as ISO text in UTC without a zone, dates as ISO, booleans as
true/false, lists element by element, NULL as a marker. A column's checksum is the sum
(mod 2**64) of the md5 of those texts, so it does not depend on row order. Columns
stamped by the run (run ids, the time a run assigned or processed something) differ
between any two runs and are left out, and so is metricflow_time_spine (a calendar).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from orchestration.config import BIN_DIR, PROJECT_DIR
from orchestration.warehouse import list_tables

MARTS_SCHEMA = "marts"
EXCLUDED_TABLES = frozenset({"metricflow_time_spine"})
# Set by the run, not by the data: they legitimately differ between any two runs.
RUN_STAMPED_COLUMNS = frozenset(
    {
        "run_id",
        "assigned_at",
        "changed_at",
        "first_assigned_at",
        "retired_at",
        "processed_at",
        "suppressed_at",
    }
)
_SIX_PLACES = Decimal("0.000001")
NULL = "\\N"


def canonical(value: object) -> str:
    """One engine-independent text form of a value read through DuckDB, psycopg2 or Spark."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return f"{Decimal(value).quantize(_SIX_PLACES, rounding=ROUND_HALF_EVEN):f}"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    return str(value)


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    columns: dict[str, int]  # column -> checksum


def mart_tables(conn) -> list[str]:
    return [name for name in list_tables(conn, MARTS_SCHEMA) if name not in EXCLUDED_TABLES]


def read_table(conn, table: str, schema: str = MARTS_SCHEMA) -> tuple[list[str], list[tuple]]:
    cursor = conn.execute(f'select * from "{schema}"."{table}"')
    names = [column[0] for column in cursor.description]
    return names, cursor.fetchall()


def compared_columns(names: list[str]) -> list[str]:
    return [name for name in names if name not in RUN_STAMPED_COLUMNS]


def fingerprint(conn, table: str, schema: str = MARTS_SCHEMA) -> TableFingerprint:
    names, rows = read_table(conn, table, schema)
    checksums = {}
    for index, name in enumerate(names):
        if name in RUN_STAMPED_COLUMNS:
            continue
        checksums[name] = sum(_digest(canonical(row[index])) for row in rows) % (1 << 64)
    return TableFingerprint(len(rows), checksums)


def fingerprints(conn) -> dict[str, TableFingerprint]:
    return {table: fingerprint(conn, table) for table in mart_tables(conn)}


def column_differences(left_conn, right_conn, table: str, column: str, limit: int = 5):
    """A few canonical values of a column found on one side more often than on the other."""
    counts = []
    for conn in (left_conn, right_conn):
        names, rows = read_table(conn, table)
        index = names.index(column)
        counts.append(Counter(canonical(row[index]) for row in rows))
    only_left = list((counts[0] - counts[1]).elements())[:limit]
    only_right = list((counts[1] - counts[0]).elements())[:limit]
    return only_left, only_right


def compare(left_conn, right_conn, left_name: str, right_name: str) -> list[str]:
    """Every difference between the marts of two warehouses, as readable lines."""
    left, right = fingerprints(left_conn), fingerprints(right_conn)
    problems = []
    for table in sorted(set(left) | set(right)):
        if table not in right or table not in left:
            missing = right_name if table not in right else left_name
            problems.append(f"{table}: missing on {missing}")
            continue
        a, b = left[table], right[table]
        if a.rows != b.rows:
            problems.append(f"{table}: {a.rows} rows on {left_name}, {b.rows} on {right_name}")
        if set(a.columns) != set(b.columns):
            problems.append(f"{table}: columns differ: {sorted(set(a.columns) ^ set(b.columns))}")
        for column in sorted(set(a.columns) & set(b.columns)):
            if a.columns[column] != b.columns[column]:
                only_left, only_right = column_differences(left_conn, right_conn, table, column)
                problems.append(
                    f"{table}.{column}: checksums differ; only on {left_name}: {only_left}; "
                    f"only on {right_name}: {only_right}"
                )
    return problems


def rows_differing(conn, left: str, right: str) -> int:
    """Rows of relation `left` missing from `right` plus rows of `right` missing from
    `left`, duplicates counted (`except all` both ways): 0 when they hold the same rows."""
    return conn.execute(
        f"select count(*) from ((from {left} except all from {right}) "
        f"union all (from {right} except all from {left}))"
    ).fetchone()[0]


def xref_assignments(conn) -> set[tuple[str, str, str]]:
    rows = conn.execute(
        f"select source_system, source_record_id, customer_id from {MARTS_SCHEMA}.customer_xref"
    ).fetchall()
    return {tuple(row) for row in rows}


def assert_unit_tests_pass(env: dict[str, str], target: str, target_path: Path) -> None:
    """`dbt test --select test_type:unit` on `target` (its warehouse already built, the
    unit tests' parents exist there): every unit test runs and passes. The job's own
    builds skip them (orchestration/assets/dbt.py)."""
    done = subprocess.run(
        [
            str(BIN_DIR / "dbt"),
            "test",
            "--select",
            "test_type:unit",
            "--target",
            target,
            "--profiles-dir",
            str(PROJECT_DIR),
            "--project-dir",
            str(PROJECT_DIR),
        ],
        env={**env, "DBT_TARGET_PATH": str(target_path)},
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-6000:]
    results = json.loads((target_path / "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 20
    assert [r["unique_id"] for r in unit_tests if r["status"] != "pass"] == []
