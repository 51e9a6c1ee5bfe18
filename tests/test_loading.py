"""The raw loader on hand-made bad landing files: exact rows, quarantine, manifest, reruns."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.contract import FILE_KINDS, LINEAGE_COLUMNS
from orchestration.loading import (
    ChangedFileError,
    ensure_raw_tables,
    load_landing,
    reconcile,
    reconcile_tables,
)

FIXTURES = Path(__file__).parent / "fixtures" / "landing_bad"
CAMPAIGNS = "marketing/campaigns_20260101.csv"
LINE_EVENTS = "line/events_20260101.jsonl"


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    shutil.copytree(FIXTURES, root)
    return root


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "warehouse.duckdb"


@pytest.fixture
def loaded(landing: Path, warehouse: Path):
    report = load_landing(landing, warehouse)
    return landing, warehouse, report


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def quarantine(warehouse: Path, file: str) -> list[tuple[int, int, str, str]]:
    return query(
        warehouse,
        "select line_no, line_count, raw_text, reason from raw._quarantine "
        "where file = ? order by line_no",
        [file],
    )


def test_every_raw_table_exists_with_contract_columns(loaded):
    _, warehouse, _ = loaded
    for kind in FILE_KINDS:
        columns = query(
            warehouse,
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = ? order by ordinal_position",
            [kind.table],
        )
        assert [c for c, _ in columns] == [*kind.columns, *LINEAGE_COLUMNS]
        types = dict(columns)
        assert {types[c] for c in kind.columns} == {"VARCHAR"}
        assert (types["_line_no"], types["_loaded_at"]) == ("BIGINT", "TIMESTAMP")


def test_ensure_raw_tables_on_an_empty_warehouse(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        ensure_raw_tables(conn)
        ensure_raw_tables(conn)  # idempotent
        tables = conn.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
    assert {t for (t,) in tables} == {k.table for k in FILE_KINDS} | {
        "_quarantine",
        "_load_manifest",
        "_erasure_purged",
    }


def test_missing_landing_folder_still_creates_every_table(tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    report = load_landing(tmp_path / "nowhere", warehouse)
    assert report.files_loaded == 0
    assert set(report.tables) == {k.table for k in FILE_KINDS}
    assert query(warehouse, "select count(*) from raw.crm_contacts") == [(0,)]


def test_csv_rows_loaded_exactly(loaded):
    _, warehouse, _ = loaded
    rows = query(
        warehouse,
        "select _line_no, campaign_id, channel, name, start_date, end_date, cost "
        "from raw.marketing_campaigns where _file = ? order by _line_no",
        [CAMPAIGNS],
    )
    assert rows == [
        (2, "C001", "email", "Songkran Sale", "2026-04-01", "2026-04-15", "15000.00"),
        (3, "C002", "line", 'Sale, big "mega" one', "2026-05-01", "2026-05-10", "2000.50"),
        (4, "C003", "web", "Two-line\nname", "2026-06-01", "2026-06-30", "100.00"),
        (6, "C004", "social", "โปรโมชั่นสงกรานต์", "2026-04-10", "2026-04-20", "5000.00"),
        (11, "C011", "email", None, "2026-03-03", None, None),  # empty = null
        (13, "C008", "web", "After unclosed", "2026-02-01", "2026-02-02", "20.00"),
        (14, "C009", "web", "Still good", "2026-02-03", "2026-02-04", "30.00"),
        (15, "C012", "email", "No trailing newline", "2026-03-04", "2026-03-05", "50.00"),
    ]


def test_csv_bad_lines_quarantined_with_reasons(loaded):
    _, warehouse, _ = loaded
    rows = quarantine(warehouse, CAMPAIGNS)
    assert [(line_no, count) for line_no, count, _, _ in rows] == [
        (7, 1),
        (8, 1),
        (9, 1),
        (10, 1),
        (12, 1),
    ]
    by_line = {line_no: (raw, reason) for line_no, _, raw, reason in rows}
    assert by_line[7] == (
        'C005,email,"value"x,2026-01-01,2026-01-02,1.00',
        "broken quoting: ',' expected after '\"'",
    )
    assert by_line[8] == ("C006,email,too,few", "wrong column count: expected 6, found 4")
    assert by_line[9] == ("", "blank line")
    raw, reason = by_line[10]
    assert raw == "C010,email,Bad \\xff\\xfe bytes,2026-03-01,2026-03-02,40.00"
    assert reason.startswith("invalid UTF-8:") and "0xff" in reason
    raw, reason = by_line[12]
    assert raw == 'C007,line,"unclosed,2026-01-01,2026-01-31,10.00'
    assert reason.startswith("unclosed quote:") and "end of the file" in reason
    assert query(
        warehouse, "select distinct table_name from raw._quarantine where file = ?", [CAMPAIGNS]
    ) == [("marketing_campaigns",)]


def test_manifest_accounts_for_every_line(loaded):
    _, warehouse, _ = loaded
    rows = query(
        warehouse,
        "select file, physical_lines, header_lines, rows_loaded, rows_quarantined, "
        "lines_loaded, lines_quarantined from raw._load_manifest order by file",
    )
    assert rows == [
        ("ecommerce/orders_20260101.jsonl", 2, 0, 2, 0, 2, 0),
        (LINE_EVENTS, 9, 0, 5, 4, 5, 4),
        (CAMPAIGNS, 15, 1, 8, 5, 9, 5),
        ("marketing/campaigns_20260102.csv", 2, 1, 1, 0, 1, 0),
        ("marketing/campaigns_20260103.csv", 0, 0, 0, 0, 0, 0),
        ("marketing/campaigns_20260104.csv", 1, 1, 0, 0, 0, 0),
        ("privacy/erasure_requests_20260101.csv", 4, 1, 2, 0, 3, 0),
        ("privacy/erasure_requests_20260102.csv", 3, 1, 0, 2, 0, 2),
    ]
    for file, physical, *_ in rows:
        data = (FIXTURES / file).read_bytes()
        assert physical == data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def test_reordered_header_maps_by_name_and_notes_it(loaded):
    _, warehouse, _ = loaded
    rows = query(
        warehouse,
        "select campaign_id, channel, name, start_date, end_date, cost from "
        "raw.marketing_campaigns where _file = 'marketing/campaigns_20260102.csv'",
    )
    assert rows == [("C100", "email", "Reordered", "2026-07-01", None, "12.00")]
    (note,) = query(
        warehouse,
        "select header_note from raw._load_manifest "
        "where file = 'marketing/campaigns_20260102.csv'",
    )[0]
    assert "missing columns (loaded as null): end_date" in note
    assert "extra columns (ignored): notes" in note
    assert "different order" in note


def test_crlf_bom_and_embedded_crlf_preserved(loaded):
    _, warehouse, _ = loaded
    rows = query(
        warehouse,
        "select _line_no, request_id, email, phone, requested_at "
        "from raw.privacy_erasure_requests order by _file, _line_no",
    )
    assert rows == [
        (2, "R1", "a@example.com", "0812345678", "2026-01-01T09:00:00"),
        (3, "R2", "multi\r\nline@example.com", None, "2026-01-02"),
    ]


def test_unusable_header_quarantines_every_line(loaded):
    _, warehouse, _ = loaded
    rows = quarantine(warehouse, "privacy/erasure_requests_20260102.csv")
    assert [(n, raw) for n, _, raw, _ in rows] == [(2, "x,y"), (3, "")]
    assert all("header is unusable" in reason for *_, reason in rows)


def test_jsonl_rows_and_quarantine(loaded):
    _, warehouse, _ = loaded
    rows = query(
        warehouse,
        "select _line_no, event_id, line_user_id, event_type, tag, campaign_id, event_ts "
        "from raw.line_events order by _line_no",
    )
    assert rows == [
        (
            1,
            "E1",
            "U0123456789abcdef0123456789abcdef",
            "follow",
            None,
            "C001",
            "2026-01-01T10:00:00",
        ),
        (2, "E2", None, "message", "interest:skincare", None, None),  # absent = null
        (6, "E6", None, None, "ไทย", "แคมเปญ", None),  # raw Thai and \u escapes
        (8, "E8", None, "true", '{"a":[1,2]}', "12.5", None),  # non-strings as JSON text
        (9, "E9", None, "unfollow", None, None, None),  # last line, no trailing newline
    ]
    reasons = {n: (raw, reason) for n, _, raw, reason in quarantine(warehouse, LINE_EVENTS)}
    assert sorted(reasons) == [3, 4, 5, 7]
    assert reasons[3][1].startswith("invalid JSON: Expecting value")
    assert reasons[4] == ('["E4","array"]', "JSON value is not an object (found array)")
    assert reasons[5] == ("", "blank line")
    assert reasons[7][0] == '{"event_id":"E7","tag":"bad \\xc3("}'
    assert reasons[7][1].startswith("invalid UTF-8:")
    (note,) = query(
        warehouse, "select header_note from raw._load_manifest where file = ?", [LINE_EVENTS]
    )[0]
    assert note == "keys not in the contract (ignored): extra_key (1 line)"


def test_nested_items_kept_as_json_text(loaded):
    _, warehouse, _ = loaded
    rows = query(warehouse, "select order_id, customer_id, total, items from raw.ecommerce_orders")
    assert rows == [
        (
            "O1",
            None,
            "1250.5",
            '[{"sku":"S1","product_name":"เซรั่ม","category":"skincare",'
            '"quantity":2,"unit_price":625.25}]',
        ),
        ("O2", None, None, None),
    ]


def test_lineage_columns(loaded):
    _, warehouse, report = loaded
    rows = query(
        warehouse,
        "select distinct _load_id, _loaded_at is not null from raw.marketing_campaigns",
    )
    assert rows == [(report.load_id, True)]


def test_report(loaded):
    _, _, report = loaded
    stats = report.tables["marketing_campaigns"]
    assert (stats.files_loaded, stats.rows_loaded, stats.rows_quarantined) == (4, 9, 5)
    assert stats.rows_total == 9
    assert report.rows_loaded == 18 and report.rows_quarantined == 11
    assert report.unrecognized == ["marketing/notes.txt"]
    assert "18 rows loaded, 11 quarantined" in str(report)


def test_reconcile_clean_then_catches_a_deleted_row(loaded):
    _, warehouse, _ = loaded
    assert reconcile_tables(warehouse) == []
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(
            "delete from raw.marketing_campaigns where _file = ? and _line_no = 6", [CAMPAIGNS]
        )
        mismatches = reconcile(conn)
    assert [(m.file, m.table, m.check, m.expected, m.found) for m in mismatches] == [
        (CAMPAIGNS, "marketing_campaigns", "rows in the raw table", 8, 7)
    ]
    assert "rows in the raw table" in str(mismatches[0])


def test_reconcile_catches_a_lost_multiline_span_and_orphans(loaded):
    _, warehouse, _ = loaded
    with duckdb.connect(str(warehouse)) as conn:
        # The two-line record moves to line 5: the tiling no longer adds up.
        conn.execute(
            "update raw.marketing_campaigns set _line_no = 5 where _file = ? and _line_no = 4",
            [CAMPAIGNS],
        )
        conn.execute(
            "update raw._quarantine set file = 'marketing/campaigns_x.csv' "
            "where file = ? and line_no = 12",
            [CAMPAIGNS],
        )
        checks = {(m.file, m.check) for m in reconcile(conn, ["marketing_campaigns"])}
    assert (CAMPAIGNS, "lines spanned by raw rows") in checks
    assert (CAMPAIGNS, "rows in the quarantine") in checks
    assert ("marketing/campaigns_x.csv", "rows of a file not in the manifest") in checks


def test_reconcile_against_the_files_on_disk(loaded):
    landing, warehouse, _ = loaded
    assert reconcile_tables(warehouse, landing_dir=landing) == []
    (landing / CAMPAIGNS).write_bytes((landing / CAMPAIGNS).read_bytes() + b"\nextra\n")
    checks = {m.check for m in reconcile_tables(warehouse, landing_dir=landing)}
    assert checks == {"sha256 of the file on disk", "physical lines of the file on disk"}


def test_rerun_loads_nothing_twice(loaded):
    landing, warehouse, _ = loaded
    before = query(warehouse, "select count(*) from raw.marketing_campaigns")
    messages: list[str] = []
    report = load_landing(landing, warehouse, progress=messages.append)
    assert report.files_loaded == 0
    assert report.files_skipped == 8
    assert report.rows_loaded == 0
    assert query(warehouse, "select count(*) from raw.marketing_campaigns") == before
    assert query(warehouse, "select count(*) from raw._quarantine") == [(11,)]
    assert query(warehouse, "select count(*) from raw._load_manifest") == [(8,)]
    assert any("already loaded, skipped" in m for m in messages)


def test_changed_file_is_refused_others_still_load(loaded):
    landing, warehouse, _ = loaded
    before = query(warehouse, "select * from raw.marketing_campaigns order by _file, _line_no")
    (landing / CAMPAIGNS).write_bytes(b"campaign_id,channel,name,start_date,end_date,cost\nX\n")
    (landing / "marketing" / "campaigns_20260105.csv").write_bytes(
        b"campaign_id,channel,name,start_date,end_date,cost\nC200,web,Later,,,\n"
    )
    with pytest.raises(ChangedFileError) as raised:
        load_landing(landing, warehouse)
    error = raised.value
    assert [c.file for c in error.changed] == [CAMPAIGNS]
    message = str(error)
    assert CAMPAIGNS in message
    assert error.changed[0].loaded_sha256 in message and error.changed[0].new_sha256 in message
    assert error.changed[0].loaded_sha256 != error.changed[0].new_sha256
    assert error.report is not None and error.report.files_loaded == 1
    after = query(warehouse, "select * from raw.marketing_campaigns order by _file, _line_no")
    assert after[: len(before)] == before
    assert [row[0] for row in after[len(before) :]] == ["C200"]
    assert reconcile_tables(warehouse) == []


def test_a_file_untouched_since_its_load_is_skipped_unread(loaded):
    """Size and modification time decide whether a loaded file is read again."""
    landing, warehouse, _ = loaded
    path = landing / CAMPAIGNS
    original = path.read_bytes()
    loaded_at = query(
        warehouse, "select loaded_at from raw._load_manifest where file = ?", [CAMPAIGNS]
    )
    before_load = loaded_at[0][0].replace(tzinfo=dt.UTC).timestamp() - 60
    # same size, other bytes, modification time from before the load: taken as untouched
    path.write_bytes(original.replace(b"C", b"K"))
    assert path.read_bytes() != original and len(path.read_bytes()) == len(original)
    os.utime(path, (before_load, before_load))
    report = load_landing(landing, warehouse)
    assert (report.files_loaded, report.files_skipped, report.refused) == (0, 8, [])
    # the same bytes modified after the load are read, hashed and refused
    os.utime(path)
    report = load_landing(landing, warehouse, raise_on_refused=False)
    assert [c.file for c in report.refused] == [CAMPAIGNS]
    # and a file merely touched (same bytes, new time) is hashed and skipped
    path.write_bytes(original)
    report = load_landing(landing, warehouse)
    assert (report.files_skipped, report.refused) == (8, [])


def test_refusal_can_be_deferred_to_the_caller(loaded):
    landing, warehouse, _ = loaded
    (landing / CAMPAIGNS).write_bytes(b"changed\n")
    report = load_landing(landing, warehouse, raise_on_refused=False)
    assert [c.file for c in report.refused] == [CAMPAIGNS]
    assert report.tables["marketing_campaigns"].files_refused == 1
    with pytest.raises(ChangedFileError):
        report.raise_for_refused_files()


def test_new_batch_is_loaded_later(loaded):
    landing, warehouse, _ = loaded
    (landing / "line" / "events_20260102.jsonl").write_text(
        '{"event_id":"E10","event_type":"follow"}\n', encoding="utf-8"
    )
    report = load_landing(landing, warehouse, tables=["line_events"])
    assert report.files_loaded == 1 and report.files_skipped == 1
    assert set(report.tables) == {"line_events"}
    assert query(
        warehouse, "select _file, _line_no from raw.line_events where event_id = 'E10'"
    ) == [("line/events_20260102.jsonl", 1)]
    assert reconcile_tables(warehouse) == []


def test_unknown_table_is_an_error(tmp_path: Path):
    with pytest.raises(ValueError, match="unknown raw tables"):
        load_landing(tmp_path, tmp_path / "w.duckdb", tables=["nope"])


def test_a_failed_file_leaves_nothing_behind(landing: Path, warehouse: Path, monkeypatch):
    from orchestration.loading import duckdb_store

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(duckdb_store, "insert_manifest", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        load_landing(landing, warehouse, tables=["marketing_campaigns"])
    assert query(warehouse, "select count(*) from raw.marketing_campaigns") == [(0,)]
    assert query(warehouse, "select count(*) from raw._quarantine") == [(0,)]
    monkeypatch.undo()
    report = load_landing(landing, warehouse, tables=["marketing_campaigns"])
    assert report.tables["marketing_campaigns"].rows_loaded == 9


def big_campaigns(landing: Path, rows: int) -> str:
    file = "marketing/campaigns_20260201.csv"
    lines = ["campaign_id,channel,name,start_date,end_date,cost"]
    lines += [f'C{i},web,"name, {i}",2026-01-01,,{i}.00' for i in range(rows)]
    (landing / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


def test_many_parts_load_in_order(landing: Path, warehouse: Path, monkeypatch):
    from orchestration.loading import lines, parts

    monkeypatch.setattr(lines, "BLOCK_BYTES", 256)
    monkeypatch.setattr(parts, "PART_BYTES", 300)
    file = big_campaigns(landing, 500)
    report = load_landing(landing, warehouse, tables=["marketing_campaigns"])
    assert report.tables["marketing_campaigns"].rows_loaded == 509
    rows = query(
        warehouse,
        "select _line_no, campaign_id, name from raw.marketing_campaigns where _file = ? "
        "order by _line_no",
        [file],
    )
    assert rows == [(i + 2, f"C{i}", f"name, {i}") for i in range(500)]
    assert reconcile_tables(warehouse) == []


def test_a_failure_in_a_later_part_rolls_the_whole_file_back(
    landing: Path, warehouse: Path, monkeypatch
):
    from orchestration.loading import duckdb_store, lines, parts

    monkeypatch.setattr(lines, "BLOCK_BYTES", 256)
    monkeypatch.setattr(parts, "PART_BYTES", 300)
    file = big_campaigns(landing, 500)
    real_insert = duckdb_store.insert_csv_records
    calls = []

    def failing_insert(conn, kind, part, part_of, *args):
        calls.append(part_of)
        if calls.count(file) == 3:
            raise RuntimeError("boom")
        return real_insert(conn, kind, part, part_of, *args)

    monkeypatch.setattr(duckdb_store, "insert_csv_records", failing_insert)
    with pytest.raises(RuntimeError, match="boom"):
        load_landing(landing, warehouse, tables=["marketing_campaigns"])
    # The files before it committed; of this one, nothing is left.
    assert calls.count(file) == 3
    assert query(warehouse, "select count(*) from raw._load_manifest") == [(4,)]
    for table in ("raw.marketing_campaigns", "raw._quarantine"):
        column = "_file" if table == "raw.marketing_campaigns" else "file"
        sql = f"select count(*) from {table} where {column} = ?"
        assert query(warehouse, sql, [file]) == [(0,)]
    assert reconcile_tables(warehouse) == []


@pytest.mark.parametrize("seed", range(4))
def test_random_mess_is_fully_accounted_for(tmp_path: Path, seed: int):
    import random

    rng = random.Random(seed)
    fragments = [
        b"a",
        b",",
        b",",
        b'"',
        b'""',
        b"\n",
        b"\r\n",
        b"\r",
        "ไทย".encode(),
        b"\xff",
        b" ",
    ]
    fields = [
        b"",
        b"x",
        "ไทย".encode(),
        b'"a,b"',
        b'"say ""hi"""',
        b'"two\nlines"',
        b'"open',
        b'"v"x',
    ]
    records = []
    for _ in range(400):
        if rng.random() < 0.2:
            records.append(b"".join(rng.choice(fragments) for _ in range(rng.randint(0, 12))))
        else:
            count = 4 if rng.random() < 0.8 else rng.randint(1, 6)
            records.append(b",".join(rng.choice(fields) for _ in range(count)))
    body = b"\n".join(records)
    landing = tmp_path / "landing"
    (landing / "privacy").mkdir(parents=True)
    (landing / "line").mkdir(parents=True)
    (landing / "privacy" / "erasure_requests_1.csv").write_bytes(
        b"request_id,email,phone,requested_at\n" + body
    )
    json_lines = [b'{"event_id":"E1","tag":"x"}', b"[1]", b"{", b"", b'{"tag":"\\ud800"}', b"\xfe"]
    (landing / "line" / "events_1.jsonl").write_bytes(
        b"\n".join(rng.choice(json_lines + [body[:40]]) for _ in range(200))
    )
    warehouse = tmp_path / "w.duckdb"
    report = load_landing(landing, warehouse)
    assert report.files_loaded == 2
    assert report.tables["privacy_erasure_requests"].rows_loaded > 20
    assert reconcile_tables(warehouse, landing_dir=landing) == []
    for file, physical, header, loaded, quarantined in query(
        warehouse,
        "select file, physical_lines, header_lines, lines_loaded, lines_quarantined "
        "from raw._load_manifest",
    ):
        data = (landing / file).read_bytes()
        assert physical == data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        assert physical == header + loaded + quarantined


def test_reconcile_accounts_for_lines_an_erasure_purged(loaded):
    _, warehouse, _ = loaded
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(
            "insert into raw._erasure_purged select 'marketing_campaigns', _file, _line_no, null, "
            "'raw', now() from raw.marketing_campaigns where _line_no = 2"
        )
        conn.execute("delete from raw.marketing_campaigns where _line_no = 2")
        conn.execute(
            "insert into raw._erasure_purged select table_name, file, line_no, line_count, "
            "'quarantine', now() from raw._quarantine "
            "where table_name = 'marketing_campaigns' limit 1"
        )
        conn.execute(
            "delete from raw._quarantine where (file, line_no) in (select file, line_no "
            "from raw._erasure_purged where purged_from = 'quarantine')"
        )
        assert conn.execute("select count(*) from raw._erasure_purged").fetchone()[0] >= 2
        mismatches = reconcile(conn, ["marketing_campaigns"])
    # Purged rows and lines count where they were: nothing is missing.
    assert mismatches == []
