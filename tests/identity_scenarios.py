"""Hand-made staging rows for the identity tests: the tricky cases, record by record.

`write_staging` creates the staged tables the identity models read (only the columns
they use), so the identity models can be built on exactly these rows.
"""

from __future__ import annotations

from datetime import date, datetime

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
