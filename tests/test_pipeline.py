"""The Dagster main job end to end on 1,000 generated persons."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.contract import FILE_KINDS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]

STAGING_MODEL = {
    "crm_contacts": "stg_crm__contacts",
    "ecommerce_customers": "stg_ecommerce__customers",
    "ecommerce_orders": "stg_ecommerce__orders",
    "pos_transactions": "stg_pos__transactions",
    "pos_transaction_lines": "stg_pos__transaction_lines",
    "web_events": "stg_web__events",
    "email_events": "stg_email__events",
    "line_events": "stg_line__events",
    "line_member_bindings": "stg_line__member_bindings",
    "support_tickets": "stg_support__tickets",
    "survey_responses": "stg_surveys__responses",
    "marketing_campaigns": "stg_marketing__campaigns",
    "privacy_erasure_requests": "stg_privacy__erasure_requests",
}


def physical_lines(data: bytes) -> int:
    """Lines as `wc -l` counts them, plus a last line without a newline."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def test_job_succeeds(pipeline_run):
    assert pipeline_run.success


def test_every_landing_line_is_loaded_or_quarantined(pipeline_run):
    with duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as conn:
        for kind in FILE_KINDS:
            files = sorted((pipeline_run.landing_dir / kind.folder).glob(f"{kind.prefix}_*"))
            files = [f for f in files if kind.batch_of(f)]
            assert files, f"the generator wrote no {kind.table} file"
            for path in files:
                rel = path.relative_to(pipeline_run.landing_dir).as_posix()
                header = 1 if kind.fmt == "csv" else 0
                expected = physical_lines(path.read_bytes()) - header
                loaded = conn.execute(
                    f"select count(*) from raw.{kind.table} where _file = ?", [rel]
                ).fetchone()[0]
                spans = conn.execute(
                    "select coalesce(sum(line_count), 0) from raw._quarantine where file = ?",
                    [rel],
                ).fetchone()[0]
                # Multi-line CSV records make rows fewer than lines; the manifest's span
                # accounting covers them, so count loaded lines through it.
                lines_loaded = conn.execute(
                    "select lines_loaded from raw._load_manifest where file = ?", [rel]
                ).fetchone()[0]
                assert loaded <= lines_loaded
                assert lines_loaded + spans == expected, rel


def test_staging_keeps_one_row_per_distinct_key(pipeline_run):
    with duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as conn:
        for kind in FILE_KINDS:
            key = " || '|' || ".join(f"trim({col})" for col in kind.key)
            present = " and ".join(f"nullif(trim({col}), '') is not null" for col in kind.key)
            raw_keys = conn.execute(
                f"select count(distinct {key}) from raw.{kind.table} where {present}"
            ).fetchone()[0]
            staged = conn.execute(
                f"select count(*) from staging.{STAGING_MODEL[kind.table]}"
            ).fetchone()[0]
            assert staged == raw_keys, kind.table
            purged = conn.execute(
                "select count(*) from raw._erasure_purged where table_name = ?", [kind.table]
            ).fetchone()[0]
            assert raw_keys + purged > 0, kind.table


def test_erasure_requests_are_purged_once_processed(pipeline_run):
    """A processed request's clear email and phone leave raw and staging with the person."""
    with duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as conn:
        left = conn.execute("select count(*) from raw.privacy_erasure_requests").fetchone()[0]
        logged = conn.execute("select count(*) from marts.privacy_erasure_log").fetchone()[0]
    assert logged > 0
    assert left == 0


def test_staging_normalizes_identifiers(pipeline_run):
    with duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as conn:
        bad_phones = conn.execute(
            "select count(*) from staging.stg_crm__contacts "
            "where phone is not null and not regexp_full_match(phone, '\\+66[0-9]{8,9}')"
        ).fetchone()[0]
        bad_emails = conn.execute(
            "select count(*) from staging.stg_crm__contacts "
            "where email is not null and (email <> lower(trim(email)) or email like 'mailto:%')"
        ).fetchone()[0]
        normalized = conn.execute(
            "select count(phone), count(email) from staging.stg_crm__contacts"
        ).fetchone()
    assert bad_phones == 0
    assert bad_emails == 0
    assert min(normalized) > 0


def test_dbt_unit_tests_pass(pipeline_run, tmp_path):
    """Production builds skip dbt unit tests (orchestration/assets/dbt.py); CI runs them here."""
    import json
    import shutil

    from conftest import run_dbt

    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(pipeline_run.warehouse_path, warehouse)
    result = run_dbt(["test", "--select", "test_type:unit"], warehouse, tmp_path / "target")
    assert result.returncode == 0, result.stdout[-4000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 20
    assert all(r["status"] == "pass" for r in unit_tests)
