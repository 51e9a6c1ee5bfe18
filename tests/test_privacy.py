"""Erasure really erases, survives re-loading old files, and BI users see no clear PII."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import job_environment, run_dbt

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


def _requests(landing: Path) -> list[dict[str, str]]:
    rows = []
    for path in sorted((landing / "privacy").glob("erasure_requests_*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows.extend(csv.DictReader(handle))
    assert rows, "the generator wrote no erasure request"
    return rows


def _needles(request: dict[str, str]) -> list[str]:
    """What must not be found anywhere: the email, and the phone's last nine digits."""
    found = []
    if request["email"].strip():
        found.append(request["email"].strip().lower().removeprefix("mailto:"))
    digits = re.sub(r"\D", "", request["phone"])
    if len(digits) >= 9:
        found.append(digits[-9:])
    return found


def _text_columns(conn) -> list[tuple[str, str, str]]:
    return conn.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog') "
        "and table_name not in ('_erasure_purged')"
    ).fetchall()


def _occurrences(warehouse: Path, needles: list[str]) -> list[str]:
    hits = []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        for schema, table, column in _text_columns(conn):
            text = f"lower(regexp_replace(\"{column}\", '[^0-9a-zA-Z@._+-]', '', 'g'))"
            digits = f"regexp_replace(\"{column}\", '[^0-9]', '', 'g')"
            for needle in needles:
                probe = digits if needle.isdigit() else text
                count = conn.execute(
                    f'select count(*) from "{schema}"."{table}" where {probe} like ?',
                    [f"%{needle}%"],
                ).fetchone()[0]
                if count:
                    hits.append(f"{schema}.{table}.{column}: {count} rows contain {needle!r}")
    return hits


def _erased_truth_records(truth_dir: Path) -> set[tuple[str, str]]:
    with (truth_dir / "erasure_requests_truth.csv").open(newline="") as handle:
        persons = {row["person_id"] for row in csv.DictReader(handle)}
    with (truth_dir / "customer_xref_truth.csv").open(newline="") as handle:
        return {
            (row["source_system"], row["source_record_id"])
            for row in csv.DictReader(handle)
            if row["person_id"] in persons
        }


def test_erased_persons_are_nowhere(pipeline_run):
    needles = [n for request in _requests(pipeline_run.landing_dir) for n in _needles(request)]
    assert _occurrences(pipeline_run.warehouse_path, needles) == []


def test_erased_persons_records_left_customer_xref(pipeline_run):
    erased = _erased_truth_records(pipeline_run.truth_dir)
    assert erased
    with duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as conn:
        xref = set(
            conn.execute(
                "select source_system, source_record_id from marts.customer_xref"
            ).fetchall()
        )
        log = conn.execute(
            "select erasure_status, records_erased from marts.privacy_erasure_log"
        ).fetchall()
    assert not (erased & xref)
    assert log and all(status == "erased" and n > 0 for status, n in log)


def test_bi_schema_masks_email_and_phone(pipeline_run):
    with duckdb.connect(str(pipeline_run.published_path), read_only=True) as conn:
        emails = conn.execute(
            "select email from bi.customer_360 where email is not null"
        ).fetchall()
        phones = conn.execute(
            "select phone from bi.customer_360 where phone is not null"
        ).fetchall()
        clear = conn.execute(
            "select count(*) from marts.customer_360 where email is not null"
        ).fetchone()[0]
    assert emails and phones and clear
    assert all(re.fullmatch(r".\*\*\*@.+", email) for (email,) in emails)
    assert all(re.fullmatch(r"\+66\*{5}\d{4}", phone) for (phone,) in phones)


def test_reloading_old_files_does_not_bring_an_erased_person_back(pipeline_run, tmp_path):
    from orchestration import cli

    landing = tmp_path / "landing"
    shutil.copytree(pipeline_run.landing_dir, landing)
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(pipeline_run.warehouse_path, warehouse)
    # The same old exports land again under new batch names (a re-sent backfill).
    for path in sorted(landing.glob("*/*_20260101.*")):
        shutil.copy(path, path.with_name(path.name.replace("20260101", "20260101resent")))
    checked_through = (
        "select max(checked_through) from raw._erasure_checked_through "
        "where table_name = 'staging.stg_crm__contacts'"
    )
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        checked_before = conn.execute(checked_through).fetchone()[0]
    with job_environment(landing, warehouse, tmp_path):
        cli.prepare_home()
        assert cli.run_main_job()
    needles = [n for request in _requests(landing) for n in _needles(request)]
    assert _occurrences(warehouse, needles) == []
    erased = _erased_truth_records(pipeline_run.truth_dir)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        xref = set(
            conn.execute(
                "select source_system, source_record_id from marts.customer_xref"
            ).fetchall()
        )
        purged = conn.execute("select count(*) from raw._erasure_purged").fetchone()[0]
        checked_after = conn.execute(checked_through).fetchone()[0]
    assert not (erased & xref)
    assert purged > 0
    # the staging purge looked only at rows loaded since its last check: the re-sent ones
    assert checked_before is not None and checked_after > checked_before


def _warehouse_copy(pipeline_run, tmp_path) -> Path:
    """A copy of the pipeline's warehouse that a test may change."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(pipeline_run.warehouse_path, warehouse)
    return warehouse


def _run_layer(layer: str, warehouse: Path, tmp_path) -> str:
    """`dbt run` of one step's selection (as the Dagster job runs it); its output."""
    from orchestration.assets.dbt import LAYER_SELECTIONS

    result = run_dbt(["run", "--select", LAYER_SELECTIONS[layer]], warehouse, tmp_path / "t")
    assert result.returncode == 0, result.stdout[-3000:]
    return result.stdout


def test_every_table_is_purged_again_only_for_hashes_not_yet_applied(pipeline_run, tmp_path):
    """Rebuilding the suppression list purges only what it built, unless a hash is new."""
    warehouse = _warehouse_copy(pipeline_run, tmp_path)
    with duckdb.connect(str(warehouse)) as conn:
        unapplied = conn.execute(
            "select count(*) from marts.privacy_suppression_list where suppressed_hash "
            "not in (select suppressed_hash from raw._erasure_hashes_applied)"
        ).fetchone()[0]
    assert unapplied == 0

    def purge_scope() -> str:
        result = run_dbt(["run", "--select", "privacy_suppression_list"], warehouse, tmp_path / "t")
        assert result.returncode == 0, result.stdout[-3000:]
        found = re.search(r"erasure purge: checked \d+ tables \(([^\n]*)", result.stdout)
        return found.group(1)

    # built from tables purged against every hash: nothing to look for
    assert purge_scope() == (
        "none: this invocation built only from tables already purged against every hash "
        "on the list)"
    )
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(
            "delete from raw._erasure_hashes_applied where suppressed_hash = "
            "(select min(suppressed_hash) from marts.privacy_suppression_list)"
        )
    # the hash's person is purged already, so no clear value is at hand: every row is hashed
    assert purge_scope() == (
        "every table: the suppression list has new hashes); rows found by salted hash"
    )
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        applied = conn.execute("select count(*) from raw._erasure_hashes_applied").fetchone()[0]
        listed = conn.execute("select count(*) from marts.privacy_suppression_list").fetchone()[0]
    assert applied == listed > 0


def _live_email(conn) -> str:
    """The email of a customer still in the marts (not erased)."""
    return conn.execute(
        "select email from marts.customer_360 where email is not null order by customer_id limit 1"
    ).fetchone()[0]


def test_a_new_request_purges_older_tables_by_value_and_keeps_no_clear_value(
    pipeline_run, tmp_path
):
    """The identity step finds a new request's person in tables built earlier (raw,
    staging, the previous run's marts) by value, and leaves no table of clear values."""
    warehouse = _warehouse_copy(pipeline_run, tmp_path)
    with duckdb.connect(str(warehouse)) as conn:
        email = _live_email(conn)
        conn.execute(
            "insert into raw.privacy_erasure_requests by name select "
            "'REQ-BY-VALUE' as request_id, ? as email, current_timestamp::varchar as requested_at, "
            "'erasure_requests_byvalue.csv' as _file, 2 as _line_no, "
            "current_timestamp as _loaded_at, 'test-load' as _load_id",
            [email],
        )
    _run_layer("staging", warehouse, tmp_path)
    output = _run_layer("identity", warehouse, tmp_path)
    assert "(every table: the suppression list has new hashes); rows found by value\n" in output
    assert _occurrences(warehouse, [email]) == []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        scratch = conn.execute(
            "select count(*) from information_schema.tables where table_name like '%clear_terms%'"
        ).fetchone()[0]
        log = conn.execute(
            "select erasure_status from marts.privacy_erasure_log where request_id = 'REQ-BY-VALUE'"
        ).fetchall()
    assert scratch == 0
    assert log == [("erased",)]


def test_an_older_version_of_someone_elses_record_loses_the_erased_email(pipeline_run, tmp_path):
    """A contact whose email changed hands keeps, in raw, an older version with the
    erased person's email: the purge reads the raw identifiers themselves."""
    warehouse = _warehouse_copy(pipeline_run, tmp_path)
    with duckdb.connect(str(warehouse)) as conn:
        contact_id, kept_email = conn.execute(
            "select contact_id, email from staging.stg_crm__contacts where email is not null "
            "order by contact_id limit 1"
        ).fetchone()
        (erased_email,) = conn.execute(
            "select email from marts.customer_360 where email is not null and customer_id "
            "not in (select customer_id from marts.customer_xref where source_record_id = ?) "
            "order by customer_id limit 1",
            [contact_id],
        ).fetchone()
        # the contact once carried the erased email: an older version, re-sent today
        conn.execute(
            "insert into raw.crm_contacts by name select * replace ("
            "'  ' || upper(?) as email, '2001-01-01T00:00:00' as updated_at, "
            "'crm/contacts_older.csv' as _file, 2 as _line_no, "
            "current_timestamp as _loaded_at, 'test-load' as _load_id) "
            "from raw.crm_contacts where trim(contact_id) = ? limit 1",
            [erased_email, contact_id],
        )
        conn.execute(
            "insert into raw.privacy_erasure_requests by name select "
            "'REQ-OLDER-VERSION' as request_id, ? as email, "
            "current_timestamp::varchar as requested_at, "
            "'erasure_requests_older.csv' as _file, 2 as _line_no, "
            "current_timestamp as _loaded_at, 'test-load' as _load_id",
            [erased_email],
        )
    _run_layer("staging", warehouse, tmp_path)
    _run_layer("identity", warehouse, tmp_path)
    assert _occurrences(warehouse, [erased_email]) == []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        kept = conn.execute(
            "select email from staging.stg_crm__contacts where contact_id = ?", [contact_id]
        ).fetchall()
        noted = conn.execute(
            "select count(*) from raw._erasure_purged where file = 'crm/contacts_older.csv'"
        ).fetchone()[0]
    # the contact's current version is someone else's and stays
    assert kept == [(kept_email,)]
    assert noted == 1


def _listed(conn, term: str) -> bool:
    """Whether `<kind>:<value>` is on the suppression list (the tests run with the default salt)."""
    return (
        conn.execute(
            "select count(*) from marts.privacy_suppression_list "
            "where suppressed_hash = sha256('customer360-change-me:' || ?)",
            [term],
        ).fetchone()[0]
        > 0
    )


def _listed_emails(conn, requests: list[dict[str, str]]) -> list[str]:
    emails = (r["email"].strip().lower() for r in requests)
    return [e for e in emails if e and _listed(conn, f"email:{e}")]


def test_a_broken_line_resent_after_the_erasure_is_purged_from_quarantine(pipeline_run, tmp_path):
    """Quarantined text is scanned for erased emails, phones, loyalty and LINE user ids
    in every later run."""
    warehouse = _warehouse_copy(pipeline_run, tmp_path)
    requests = _requests(pipeline_run.landing_dir)
    with duckdb.connect(str(warehouse)) as conn:
        emails = _listed_emails(conn, requests)
        phones = [
            p
            for p in (re.sub(r"\D", "", r["phone"])[-9:] for r in requests)
            if len(p) == 9 and _listed(conn, f"phone:+66{p}")
        ]
        kept_email = _live_email(conn)
        line_ids = _listed_line_user_ids(conn, pipeline_run.landing_dir)
        # no erased person of the small sample has a loyalty card: list one, as applied
        loyalty_id = "L900000001"
        listed_hash = f"sha256('customer360-change-me:loyalty_id:{loyalty_id}')"
        conn.execute(
            f"insert into marts.privacy_suppression_list values ({listed_hash}, "
            "'identifier', 'REQ-LOYALTY', current_timestamp)"
        )
        conn.execute(f"insert into raw._erasure_hashes_applied values ({listed_hash})")
        assert emails and phones and line_ids
        phone = phones[0]
        lines = {
            "erased email": f'"C-RESENT-1",x"Somchai","{emails[0].upper()}",,"1980-01-01"',
            "erased phone": f'"C-RESENT-2",x"Somchai",,"(0{phone[:2]}) {phone[2:5]} {phone[5:]}"',
            "someone else": f'"C-RESENT-3",x"Somchai","{kept_email}",,"1980-01-01"',
            "erased loyalty id": f'"C-RESENT-4",x"Somchai",,,"{loyalty_id.lower()}"',
            "erased LINE id": f'"C-RESENT-5",x"Somchai",,,,"{line_ids[0].upper()}"',
        }
        for line_no, text in enumerate(lines.values(), start=2):
            conn.execute(
                "insert into raw._quarantine (file, table_name, line_no, line_count, raw_text, "
                "reason, load_id, loaded_at) values ('crm/contacts_resent.csv', 'crm_contacts', "
                "?, 1, ?, 'broken quoting', 'resent', current_timestamp)",
                [line_no, text],
            )
    output = _run_layer("staging", warehouse, tmp_path)
    assert "(the tables this invocation built)" in output
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        left = conn.execute(
            "select line_no from raw._quarantine where file = 'crm/contacts_resent.csv'"
        ).fetchall()
        purged = conn.execute(
            "select line_no from raw._erasure_purged where file = 'crm/contacts_resent.csv' "
            "and purged_from = 'quarantine' order by line_no"
        ).fetchall()
    assert left == [(4,)]
    assert purged == [(2,), (3,), (5,), (6,)]


def _listed_line_user_ids(conn, landing: Path) -> list[str]:
    """LINE user ids of the landing CSV files that are on the suppression list."""
    found = set()
    for path in sorted(landing.glob("*/*.csv")):
        with path.open(newline="", encoding="utf-8", errors="replace") as handle:
            for row in csv.DictReader(handle):
                line = (row.get("line_user_id") or "").strip()
                if re.fullmatch(r"[Uu][0-9A-Fa-f]{32}", line):
                    line = "U" + line[1:].lower()
                    if _listed(conn, f"line_user_id:{line}"):
                        found.add(line)
    return sorted(found)


def test_an_erased_persons_raw_row_without_a_key_is_purged(pipeline_run, tmp_path):
    """A raw row no staging model keeps (missing key) is scanned as text like quarantine."""
    warehouse = _warehouse_copy(pipeline_run, tmp_path)
    with duckdb.connect(str(warehouse)) as conn:
        emails = _listed_emails(conn, _requests(pipeline_run.landing_dir))
        kept_email = _live_email(conn)
        assert emails
        for line_no, email in ((2, emails[0].upper()), (3, kept_email)):
            conn.execute(
                "insert into raw.crm_contacts by name select null as contact_id, ? as email, "
                "'crm/contacts_nokey.csv' as _file, ? as _line_no, "
                "current_timestamp as _loaded_at, 'nokey' as _load_id",
                [email, line_no],
            )
    _run_layer("staging", warehouse, tmp_path)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        unkeyed = conn.execute(
            "select _line_no from staging.stg_quarantine where _file = 'crm/contacts_nokey.csv' "
            "order by 1"
        ).fetchall()
        left = conn.execute(
            "select _line_no from raw.crm_contacts where _file = 'crm/contacts_nokey.csv'"
        ).fetchall()
        purged = conn.execute(
            "select line_no from raw._erasure_purged where file = 'crm/contacts_nokey.csv' "
            "and purged_from = 'raw'"
        ).fetchall()
    assert unkeyed == [(2,), (3,)]
    assert left == [(3,)]
    assert purged == [(2,)]


# Columns that tie a row to a person: a table holding one must say how the purge finds it.
PERSON_COLUMNS = {
    "customer_id",
    "record_key",
    "source_record_id",
    "email",
    "phone",
    "loyalty_id",
    "line_user_id",
    "anonymous_id",
    "ecommerce_customer_id",
}


def _declares_erasure(node: dict) -> bool:
    if node["config"].get("meta", {}).get("erasure"):
        return True
    return any(
        column.get("meta", {}).get("pii") or column.get("meta", {}).get("erase_by")
        for column in node["columns"].values()
    )


def test_every_table_with_person_columns_declares_erasure(pipeline_run):
    import json

    from orchestration.dbt_project import dbt_project

    manifest = json.loads((dbt_project.project_dir / "target" / "manifest.json").read_text())
    models = {
        (node["schema"], node["alias"]): node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"]["materialized"] in ("table", "incremental")
    }
    with duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as conn:
        columns = conn.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall()
    person_tables = {
        (schema, table)
        for schema, table, column in columns
        if column in PERSON_COLUMNS or column.endswith("_source_record_id")
    }
    undeclared = sorted(
        f"{schema}.{table}"
        for schema, table in person_tables
        if (schema, table) in models and not _declares_erasure(models[(schema, table)])
    )
    assert len(person_tables & models.keys()) > 20
    assert undeclared == []


def test_every_raw_identifier_column_declares_its_type(pipeline_run):
    """The purge reads raw identifiers by the type their source column declares."""
    import json

    from orchestration.dbt_project import dbt_project

    manifest = json.loads((dbt_project.project_dir / "target" / "manifest.json").read_text())
    identifier_columns = {"email", "phone", "loyalty_id", "line_user_id", "anonymous_id"}
    undeclared, declared = [], 0
    for source in manifest["sources"].values():
        for name, column in source["columns"].items():
            if column.get("meta", {}).get("pii"):
                declared += 1
            elif name in identifier_columns:
                undeclared.append(f"{source['identifier']}.{name}")
    assert declared > 20
    assert undeclared == []


def test_bi_schema_holds_no_clear_email_or_phone_anywhere(pipeline_run):
    """Any text column of any BI view, not only those tagged pii (record ids can be emails)."""
    hits = []
    with duckdb.connect(str(pipeline_run.published_path), read_only=True) as conn:
        columns = conn.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'bi' and data_type = 'VARCHAR'"
        ).fetchall()
        assert len({table for table, _ in columns}) >= 10
        for table, column in columns:
            count = conn.execute(
                f'select count(*) from bi."{table}" where '
                f"regexp_matches(\"{column}\", '[A-Za-z0-9._%+-]{{2,}}@[A-Za-z0-9-]+\\.') "
                f"or regexp_matches(\"{column}\", '\\+66[0-9]{{8,9}}')"
            ).fetchone()[0]
            if count:
                hits.append(f"bi.{table}.{column}: {count} rows")
    assert hits == []
