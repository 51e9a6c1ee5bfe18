"""Identity resolution: the clustering macro, the tricky cases on hand-made records, stable
ids across runs (merge, full refresh, split), and accuracy on generated data."""

from __future__ import annotations

import re
from datetime import date, datetime

import duckdb
import pytest
from conftest import run_dbt

from orchestration.identity_accuracy import measure_warehouse, pair_metrics

# --- hand-made staging rows: the tricky cases, record by record -------------------------
STAGING_COLUMNS: dict[str, dict[str, str]] = {
    "stg_crm__contacts": {
        "contact_id": "varchar",
        "first_name": "varchar",
        "last_name": "varchar",
        "full_name_normalized": "varchar",
        "name_script": "varchar",
        "email": "varchar",
        "phone": "varchar",
        "birth_date": "date",
        "gender": "varchar",
        "province": "varchar",
        "loyalty_id": "varchar",
        "line_user_id": "varchar",
        "has_email_consent": "boolean",
        "has_sms_consent": "boolean",
        "has_line_consent": "boolean",
        "created_at": "timestamp",
        "updated_at": "timestamp",
    },
    "stg_ecommerce__customers": {
        "customer_id": "varchar",
        "email": "varchar",
        "phone": "varchar",
        "first_name": "varchar",
        "last_name": "varchar",
        "has_marketing_consent": "boolean",
        "created_at": "timestamp",
        "updated_at": "timestamp",
    },
    "stg_ecommerce__orders": {
        "order_id": "varchar",
        "customer_id": "varchar",
        "email": "varchar",
        "phone": "varchar",
        "ordered_at": "timestamp",
        "status": "varchar",
        "shipping_province": "varchar",
        "updated_at": "timestamp",
    },
    "stg_pos__transactions": {
        "transaction_id": "varchar",
        "store_id": "varchar",
        "loyalty_id": "varchar",
        "phone": "varchar",
        "transacted_at": "timestamp",
    },
    "stg_web__events": {
        "event_id": "varchar",
        "anonymous_id": "varchar",
        "customer_id": "varchar",
        "email": "varchar",
        "event_type": "varchar",
        "occurred_at": "timestamp",
    },
    "stg_email__events": {
        "event_id": "varchar",
        "email": "varchar",
        "campaign_id": "varchar",
        "event_type": "varchar",
        "occurred_at": "timestamp",
    },
    "stg_line__events": {
        "event_id": "varchar",
        "line_user_id": "varchar",
        "event_type": "varchar",
        "occurred_at": "timestamp",
    },
    "stg_line__member_bindings": {
        "line_user_id": "varchar",
        "phone": "varchar",
        "loyalty_id": "varchar",
        "bound_at": "timestamp",
    },
    "stg_support__tickets": {
        "ticket_id": "varchar",
        "email": "varchar",
        "phone": "varchar",
        "line_user_id": "varchar",
        "opened_at": "timestamp",
        "updated_at": "timestamp",
    },
    "stg_surveys__responses": {
        "response_id": "varchar",
        "email": "varchar",
        "phone": "varchar",
        "submitted_at": "timestamp",
    },
}


def ts(day: int, hour: int = 10) -> datetime:
    return datetime(2024, 1, day, hour)


def line_id(n: int) -> str:
    return "U" + f"{n:032x}"


def crm(contact_id, day, **values) -> dict:
    return {"contact_id": contact_id, "created_at": ts(day), "updated_at": ts(day), **values}


def base_scenario() -> dict[str, list[dict]]:
    """Run 1 of the tricky cases. Comments name the persons."""
    rows: dict[str, list[dict]] = {name: [] for name in STAGING_COLUMNS}
    # Anna: a chain linked hop by hop, each record shares one identifier with the next:
    # crm -(email)- online account -(account id)- order -(phone)- receipt -(loyalty)-
    # LINE -(line id)- support ticket -(email 2)- survey.
    rows["stg_crm__contacts"].append(
        crm(
            "c-anna",
            1,
            first_name="Anna",
            last_name="Sukjai",
            full_name_normalized="anna sukjai",
            name_script="latin",
            email="anna@mail.co",
            birth_date=date(1990, 3, 15),
            province="Bangkok",
            has_email_consent=True,
        )
    )
    rows["stg_ecommerce__customers"].append(
        {"customer_id": "k-anna", "email": "anna@mail.co", "created_at": ts(2), "updated_at": ts(2)}
    )
    rows["stg_ecommerce__orders"].append(
        {
            "order_id": "o-anna",
            "customer_id": "k-anna",
            "phone": "+66811111111",
            "ordered_at": ts(3),
            "updated_at": ts(3),
        }
    )
    rows["stg_pos__transactions"].append(
        {
            "transaction_id": "t-anna",
            "phone": "+66811111111",
            "loyalty_id": "L1001",
            "transacted_at": ts(4),
        }
    )
    rows["stg_line__member_bindings"].append(
        {"line_user_id": line_id(1), "loyalty_id": "L1001", "bound_at": ts(5)}
    )
    rows["stg_support__tickets"].append(
        {
            "ticket_id": "s-anna",
            "line_user_id": line_id(1),
            "email": "anna.work@mail.co",
            "opened_at": ts(6),
            "updated_at": ts(6),
        }
    )
    rows["stg_surveys__responses"].append(
        {"response_id": "r-anna", "email": "anna.work@mail.co", "submitted_at": ts(7)}
    )
    # Somchai and Malee: a family sharing one phone, each with their own CRM contact
    # and loyalty card. The phone must not glue them.
    for who, day, card in (("somchai", 1, "L2001"), ("malee", 2, "L2002")):
        rows["stg_crm__contacts"].append(
            crm(f"c-{who}", day, email=f"{who}@mail.co", phone="+66822222222", loyalty_id=card)
        )
        rows["stg_pos__transactions"].append(
            {"transaction_id": f"t-{who}", "loyalty_id": card, "transacted_at": ts(day + 2)}
        )
    # A store phone typed by the cashier on many receipts of different shoppers in one day.
    for n in range(12):
        rows["stg_pos__transactions"].append(
            {
                "transaction_id": f"t-store-{n}",
                "store_id": "S1",
                "phone": "+66899999999",
                "loyalty_id": f"L30{n:02d}",
                "transacted_at": ts(8, 9 + n // 2),
            }
        )
    # Two strangers whose forms carry a placeholder email.
    for who, day in (("nok", 3), ("ploy", 4)):
        rows["stg_crm__contacts"].append(crm(f"c-{who}", day, email="noemail@gmail.com"))
        rows["stg_surveys__responses"].append(
            {"response_id": f"r-{who}", "email": "noemail@gmail.com", "submitted_at": ts(day)}
        )
    # Lek registered twice in the CRM: no shared email or card, but the same phone and
    # birth date (a household shares a phone, rarely a birth date).
    for contact_id, day, script_name in (("c-lek-1", 2, "lek"), ("c-lek-2", 6, "เล็ก")):
        rows["stg_crm__contacts"].append(
            crm(
                contact_id,
                day,
                phone="+66833333333",
                birth_date=date(1985, 5, 5),
                full_name_normalized=script_name,
            )
        )
    # Noi registered twice with nothing in common but her name (Latin, one typo), birth date
    # and province: only the fuzzy rule, when switched on, ties the two contacts.
    for contact_id, day, name in (("c-noi-1", 3, "noi jaidee"), ("c-noi-2", 7, "noi jaideee")):
        rows["stg_crm__contacts"].append(
            crm(
                contact_id,
                day,
                full_name_normalized=name,
                name_script="latin",
                birth_date=date(1992, 2, 2),
                province="Chiang Mai",
            )
        )
    # Dao and Dang: separate customers in run 1; an order in run 2 ties them together.
    rows["stg_crm__contacts"].append(crm("c-dao", 1, email="dao@mail.co"))
    rows["stg_ecommerce__customers"].append(
        {"customer_id": "k-dang", "email": "dang@mail.co", "created_at": ts(5), "updated_at": ts(5)}
    )
    # Web: a shared tablet logged in to four accounts links none of them.
    for n, who in enumerate(("w1", "w2", "w3", "w4")):
        rows["stg_ecommerce__customers"].append(
            {"customer_id": f"k-{who}", "created_at": ts(1), "updated_at": ts(1)}
        )
        rows["stg_web__events"].append(
            {
                "event_id": f"e-{n}",
                "anonymous_id": "tablet-1",
                "customer_id": f"k-{who}",
                "occurred_at": ts(9),
            }
        )
    return rows


def merge_scenario() -> dict[str, list[dict]]:
    """Run 2: an order of Dang's account placed with Dao's email merges the two."""
    rows = base_scenario()
    rows["stg_ecommerce__orders"].append(
        {
            "order_id": "o-dao-dang",
            "customer_id": "k-dang",
            "email": "dao@mail.co",
            "ordered_at": ts(10),
            "updated_at": ts(10),
        }
    )
    return rows


def split_scenario() -> dict[str, list[dict]]:
    """Run 3: the order is corrected to a guest checkout without Dao's email: they split."""
    rows = merge_scenario()
    for order in rows["stg_ecommerce__orders"]:
        if order["order_id"] == "o-dao-dang":
            order["email"] = None
    return rows


def write_staging(conn, rows: dict[str, list[dict]], schema: str = "staging") -> None:
    """(Re)create the staged tables in `schema` of a DuckDB connection with `rows`."""
    conn.execute(f"create schema if not exists {schema}")
    for table, columns in STAGING_COLUMNS.items():
        column_sql = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        conn.execute(f"create or replace table {schema}.{table} ({column_sql})")
        names = list(columns)
        for row in rows.get(table, []):
            unknown = set(row) - set(names)
            assert not unknown, f"{table}: unknown columns {unknown}"
            conn.execute(
                f"insert into {schema}.{table} values ({', '.join('?' for _ in names)})",
                [row.get(name) for name in names],
            )


# --- tests ----------------------------------------------------------------------------
IDENTITY_SELECTION = [
    "--select",
    "path:seeds/identity",
    "path:models/intermediate/identity",
    "path:models/marts/identity",
    # only tests whose every parent is an identity node: others need real staging columns
    "--indirect-selection",
    "cautious",
]


def selftest(tmp_path, args: str) -> dict[str, str]:
    result = run_dbt(
        ["run-operation", "identity_cc_selftest", "--args", args],
        tmp_path / "selftest.duckdb",
        tmp_path / "target",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    line = next(x for x in result.stdout.splitlines() if "identity_cc_selftest:" in x)
    return dict(re.findall(r"(\w+)=(\w+)", line))


def test_a_long_chain_converges_in_logarithmic_rounds(tmp_path):
    # 100,000 records linked hop by hop: label propagation would need 100,000 rounds;
    # contraction with pointer jumping needs O(log n), the macro asserts <= log2(n).
    stats = selftest(tmp_path, "{nodes: 100000}")
    assert stats["components"] == "1"
    assert int(stats["rounds"]) <= 17
    ordered = selftest(tmp_path, "{nodes: 100000, ordered: true}")
    assert ordered["components"] == "1"
    assert int(ordered["rounds"]) <= 17
    # as the record clustering calls it: the root's own row left out
    rootless = selftest(tmp_path, "{nodes: 100000, include_roots: false}")
    assert rootless["components"] == "1"
    assert rootless["counted_nodes"] == "100000"


def test_pair_metrics():
    assert pair_metrics(10, 8, 8) == (1.0, 0.8, pytest.approx(8 / 9))
    assert pair_metrics(0, 0, 0) == (1.0, 1.0, 1.0)


@pytest.fixture(scope="module")
def identity_runs(tmp_path_factory):
    """Three builds of the identity models on hand-made staging rows: the base cases,
    then (with --full-refresh) an order that merges two customers, then a correction
    that splits them again. Returns the customer of every record after each run."""
    root = tmp_path_factory.mktemp("identity_cases")
    warehouse, target = root / "identity.duckdb", root / "target"
    snapshots = []
    for rows, extra in (
        (base_scenario(), []),
        (merge_scenario(), ["--full-refresh"]),
        (split_scenario(), []),
    ):
        with duckdb.connect(str(warehouse)) as conn:
            write_staging(conn, rows)
        result = run_dbt(["build", *IDENTITY_SELECTION, *extra], warehouse, target)
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
        with duckdb.connect(str(warehouse), read_only=True) as conn:
            xref = dict(
                conn.execute(
                    "select source_system || ':' || source_record_id, customer_id "
                    "from marts.customer_xref"
                ).fetchall()
            )
            history = conn.execute(
                "select change_type, from_customer_id, to_customer_id "
                "from marts.customer_id_history order by changed_at"
            ).fetchall()
            aliases = dict(
                conn.execute(
                    "select alias_customer_id, customer_id from marts.customer_id_aliases"
                ).fetchall()
            )
            dropped = conn.execute(
                "select identifier_type, identifier_value, constraint_name "
                "from marts.identity_dropped_links"
            ).fetchall()
            golden = conn.execute(
                "select customer_id, first_name, email, email_source_system, has_email_consent "
                "from marts.customer_golden_records"
            ).fetchall()
            leftovers = conn.execute(
                "select table_schema || '.' || table_name from information_schema.tables "
                "where table_name like 'int\\_identity%\\_\\_%' escape '\\' "
                "and table_name not like '%\\_\\_cc\\_stats' escape '\\'"
            ).fetchall()
        snapshots.append(
            {
                "xref": xref,
                "history": history,
                "aliases": aliases,
                "dropped": dropped,
                "golden": {row[0]: row[1:] for row in golden},
                "leftovers": [row[0] for row in leftovers],
            }
        )
    return snapshots


def test_a_chain_linked_hop_by_hop_is_one_customer(identity_runs):
    xref = identity_runs[0]["xref"]
    chain = [
        "crm:c-anna",
        "ecommerce_customer:k-anna",
        "ecommerce_order:o-anna",
        "pos:t-anna",
        f"line:{line_id(1)}",
        "support:s-anna",
        "survey:r-anna",
    ]
    assert len({xref[key] for key in chain}) == 1


def test_no_identity_work_table_is_left_in_the_warehouse(identity_runs):
    # the loops' scratch tables are DuckDB temporary tables and every one is dropped;
    # only the statistics `<model>__cc_stats` stay, for identity_resolution_convergence
    for run in identity_runs:
        assert run["leftovers"] == []


def test_a_shared_family_phone_does_not_glue_two_people(identity_runs):
    run = identity_runs[0]
    xref = run["xref"]
    assert xref["crm:c-somchai"] != xref["crm:c-malee"]
    assert xref["crm:c-somchai"] == xref["pos:t-somchai"]
    assert xref["crm:c-malee"] == xref["pos:t-malee"]
    assert ("phone", "+66822222222", "one_crm_contact") in run["dropped"]


def test_duplicate_crm_contacts_with_phone_and_birth_date_are_one_customer(identity_runs):
    xref = identity_runs[0]["xref"]
    assert xref["crm:c-lek-1"] == xref["crm:c-lek-2"]


def test_the_fuzzy_rule_is_off_by_default(identity_runs):
    xref = identity_runs[0]["xref"]
    assert xref["crm:c-noi-1"] != xref["crm:c-noi-2"]


def test_the_fuzzy_rule_links_similar_name_birth_date_and_province(tmp_path):
    warehouse, target = tmp_path / "fuzzy.duckdb", tmp_path / "target"
    with duckdb.connect(str(warehouse)) as conn:
        write_staging(conn, base_scenario())
    result = run_dbt(
        ["build", *IDENTITY_SELECTION, "--vars", "{identity_fuzzy_enabled: true}"],
        warehouse,
        target,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        customers = conn.execute(
            "select count(distinct customer_id) from marts.customer_xref "
            "where source_record_id in ('c-noi-1', 'c-noi-2')"
        ).fetchall()[0][0]
        links = conn.execute(
            "select rule_name, name_similarity, link_status from marts.identity_edges "
            "where identifier_type = 'name_dob_province'"
        ).fetchall()
        family = conn.execute(
            "select count(distinct customer_id) from marts.customer_xref "
            "where source_record_id in ('c-somchai', 'c-malee')"
        ).fetchall()[0][0]
    assert customers == 1
    assert len(links) == 1
    rule, similarity, status = links[0]
    assert rule == "similar_name_dob_province" and status == "accepted"
    assert 0.92 <= similarity < 1.0
    assert family == 2


def test_a_store_phone_links_nothing(identity_runs):
    xref = identity_runs[0]["xref"]
    assert len({xref[f"pos:t-store-{n}"] for n in range(12)}) == 12


def test_a_placeholder_email_links_nothing(identity_runs):
    xref = identity_runs[0]["xref"]
    customers = {xref[k] for k in ("crm:c-nok", "crm:c-ploy", "survey:r-nok", "survey:r-ploy")}
    assert len(customers) == 4


def test_a_shared_tablet_links_none_of_its_accounts(identity_runs):
    xref = identity_runs[0]["xref"]
    accounts = {xref[f"ecommerce_customer:k-{who}"] for who in ("w1", "w2", "w3", "w4")}
    assert len(accounts) == 4


def test_a_merge_keeps_the_older_id_and_records_the_alias(identity_runs):
    before, after = identity_runs[0]["xref"], identity_runs[1]["xref"]
    dao, dang = before["crm:c-dao"], before["ecommerce_customer:k-dang"]
    assert dao != dang
    # Assigned in the same run: the id whose oldest record is older (Dao's) survives,
    # through a --full-refresh.
    assert after["crm:c-dao"] == after["ecommerce_customer:k-dang"] == dao
    assert after["ecommerce_order:o-dao-dang"] == dao
    assert identity_runs[1]["aliases"] == {dang: dao}
    assert ("merged", dang, dao) in identity_runs[1]["history"]
    # Nobody else changed id.
    unchanged = [k for k in before if k != "ecommerce_customer:k-dang"]
    assert all(before[k] == after[k] for k in unchanged)


def test_a_split_leaves_the_id_with_the_oldest_record(identity_runs):
    merged, split = identity_runs[1]["xref"], identity_runs[2]["xref"]
    dao = merged["crm:c-dao"]
    assert split["crm:c-dao"] == dao
    new_id = split["ecommerce_customer:k-dang"]
    assert new_id != dao and split["ecommerce_order:o-dao-dang"] == new_id
    assert ("split", dao, new_id) in identity_runs[2]["history"]
    assert all(split[k] == merged[k] for k in merged if "dang" not in k)


def test_the_golden_record_keeps_provenance(identity_runs):
    xref, golden = identity_runs[0]["xref"], identity_runs[0]["golden"]
    first_name, email, email_source, has_email_consent = golden[xref["crm:c-anna"]]
    assert first_name == "Anna"
    assert email in {"anna@mail.co", "anna.work@mail.co"} and email_source
    assert has_email_consent is True


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_accuracy_on_generated_data(pipeline_run):
    """Pairwise precision >= 0.995 and recall >= 0.98 against the generator's truth."""
    assert pipeline_run.success
    accuracy = measure_warehouse(
        pipeline_run.warehouse_path, pipeline_run.truth_dir / "customer_xref_truth.csv"
    )
    print(accuracy.summary())
    assert accuracy.records_matched > 0
    assert accuracy.precision >= 0.995, accuracy.summary()
    assert accuracy.recall >= 0.98, accuracy.summary()
