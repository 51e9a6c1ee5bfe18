"""Publishing from a copy of the previous publication (orchestration/publication_patch.py):
the patched file must hold exactly the warehouse's tables, keep the explorer's tables in
customer order (a sorted body plus sorted appended runs), drop erased customers, and be
written from scratch every seventh time."""

from __future__ import annotations

from pathlib import Path

import duckdb
from engine_parity import compare

from orchestration.publishing import publish

CUSTOMERS = 2000


def _warehouse(path: Path, version: dict[int, int], suppressed: int = 0) -> None:
    """marts.fct_touchpoints: 5 rows per customer (value = the customer's version) and
    10 rows without a customer; a bi view over it; a suppression list of `suppressed` rows."""
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema if not exists marts")
        conn.execute("create schema if not exists bi")
        conn.execute("create or replace temp table versions (customer_id varchar, version int)")
        conn.executemany("insert into versions values (?, ?)", list(version.items()))
        conn.execute(
            """
            create or replace table marts.fct_touchpoints as
            select 'c' || lpad(customer_id::varchar, 6, '0') as customer_id,
                n as touchpoint_number, 'v' || version as payload
            from versions, range(5) as r(n)
            union all
            select null, n, 'anonymous' from range(10) as r(n)
            order by random()
            """
        )
        conn.execute(
            "create or replace table marts.customer_360 as select distinct customer_id, "
            "payload from marts.fct_touchpoints where customer_id is not null"
        )
        conn.execute(
            "create or replace view bi.bi_fct_touchpoints as "
            "select customer_id, touchpoint_number from marts.fct_touchpoints"
        )
        conn.execute(
            "create or replace table marts.privacy_suppression_list as "
            f"select 'hash-' || range as identifier_hash from range({suppressed})"
        )


def _sorted_runs(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """How many ascending runs of customer_id the table's rows form in storage order."""
    return conn.execute(
        f"""
        select 1 + count(*) filter (where customer_id < previous)
        from (
            select customer_id, lag(customer_id) over (order by rowid) as previous
            from marts.{table} where customer_id is not null
        )
        """
    ).fetchone()[0]


def _assert_equal(published: Path, warehouse: Path) -> None:
    with (
        duckdb.connect(str(published), read_only=True) as left,
        duckdb.connect(str(warehouse), read_only=True) as right,
    ):
        assert compare(left, right, "published", "warehouse") == []
        assert left.execute("select count(*) from bi.bi_fct_touchpoints").fetchone() == (
            right.execute("select count(*) from bi.bi_fct_touchpoints").fetchone()
        )


def test_a_small_change_is_patched_in_customer_order(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "pub" / "c360.duckdb"
    versions = dict.fromkeys(range(CUSTOMERS), 1)
    _warehouse(warehouse, versions)
    first = publish(warehouse, published)
    assert not first.from_previous
    assert first.updates["marts.fct_touchpoints"].how == "copied"

    # a day: 5% of customers change, 1% leave, 1% arrive
    for customer in range(0, CUSTOMERS, 20):
        versions[customer] = 2
    for customer in range(3, CUSTOMERS, 100):
        del versions[customer]
    versions.update(dict.fromkeys(range(CUSTOMERS, CUSTOMERS + 20), 1))
    _warehouse(warehouse, versions)
    second = publish(warehouse, published)

    assert second.from_previous
    update = second.updates["marts.fct_touchpoints"]
    assert update.how == "patched"
    assert update.keys_changed == 100 + 20 + 20
    assert update.rows_inserted == (100 + 20) * 5
    _assert_equal(published, warehouse)
    with duckdb.connect(str(published), read_only=True) as conn:
        assert _sorted_runs(conn, "fct_touchpoints") == 2  # the body and one appended run
        # the warehouse's fingerprints, kept for the next publication to compare with
        assert conn.execute(
            'select count(*), sum(n) from _publication."marts__fct_touchpoints__by_customer_id"'
        ).fetchone() == (len(versions) + 1, len(versions) * 5 + 10)


def test_an_unchanged_table_is_left_alone(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "c360.duckdb"
    _warehouse(warehouse, dict.fromkeys(range(CUSTOMERS), 1))
    publish(warehouse, published)
    again = publish(warehouse, published)
    assert again.updates["marts.fct_touchpoints"].how == "unchanged"
    _assert_equal(published, warehouse)


def test_a_large_change_or_many_appended_rows_copy_the_table_again(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "c360.duckdb"
    versions = dict.fromkeys(range(CUSTOMERS), 1)
    _warehouse(warehouse, versions)
    publish(warehouse, published)

    # most customers change: one sorted copy is cheaper than deleting most rows
    versions = dict.fromkeys(range(CUSTOMERS), 2)
    _warehouse(warehouse, versions)
    assert publish(warehouse, published).updates["marts.fct_touchpoints"].how == "copied"

    # 10% a day: patched until the appended runs pass 30% of the table, then copied sorted
    hows = []
    for day in range(3, 8):
        for customer in range(day, CUSTOMERS, 10):
            versions[customer] = day
        _warehouse(warehouse, versions)
        hows.append(publish(warehouse, published).updates["marts.fct_touchpoints"].how)
        _assert_equal(published, warehouse)
    assert hows == ["patched", "patched", "patched", "copied", "patched"]
    with duckdb.connect(str(published), read_only=True) as conn:
        assert _sorted_runs(conn, "fct_touchpoints") == 2


def test_an_erased_customer_leaves_and_every_seventh_publication_starts_from_scratch(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "c360.duckdb"
    versions = dict.fromkeys(range(CUSTOMERS), 1)
    _warehouse(warehouse, versions)
    assert not publish(warehouse, published).from_previous

    del versions[7]  # erased: the purge removed every row of the customer
    _warehouse(warehouse, versions, suppressed=1)
    erased = publish(warehouse, published)
    assert erased.from_previous
    assert erased.updates["marts.fct_touchpoints"].how == "patched"
    _assert_equal(published, warehouse)
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute(
            "select count(*) from marts.fct_touchpoints where customer_id = 'c000007'"
        ).fetchone() == (0,)

    # deleted rows may linger in free blocks: after six patched ones, a new file
    froms = []
    for day in range(2, 8):
        versions[day] = day
        _warehouse(warehouse, versions, suppressed=1)
        froms.append(publish(warehouse, published).from_previous)
        _assert_equal(published, warehouse)
    assert froms == [True, True, True, True, True, False]  # publications 3-7, then 8


def test_a_changed_column_copies_the_table_and_a_dropped_table_goes(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "c360.duckdb"
    _warehouse(warehouse, dict.fromkeys(range(CUSTOMERS), 1))
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create table marts.retired as select 1 as x")
    publish(warehouse, published)
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("drop table marts.retired")
        conn.execute("alter table marts.fct_touchpoints add column channel varchar default 'web'")
    update = publish(warehouse, published).updates["marts.fct_touchpoints"]
    assert update.how == "copied"
    _assert_equal(published, warehouse)
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute(
            "select count(*) from information_schema.tables where table_name = 'retired'"
        ).fetchone() == (0,)


def test_a_previous_file_that_cannot_be_patched_is_published_from_scratch(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "c360.duckdb"
    versions = dict.fromkeys(range(CUSTOMERS), 1)
    _warehouse(warehouse, versions)
    publish(warehouse, published)
    publish(warehouse, published)  # stores fingerprints
    with duckdb.connect(str(published)) as conn:  # damage them
        conn.execute(
            'create or replace table _publication."marts__fct_touchpoints__by_customer_id" '
            "as select 1 as k"
        )
    abandoned = tmp_path / ".c360-999999999-1.duckdb"  # a publisher that died
    abandoned.write_bytes(b"half a copy")

    versions[1] = 2
    _warehouse(warehouse, versions)
    again = publish(warehouse, published)
    assert not again.from_previous
    _assert_equal(published, warehouse)
    assert not abandoned.exists()
