"""The sensor's file logic and the atomic publishing of marts."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import duckdb

from orchestration.automation import kinds_of, landing_files, ready_files
from orchestration.publishing import publish_marts


def test_ready_files_waits_for_a_file_to_stop_growing():
    assert ready_files({}, {"crm/contacts_1.csv": 10}, set()) == []
    assert ready_files({"crm/contacts_1.csv": 5}, {"crm/contacts_1.csv": 10}, set()) == []
    assert ready_files({"crm/contacts_1.csv": 10}, {"crm/contacts_1.csv": 10}, set()) == [
        "crm/contacts_1.csv"
    ]


def test_ready_files_requests_each_file_once():
    sizes = {"crm/contacts_1.csv": 10, "web/events_2.jsonl": 3}
    assert ready_files(sizes, sizes, {"crm/contacts_1.csv"}) == ["web/events_2.jsonl"]


def test_landing_files_ignores_files_outside_the_contract(tmp_path):
    (tmp_path / "crm").mkdir()
    (tmp_path / "crm" / "contacts_20260101.csv").write_text("x\n")
    (tmp_path / "crm" / "notes.txt").write_text("not a landing file\n")
    (tmp_path / "pos").mkdir()
    (tmp_path / "pos" / "transaction_lines_7.csv").write_text("x\n")
    files = landing_files(tmp_path)
    assert files == {"crm/contacts_20260101.csv": 2, "pos/transaction_lines_7.csv": 2}
    assert [k.table for k in kinds_of(list(files), tmp_path)] == [
        "crm_contacts",
        "pos_transaction_lines",
    ]


def _build_warehouse(path: Path, version: int, rows: int) -> None:
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema if not exists marts")
        conn.execute(
            "create or replace table marts.customer_360 as "
            f"select range as customer_id, {version} as version from range({rows})"
        )
        conn.execute(
            "create or replace table marts.fct_orders as "
            f"select range as order_id, {version} as version from range({rows * 2})"
        )


def _read_published(path: str, rounds: int, queue) -> None:
    """Another process: each read sees one version across both tables."""
    seen = []
    for _ in range(rounds):
        with duckdb.connect(path, read_only=True) as conn:
            versions = conn.execute(
                "select (select min(version) from marts.customer_360), "
                "(select max(version) from marts.customer_360), "
                "(select min(version) from marts.fct_orders), "
                "(select count(*) from marts.fct_orders) - 2 * "
                "(select count(*) from marts.customer_360)"
            ).fetchone()
        seen.append(versions)
    queue.put(seen)


def test_readers_see_whole_publications_while_new_ones_are_swapped_in(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    published = tmp_path / "published" / "customer360.duckdb"
    _build_warehouse(warehouse, version=0, rows=1000)
    publish_marts(warehouse, published)

    queue = multiprocessing.get_context("spawn").Queue()
    reader = multiprocessing.get_context("spawn").Process(
        target=_read_published, args=(str(published), 200, queue)
    )
    reader.start()
    for version in range(1, 8):
        _build_warehouse(warehouse, version=version, rows=1000 + version * 500)
        publish_marts(warehouse, published)
    seen = queue.get(timeout=120)
    reader.join(timeout=30)

    assert len(seen) == 200
    for lo, hi, orders_version, balance in seen:
        assert lo == hi == orders_version, "a read mixed two publications"
        assert balance == 0, "a read saw tables from different publications"
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute("select max(version) from marts.customer_360").fetchone()[0] == 7
