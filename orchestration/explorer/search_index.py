"""The explorer's tables in the published file, built at publish time.

`explorer.search_keys` (key_value, key_type, customer_id): one row per way to find a
customer - every normalized email, phone, loyalty id and LINE id any of their records
carries, their names (full, first and last, lower case), every source record id, the
customer id and the retired ids merged into it - sorted by the key so a lookup reads
one row group (DuckDB's zone maps). `explorer.customer_attributes`: every candidate value
of a golden-record attribute with the record that supplied it and when, sorted by
customer, so the profile can say when each golden value was seen.

Values come from the published marts (golden records, xref, identity links) and,
when the warehouse has it, from `intermediate.int_customer_attributes_unioned`
(all values of all records, not only the golden ones and the linking ones).

An erased person cannot be found: only customers present in
`marts.customer_golden_records` are indexed, and `explorer.suppressed_customers`
lists any customer whose id is on the privacy suppression list all the same (the
erasure purge should have removed them; the explorer does not rely on it), so
neither search nor a direct link shows them.
"""

from __future__ import annotations

import os

import duckdb

from orchestration.duckdb_catalog import has_table

SCHEMA = "explorer"
ATTRIBUTES_SOURCE = ("intermediate", "int_customer_attributes_unioned")
# the marts the explorer tables are built from; without them publishing skips the explorer
EXPLORER_INPUTS = (
    "customer_golden_records",
    "customer_xref",
    "identity_edges",
    "customer_id_aliases",
)

_ATTRIBUTE_COLUMNS = """
    customer_id varchar, attribute_name varchar, attribute_value varchar,
    attribute_value_2 varchar, source_system varchar, source_record_id varchar,
    observed_at timestamp
"""

# Tables the explorer reads one customer at a time (marts and their bi twins), and the
# column publishing sorts them by: a lookup then reads a row group or two (zone maps).
LOOKUP_ORDER = {
    "customer_golden_records": "customer_id",
    "customer_360": "customer_id",
    "customer_xref": "customer_id",
    "customer_segments": "customer_id",
    "fct_touchpoints": "customer_id",
    "identity_cluster_stats": "customer_id",
    "identity_edges": "customer_id_a",
}

# macros/privacy/privacy_hash.sql: sha256 of '<salt>:' || '<kind>:<value>', salt from the
# environment dbt runs in
SALT_VARIABLE, DEFAULT_SALT = "C360_PRIVACY_SALT", "customer360-change-me"

_SUPPRESSED = """
create or replace table explorer.suppressed_customers as
select customer_id
from marts.customer_golden_records
where sha256(? || ':customer:' || customer_id) in (
    select suppressed_hash from marts.privacy_suppression_list where hash_kind = 'customer'
)
order by customer_id
"""

_SEARCH_KEYS = """
create or replace table explorer.search_keys as
with
golden as (
    select * from marts.customer_golden_records
),

identifiers_of_records as (
    select attribute_value as key_value, attribute_name as key_type, customer_id
    from explorer.customer_attributes
    where attribute_name in ('email', 'phone', 'loyalty_id', 'line_user_id')
),

golden_identifiers as (
    unpivot (select customer_id, email, phone, loyalty_id, line_user_id from golden)
    on email, phone, loyalty_id, line_user_id
    into name key_type value key_value
),

linked_identifiers as (
    select identifier_value as key_value, identifier_type as key_type,
        customer_id_a as customer_id
    from marts.identity_edges
    where identifier_type in ('email', 'phone', 'loyalty_id', 'line_user_id')
    union all
    select identifier_value, identifier_type, customer_id_b
    from marts.identity_edges
    where identifier_type in ('email', 'phone', 'loyalty_id', 'line_user_id')
        and customer_id_b <> customer_id_a
),

names as (
    select customer_id, attribute_value as first_name, attribute_value_2 as last_name
    from explorer.customer_attributes
    where attribute_name = 'name'
    union all
    select customer_id, first_name, last_name from golden
),

name_keys as (
    select lower(concat_ws(' ', first_name, last_name)) as key_value, 'name' as key_type,
        customer_id
    from names
    union all
    select lower(first_name), 'name', customer_id from names
    union all
    select lower(last_name), 'name', customer_id from names
),

all_keys as (
    select * from identifiers_of_records
    union all
    select key_value, key_type, customer_id from golden_identifiers
    union all
    select * from linked_identifiers
    union all
    select * from name_keys
    union all
    select source_record_id, 'record_id', customer_id from marts.customer_xref
    union all
    select customer_id, 'customer_id', customer_id from golden
    union all
    select aliases.alias_customer_id, 'merged_customer_id', aliases.customer_id
    from marts.customer_id_aliases as aliases
    inner join golden on aliases.customer_id = golden.customer_id
)

select distinct key_value, key_type, customer_id
from all_keys
where key_value is not null and key_value <> ''
    and customer_id not in (select customer_id from explorer.suppressed_customers)
order by key_value
"""


def build_explorer_tables(conn: duckdb.DuckDBPyConnection, source: str = "src") -> dict[str, int]:
    """Create the explorer schema in the database `conn` writes (marts already copied);
    `customer_attributes` is patched when a previous publication left it (publication_patch).

    `source` is the attached warehouse; its attributes table is used when it exists.
    Returns rows per table.
    """
    conn.execute(f"create schema if not exists {SCHEMA}")
    if has_table(
        conn,
        conn.execute("select current_database()").fetchall()[0][0],
        "marts",
        "privacy_suppression_list",
    ):
        conn.execute(_SUPPRESSED, [os.environ.get(SALT_VARIABLE, DEFAULT_SALT)])
    else:
        conn.execute(f"create or replace table {SCHEMA}.suppressed_customers (customer_id varchar)")
    schema, table = ATTRIBUTES_SOURCE
    if has_table(conn, source, schema, table):
        # publication_patch imports this module's LOOKUP_ORDER
        from orchestration.publication_patch import create_state_table, update_table_from_query

        # publishing created it already; this also builds the tables of a bare file (tests)
        create_state_table(conn)
        # patched customer by customer when a previous publication left the table here
        update_table_from_query(
            conn,
            SCHEMA,
            "customer_attributes",
            f"""
            select customer_id, attribute_name, attribute_value, attribute_value_2,
                source_system, source_record_id, cast(observed_at as timestamp) as observed_at
            from "{source}"."{schema}"."{table}"
            where customer_id in (select customer_id from marts.customer_golden_records)
                and customer_id not in (select customer_id from {SCHEMA}.suppressed_customers)
            """,
            key="customer_id",
            order_by="customer_id",
        )
    else:
        conn.execute(f"create or replace table {SCHEMA}.customer_attributes ({_ATTRIBUTE_COLUMNS})")
    conn.execute(_SEARCH_KEYS)
    return {
        f"{SCHEMA}.{name}": conn.execute(f"select count(*) from {SCHEMA}.{name}").fetchall()[0][0]
        for name in ("suppressed_customers", "customer_attributes", "search_keys")
    }
