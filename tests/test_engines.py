"""The same landing files give the same warehouse on DuckDB and on PostgreSQL.

A throwaway PostgreSQL 15 server (tests/postgres_server.py) is started for the session.
The loader is compared on the hand-made bad files and on random mess; then the Dagster
main job runs against PostgreSQL (`c360 run --target postgres`, in its own process) on
the session's 1,000 generated persons and its marts are compared with the DuckDB run
of the same files (conftest's `pipeline_run`): row counts, an order-independent
checksum of every column (tests/engine_parity.py) and the exact customer_xref.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from engine_parity import (
    assert_unit_tests_pass,
    canonical,
    compare,
    fingerprint,
    xref_assignments,
)
from postgres_server import postgres_server  # noqa: F401  (session fixture)

from orchestration.config import BIN_DIR, PROJECT_DIR, load_settings
from orchestration.contract import FILE_KINDS
from orchestration.loading import (
    ChangedFileError,
    load_landing,
    load_landing_postgres,
    reconcile,
    reconcile_target,
)
from orchestration.warehouse import PostgresConnection, translate_placeholders

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]

FIXTURES = Path(__file__).parent / "fixtures" / "landing_bad"
# What differs between two loads of the same files, whatever the engine.
RUN_COLUMNS = {"_loaded_at", "_load_id", "load_id", "loaded_at", "seconds"}


def _json_or_text(value: str | None):
    """A raw value that is JSON other than a string (numbers, nested items) as parsed JSON.

    The engines write non-string JSON values as text differently (DuckDB: compact JSON
    and `12.5`; PostgreSQL: as in the file); staging parses them alike.
    """
    if value is None or value[:1] not in "[{-0123456789tfn":
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _rows(conn, table: str, order_by: str) -> tuple[list[str], list[tuple]]:
    cursor = conn.execute(f"select * from raw.{table} order by {order_by}")
    names = [column[0] for column in cursor.description]
    keep = [i for i, name in enumerate(names) if name not in RUN_COLUMNS]
    rows = [
        tuple(_json_or_text(row[i]) if isinstance(row[i], str) else row[i] for i in keep)
        for row in cursor.fetchall()
    ]
    return [names[i] for i in keep], rows


def raw_contents(conn) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every raw table, the quarantine and the manifest, without what a load stamps."""
    contents = {kind.table: _rows(conn, kind.table, "_file, _line_no") for kind in FILE_KINDS}
    contents["_quarantine"] = _rows(conn, "_quarantine", "file, line_no")
    contents["_load_manifest"] = _rows(conn, "_load_manifest", "file")
    return contents


def random_mess(landing: Path, seed: int) -> None:
    """CSV and JSONL lines cut from random fragments (as test_loading's random mess)."""
    rng = random.Random(seed)
    fragments = [b"a", b",", b'"', b'""', b"\n", b"\r\n", b"\r", "ไทย".encode(), b"\xff", b" "]
    fields = [b"", b"x", "ไทย".encode(), b'"a,b"', b'"say ""hi"""', b'"two\nlines"', b'"open']
    records = []
    for _ in range(300):
        if rng.random() < 0.2:
            records.append(b"".join(rng.choice(fragments) for _ in range(rng.randint(0, 12))))
        else:
            count = 4 if rng.random() < 0.8 else rng.randint(1, 6)
            records.append(b",".join(rng.choice(fields) for _ in range(count)))
    (landing / "privacy").mkdir(parents=True, exist_ok=True)
    (landing / "privacy" / f"erasure_requests_mess{seed}.csv").write_bytes(
        b"request_id,email,phone,requested_at\n" + b"\n".join(records)
    )
    json_lines = [
        b'{"event_id":"E1","tag":"x","campaign_id":12.50}',
        b'{"event_id":"E2","tag":"\\u0e01\\"q\\"","event_ts":null}',
        b"[1]",
        b"{",
        b"",
        b'{"tag":"\\ud800"}',
        b"\xfe",
    ]
    (landing / "line").mkdir(parents=True, exist_ok=True)
    (landing / "line" / f"events_mess{seed}.jsonl").write_bytes(
        b"\n".join(rng.choice(json_lines) for _ in range(150))
    )


def test_duckdb_placeholders_become_psycopg2_ones():
    assert translate_placeholders("select 1", None) == ("select 1", None)
    assert translate_placeholders("a = ? and b like '%x'", ["v"]) == (
        "a = %s and b like '%%x'",
        ["v"],
    )
    assert translate_placeholders("f = $file, t = $load_id", {"file": 1, "load_id": 2}) == (
        "f = %(file)s, t = %(load_id)s",
        {"file": 1, "load_id": 2},
    )


def test_target_is_checked_and_postgres_settings_reach_dbt(monkeypatch):
    monkeypatch.setenv("C360_TARGET", "postgres")
    monkeypatch.setenv("C360_PG_PORT", "6543")
    settings = load_settings()
    assert settings.engine == "postgres"
    assert settings.postgres.connect_args["port"] == 6543
    assert settings.dbt_env["C360_PG_PORT"] == "6543"
    monkeypatch.setenv("C360_TARGET", "oracle")
    with pytest.raises(ValueError, match="C360_TARGET"):
        load_settings()


def test_canonical_values_do_not_depend_on_the_engine():
    utc = dt.datetime(2026, 1, 2, 3, 4, 5, 600000)
    bangkok = dt.timezone(dt.timedelta(hours=7))
    assert canonical(Decimal("2418.07")) == canonical(2418.07) == "2418.070000"
    assert canonical(5) == canonical(Decimal("5.0000")) == "5.000000"
    assert canonical(True) == "true"
    assert canonical(None) == "\\N"
    assert canonical(utc) == canonical(utc.replace(tzinfo=dt.UTC).astimezone(bangkok))
    assert canonical([1, "a"]) == "[1.000000,a]"


def assert_loader_matches_duckdb(tmp_path: Path, load, connect, settings) -> None:
    """The loader on another engine: the fixtures made messy load into the same raw
    tables and quarantine as on DuckDB, reconcile, load nothing the second time and
    refuse a changed file. `load(landing)` loads into the engine, `connect()` opens it."""
    landing = tmp_path / "landing"
    shutil.copytree(FIXTURES, landing)
    for seed in range(3):
        random_mess(landing, seed)
    duck_path = tmp_path / "warehouse.duckdb"
    duck_report = load_landing(landing, duck_path)
    report = load(landing)

    assert report.files_loaded == duck_report.files_loaded > 10
    for table, stats in duck_report.tables.items():
        loaded = report.tables[table]
        assert (loaded.rows_loaded, loaded.rows_quarantined) == (
            stats.rows_loaded,
            stats.rows_quarantined,
        )
    assert reconcile_target(settings, landing_dir=landing) == []
    with duckdb.connect(str(duck_path), read_only=True) as duck:
        assert reconcile(duck) == []
        expected = raw_contents(duck)
    with connect() as conn:
        found = raw_contents(conn)
    for table, (names, rows) in expected.items():
        assert found[table][0] == names, table
        assert found[table][1] == rows, table

    # Loading again loads nothing; a changed file is refused and nothing of it changes.
    again = load(landing)
    assert (again.files_loaded, again.files_skipped) == (0, duck_report.files_loaded)
    campaigns = landing / "marketing" / "campaigns_20260101.csv"
    campaigns.write_bytes(campaigns.read_bytes() + b"C099,web,late,2026-01-01,,1.00\n")
    with pytest.raises(ChangedFileError):
        load(landing)
    with connect() as conn:
        assert raw_contents(conn)["marketing_campaigns"] == found["marketing_campaigns"]
    assert reconcile_target(settings) == []


def test_loader_gives_postgres_the_same_raw_tables(postgres_server, tmp_path):  # noqa: F811
    postgres_server.create_database("loader_parity")
    settings = postgres_server.settings("loader_parity")
    assert_loader_matches_duckdb(
        tmp_path,
        load=lambda landing: load_landing_postgres(landing, settings),
        connect=lambda: PostgresConnection.connect(settings.postgres, read_only=True),
        settings=settings,
    )


@pytest.fixture(scope="session")
def postgres_pipeline_run(generated_landing, postgres_server, tmp_path_factory):  # noqa: F811
    """`c360 run --target postgres` on the session's generated landing folder."""
    landing, _ = generated_landing
    root = tmp_path_factory.mktemp("postgres_pipeline")
    env = {
        **os.environ,
        **postgres_server.create_database("pipeline"),
        "C360_TARGET": "postgres",
        "C360_LANDING_DIR": str(landing),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "C360_PUBLISH_DIR": str(root / "published"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    started = time.monotonic()
    done = subprocess.run(
        [str(BIN_DIR / "c360"), "run"],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    (root / "c360-run.log").write_text(done.stdout + done.stderr)
    return done, postgres_server.settings("pipeline"), seconds, env


def test_main_job_runs_on_postgres(postgres_pipeline_run):
    done, settings, seconds, _ = postgres_pipeline_run
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]
    assert "run succeeded" in done.stdout
    assert reconcile_target(settings) == []
    print(f"main job on PostgreSQL: {seconds:.0f}s")


def test_marts_are_identical_on_duckdb_and_postgres(pipeline_run, postgres_pipeline_run):
    done, settings, _, _ = postgres_pipeline_run
    assert pipeline_run.success and done.returncode == 0
    with (
        duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as duck,
        PostgresConnection.connect(settings.postgres, read_only=True) as pg,
    ):
        assert compare(duck, pg, "duckdb", "postgres") == []
        duck_xref = xref_assignments(duck)
        assert len(duck_xref) > 1000
        assert xref_assignments(pg) == duck_xref


def test_dbt_unit_tests_pass_on_postgres(postgres_pipeline_run, tmp_path):
    """The job's builds skip unit tests (orchestration/assets/dbt.py): run them all here."""
    done, _, _, env = postgres_pipeline_run
    assert done.returncode == 0
    assert_unit_tests_pass(env, "postgres", tmp_path / "target")


def test_postgres_publication_is_a_swapped_copy_of_the_marts(postgres_pipeline_run):
    done, settings, _, _ = postgres_pipeline_run
    assert done.returncode == 0
    with PostgresConnection.connect(settings.postgres, read_only=True) as pg:
        schemas = {
            name
            for (name,) in pg.execute(
                "select schema_name from information_schema.schemata where schema_name like ?",
                ["%published%"],
            ).fetchall()
        }
        assert schemas == {"marts_published", "bi_published"}
        published = fingerprint(pg, "customer_360", schema="marts_published")
        assert published == fingerprint(pg, "customer_360")
