"""What the explorer's pages show, as plain functions over a read-only DuckDB connection.

Every per-customer query filters on one customer id, and the published tables are
written in customer id order (orchestration/publishing.py), so each reads a row
group or two. Search goes through `explorer.search_keys`, sorted by key.

In masked mode (`Reader(conn, masked=True)`) customer tables are read from the `bi`
schema, identity tables (which have no `bi` twin) from `marts` with their shared
values masked, and every text that leaves this module is scrubbed of clear email
addresses and phone numbers (masking.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from orchestration.explorer.masking import (
    mask_identifier,
    mask_record_id,
    scrub_frame,
    scrub_text,
)
from orchestration.explorer.normalize import SearchKey, search_keys

MAX_MATCHES = 50
CONSENT_CHANNELS = ("email", "sms", "line")
GOLDEN_ATTRIBUTES = (
    "name",
    "email",
    "phone",
    "birth_date",
    "gender",
    "province",
    "loyalty_id",
    "line_user_id",
)
# search key types of the index each kind of search key looks at
_INDEX_TYPES = {
    "customer_id": ("customer_id", "merged_customer_id"),
    "record_id": ("record_id",),
}


def connect(published_path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse read-only (it is never written in place)."""
    return duckdb.connect(str(published_path), read_only=True)


class Reader:
    """A read-only connection and the mode it is read in."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, masked: bool = False) -> None:
        self.conn = conn
        self.masked = masked
        self._tables = {
            (schema, name)
            for schema, name in conn.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }

    def is_suppressed(self, customer_id: str) -> bool:
        """True for a customer on the privacy suppression list (erased, whatever the marts say)."""
        if not self.has("explorer", "suppressed_customers"):
            return False
        return bool(
            self.conn.execute(
                "select count(*) from explorer.suppressed_customers where customer_id = ?",
                [customer_id],
            ).fetchall()[0][0]
        )

    def has(self, schema: str, name: str) -> bool:
        return (schema, name) in self._tables

    def table(self, name: str) -> str:
        """A customer table: `bi.<name>` in masked mode when bi has it, else `marts.<name>`."""
        if self.masked and self.has("bi", name):
            return f"bi.{name}"
        return f"marts.{name}"

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        frame = self.conn.execute(sql, list(params)).df()
        return scrub_frame(frame) if self.masked else frame

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.frame(sql, params).to_dict("records")

    def show(self, value: Any) -> Any:
        return scrub_text(value) if self.masked else value


# search -------------------------------------------------------------------------------------


@dataclass
class Match:
    customer_id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    record_count: int | None = None
    matched_on: set[str] = field(default_factory=set)
    merged_from: set[str] = field(default_factory=set)

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or "(no name)"

    @property
    def merge_note(self) -> str | None:
        if not self.merged_from:
            return None
        ids = ", ".join(sorted(self.merged_from))
        return f"{ids} was merged into {self.customer_id}; showing the customer that absorbed it."


@dataclass
class SearchResult:
    text: str
    keys: list[SearchKey]
    matches: list[Match]
    truncated: bool = False
    seconds: float = 0.0


def _key_query(key: SearchKey) -> tuple[str, list[Any]]:
    select = "select key_type, customer_id, key_value from explorer.search_keys where "
    if key.prefix:
        # a range on the sorted key (zone maps prune it); U+10FFFF sorts after any character
        return (
            select + "key_value >= ? and key_value < ? and key_type = ?",
            [key.value, key.value + "\U0010ffff", key.key_type],
        )
    types = _INDEX_TYPES.get(key.key_type, (key.key_type,))
    marks = ", ".join("?" for _ in types)
    return select + f"key_value = ? and key_type in ({marks})", [key.value, *types]


def search(reader: Reader, text: str, limit: int = MAX_MATCHES) -> SearchResult:
    """Customers whose records carry the searched value, best readings first."""
    started = time.perf_counter()
    keys = search_keys(text)
    if not keys:
        return SearchResult(text, keys, [], seconds=time.perf_counter() - started)
    parts, params = [], []
    for key in keys:
        sql, key_params = _key_query(key)
        parts.append(f"({sql} limit {limit * 20})")
        params.extend(key_params)
    hits = reader.conn.execute(" union all ".join(parts), params).fetchall()
    matches: dict[str, Match] = {}
    for key_type, customer_id, key_value in hits:
        match = matches.setdefault(customer_id, Match(customer_id))
        match.matched_on.add("customer_id" if key_type == "merged_customer_id" else key_type)
        if key_type == "merged_customer_id":
            match.merged_from.add(key_value)
    ranked = sorted(
        matches.values(),
        key=lambda m: ("name" in m.matched_on and len(m.matched_on) == 1, m.customer_id),
    )
    truncated = len(ranked) > limit
    ranked = ranked[:limit]
    _describe(reader, ranked)
    return SearchResult(text, keys, ranked, truncated, time.perf_counter() - started)


def _describe(reader: Reader, matches: list[Match]) -> None:
    if not matches:
        return
    by_id = {m.customer_id: m for m in matches}
    marks = ", ".join("?" for _ in by_id)
    rows = reader.conn.execute(
        f"select customer_id, first_name, last_name, email, phone, record_count "
        f"from {reader.table('customer_golden_records')} where customer_id in ({marks})",
        list(by_id),
    ).fetchall()
    for customer_id, first, last, email, phone, records in rows:
        match = by_id[customer_id]
        match.first_name, match.last_name = first, last
        match.email, match.phone = reader.show(email), reader.show(phone)
        match.record_count = records


# profile ------------------------------------------------------------------------------------


@dataclass
class Profile:
    customer_id: str
    golden: dict[str, Any]
    attributes: pd.DataFrame  # attribute, value, source_system, source_record_id, seen_at
    consent: pd.DataFrame  # channel, consent, source_system, source_record_id, signalled_at
    segments: dict[str, Any]
    memberships: pd.DataFrame  # segment_type, segment_name, member_since
    figures: dict[str, Any]
    other_values: pd.DataFrame  # every identifier value the customer's records carry


def _row(reader: Reader, relation: str, customer_id: str, scrub: bool = False) -> dict[str, Any]:
    """One row as a dict (no pandas: a wide row converts slowly), scrubbed if asked."""
    cursor = reader.conn.execute(f"select * from {relation} where customer_id = ?", [customer_id])
    rows = cursor.fetchall()
    if not rows:
        return {}
    names = [column[0] for column in cursor.description]
    values = [scrub_text(v) for v in rows[0]] if scrub else rows[0]
    return dict(zip(names, values, strict=True))


def _one(reader: Reader, table: str, customer_id: str) -> dict[str, Any]:
    return _row(reader, reader.table(table), customer_id, scrub=reader.masked)


def _seen_at(reader: Reader, customer_id: str, provenance: dict[str, Any]) -> dict[str, Any]:
    """When the record behind each golden attribute was seen with that value.

    `provenance` is the clear row of marts.customer_golden_records (in masked mode too:
    only timestamps leave this function), matched with explorer.customer_attributes.
    """
    if not reader.has("explorer", "customer_attributes"):
        return {}
    rows = reader.conn.execute(
        "select attribute_name, source_system, source_record_id, max(observed_at) "
        "from explorer.customer_attributes where customer_id = ? group by all",
        [customer_id],
    ).fetchall()
    seen = {(name, system, record): at for name, system, record, at in rows}
    return {
        name: seen.get(
            (
                name,
                provenance.get(f"{name}_source_system"),
                provenance.get(f"{name}_source_record_id"),
            )
        )
        for name in GOLDEN_ATTRIBUTES
    }


def profile(reader: Reader, customer_id: str) -> Profile | None:
    if reader.is_suppressed(customer_id):
        return None
    provenance = _row(reader, "marts.customer_golden_records", customer_id)
    if not provenance:
        return None
    golden = _one(reader, "customer_golden_records", customer_id) if reader.masked else provenance
    summary = _one(reader, "customer_360", customer_id)
    seen = _seen_at(reader, customer_id, provenance)
    attributes = []
    for name in GOLDEN_ATTRIBUTES:
        if name == "name":
            value = " ".join(
                str(v) for v in (golden.get("first_name"), golden.get("last_name")) if v
            )
        else:
            value = golden.get(name)
        if name in ("loyalty_id", "line_user_id") and reader.masked:
            hashed = summary.get(name)  # bi hashes these in customer_360: show a short form
            value = f"#{hashed[:10]}" if hashed else None
        system = golden.get(f"{name}_source_system")
        record = golden.get(f"{name}_source_record_id")
        attributes.append(
            {
                "attribute": name,
                "value": None if value in ("", None) else str(value),
                "source_system": system,
                "source_record_id": record,
                "seen_at": seen.get(name),
            }
        )
    consent = [
        {
            "channel": channel,
            "consent": {True: "yes", False: "no"}.get(
                golden.get(f"has_{channel}_consent"), "unknown"
            ),
            "source_system": golden.get(f"{channel}_consent_source_system"),
            "source_record_id": golden.get(f"{channel}_consent_source_record_id"),
            "signalled_at": golden.get(f"{channel}_consent_at"),
        }
        for channel in CONSENT_CHANNELS
    ]
    segment_keys = (
        "rfm_segment",
        "rfm_cell",
        "lifecycle_stage",
        "lifecycle_stage_since",
        "value_tier",
        "engagement_level",
        "engagement_score",
        "interests",
    )
    figure_keys = (
        "total_orders",
        "completed_orders",
        "revenue_total",
        "revenue_last_12_months",
        "average_order_value",
        "last_order_at",
        "preferred_channel",
        "favourite_category",
        "average_csat_score",
        "latest_nps_score",
        "latest_nps_category",
        "tickets_total",
        "first_seen_at",
        "last_seen_at",
        "source_systems",
    )
    memberships = reader.frame(
        f"select segment_type, segment_name, member_since "
        f"from {reader.table('customer_segments')} where customer_id = ? order by 1, 2",
        [customer_id],
    )
    return Profile(
        customer_id=customer_id,
        golden=golden,
        attributes=_scrub(reader, pd.DataFrame(attributes)),
        consent=_scrub(reader, pd.DataFrame(consent)),
        segments={k: summary.get(k) for k in segment_keys},
        figures={k: summary.get(k) for k in figure_keys},
        memberships=memberships,
        other_values=_other_values(reader, customer_id),
    )


def _scrub(reader: Reader, frame: pd.DataFrame) -> pd.DataFrame:
    return scrub_frame(frame) if reader.masked else frame


def _other_values(reader: Reader, customer_id: str) -> pd.DataFrame:
    if not reader.has("explorer", "customer_attributes"):
        return pd.DataFrame(columns=["attribute", "value", "records", "last_seen_at"])
    frame = reader.conn.execute(
        "select attribute_name as attribute, "
        "concat_ws(' ', attribute_value, attribute_value_2) as value, "
        "count(*) as records, max(observed_at) as last_seen_at "
        "from explorer.customer_attributes where customer_id = ? "
        "group by all order by attribute, records desc, value",
        [customer_id],
    ).df()
    if reader.masked:
        frame["value"] = [
            mask_identifier(a, v) if a in ("email", "phone", "loyalty_id", "line_user_id") else v
            for a, v in zip(frame["attribute"], frame["value"], strict=True)
        ]
        frame = scrub_frame(frame)
    return frame


# timeline -----------------------------------------------------------------------------------

TIMELINE_COLUMNS = (
    "occurred_at, channel, touchpoint_type, journey_stage, source_system, source_record_id, "
    "campaign_id, order_id, sku, tag, amount"
)


def timeline_channels(reader: Reader, customer_id: str) -> list[str]:
    rows = reader.conn.execute(
        f"select distinct channel from {reader.table('fct_touchpoints')} "
        "where customer_id = ? order by 1",
        [customer_id],
    ).fetchall()
    return [r[0] for r in rows if r[0] is not None]


def _visible(reader: Reader, customer_id: str) -> str:
    # an id no row has, for a customer on the suppression list: every query finds nothing
    return "" if reader.is_suppressed(customer_id) else customer_id


def timeline(
    reader: Reader, customer_id: str, channels: Sequence[str] | None = None, limit: int = 2000
) -> pd.DataFrame:
    """Touchpoints of the customer, newest first, optionally of some channels only."""
    customer_id = _visible(reader, customer_id)
    sql = f"select {TIMELINE_COLUMNS} from {reader.table('fct_touchpoints')} where customer_id = ?"
    params: list[Any] = [customer_id]
    if channels:
        sql += f" and channel in ({', '.join('?' for _ in channels)})"
        params.extend(channels)
    sql += f" order by occurred_at desc, touchpoint_type limit {int(limit)}"
    return reader.frame(sql, params)


# identity -----------------------------------------------------------------------------------


@dataclass
class Identity:
    customer_id: str
    records: pd.DataFrame  # source_system, source_record_id
    links: pd.DataFrame  # accepted links inside the customer
    dropped: pd.DataFrame  # links a guardrail dropped, with one end in the customer
    history: pd.DataFrame  # merges, splits and moves of the id
    aliases: pd.DataFrame  # retired ids that now point here
    stats: dict[str, Any]


_LINK_COLUMNS = (
    "source_system_a, source_record_id_a, source_system_b, source_record_id_b, "
    "identifier_type, identifier_value, rule_name, link_level"
)


def _mask_record_ids(frame: pd.DataFrame, system: str, record_id: str) -> None:
    frame[record_id] = [
        mask_record_id(s, r) for s, r in zip(frame[system], frame[record_id], strict=True)
    ]


def identity(reader: Reader, customer_id: str) -> Identity:
    customer_id = _visible(reader, customer_id)
    # the identity tables have no bi twin: read from marts in both modes and mask here,
    # so records and links keep matching ids
    records = reader.conn.execute(
        "select source_system, source_record_id from marts.customer_xref "
        "where customer_id = ? order by 1, 2",
        [customer_id],
    ).df()
    links = reader.conn.execute(
        f"select {_LINK_COLUMNS}, name_similarity from marts.identity_edges "
        "where customer_id_a = ? and customer_id_b = ? and link_status = 'accepted' "
        "order by link_level desc, identifier_type",
        [customer_id, customer_id],
    ).df()
    dropped = reader.conn.execute(
        f"select {_LINK_COLUMNS}, constraint_name, conflict_kind, customer_id_a, customer_id_b "
        "from marts.identity_dropped_links where customer_id_a = ? "
        "union all "
        f"select {_LINK_COLUMNS}, constraint_name, conflict_kind, customer_id_a, customer_id_b "
        "from marts.identity_dropped_links where customer_id_b = ? and customer_id_a <> ?",
        [customer_id, customer_id, customer_id],
    ).df()
    if reader.masked:
        for frame in (links, dropped):
            frame["identifier_value"] = [
                mask_identifier(t, v)
                for t, v in zip(frame["identifier_type"], frame["identifier_value"], strict=True)
            ]
        _mask_record_ids(records, "source_system", "source_record_id")
        for frame in (links, dropped):
            _mask_record_ids(frame, "source_system_a", "source_record_id_a")
            _mask_record_ids(frame, "source_system_b", "source_record_id_b")
        records, links, dropped = scrub_frame(records), scrub_frame(links), scrub_frame(dropped)
    history = reader.frame(
        "select changed_at, change_type, from_customer_id, to_customer_id, records_changed, run_id "
        "from marts.customer_id_history where from_customer_id = ? or to_customer_id = ? "
        "order by changed_at desc",
        [customer_id, customer_id],
    )
    aliases = reader.frame(
        "select alias_customer_id, former_records, first_assigned_at, retired_at "
        "from marts.customer_id_aliases where customer_id = ? order by retired_at desc",
        [customer_id],
    )
    stats = _one(reader, "identity_cluster_stats", customer_id)
    return Identity(customer_id, records, links, dropped, history, aliases, stats)


# overview -----------------------------------------------------------------------------------


def as_of_date(reader: Reader) -> Any:
    rows = reader.conn.execute(
        f"select max(as_of_date) from {reader.table('customer_360')}"
    ).fetchall()
    return rows[0][0] if rows else None


def overview(reader: Reader) -> dict[str, pd.DataFrame]:
    """Every chart of the overview page, as small frames."""
    c360 = reader.table("customer_360")
    queries = {
        "lifecycle": f"select lifecycle_stage, count(*) as customers from {c360} "
        "group by 1 order by 2 desc",
        "rfm": f"select coalesce(rfm_segment, '(no order)') as rfm_segment, count(*) as customers "
        f"from {c360} group by 1 order by 2 desc",
        # the marts keep the current engagement level only: customers active each month
        # (last 24 months), by the level they have now
        "engagement_over_time": f"""
            select date_trunc('month', activity.activity_date) as month,
                engagement.engagement_level, count(distinct activity.customer_id) as customers
            from {reader.table("customer_daily_activity")} as activity
            join {reader.table("customer_engagement")} as engagement
                on activity.customer_id = engagement.customer_id
            where activity.activity_date > engagement.as_of_date - interval 24 month
            group by all order by 1, 2""",
        "engagement_now": f"select engagement_level, count(*) as customers "
        f"from {reader.table('customer_engagement')} group by 1 order by 1",
        "revenue": f"""
            select date_trunc('month', order_date) as month, sales_channel,
                sum(revenue) as revenue
            from {reader.table("fct_orders")} where is_completed group by all order by 1, 2""",
        "campaigns": f"""
            select campaign_name, campaign_channel, cost, attributed_revenue, return_on_spend
            from {reader.table("campaign_performance")}
            where cost > 0 order by return_on_spend desc nulls last""",
        "surveys": f"""
            select date_trunc('month', submitted_date) as month,
                100.0 * (count(*) filter (where survey_type = 'nps' and nps_category = 'promoter')
                    - count(*) filter (where survey_type = 'nps' and nps_category = 'detractor'))
                    / nullif(count(*) filter (where survey_type = 'nps'), 0) as nps,
                avg(score) filter (where survey_type = 'csat') as csat,
                count(*) as responses
            from {reader.table("fct_survey_responses")} group by 1 order by 1""",
        "consent": f"""
            select channel, consenting, customers,
                round(100.0 * consenting / customers, 1) as percent
            from (
                select 'email' as channel, count(*) filter (where has_email_consent) as consenting,
                    count(*) as customers from {c360}
                union all
                select 'sms', count(*) filter (where has_sms_consent), count(*) from {c360}
                union all
                select 'line', count(*) filter (where has_line_consent), count(*) from {c360}
            ) order by 1""",
        "cluster_sizes": """
            select least(record_count, 30) as records, count(*) as customers
            from marts.identity_cluster_stats group by 1 order by 1""",
        "dropped": """
            select constraint_name, identifier_type, count(*) as links
            from marts.identity_dropped_links group by all order by 3 desc""",
        "id_changes": """
            select changed_at, run_id, change_type, count(*) as changes,
                sum(records_changed) as records
            from marts.customer_id_history group by all order by 1, 3""",
    }
    return {name: reader.frame(sql) for name, sql in queries.items()}


# speed --------------------------------------------------------------------------------------


def lookup(reader: Reader, text: str) -> tuple[SearchResult, Profile | None, Identity | None]:
    """What one lookup in the explorer does: search, then load the first match's profile."""
    result = search(reader, text)
    if not result.matches:
        return result, None, None
    customer_id = result.matches[0].customer_id
    found = profile(reader, customer_id)
    timeline(reader, customer_id)
    return result, found, identity(reader, customer_id)


def lookup_seconds(
    published_path: Path | str, queries: Sequence[str], masked: bool = False
) -> list[float]:
    """Wall-clock seconds of each lookup (search + profile + timeline + identity)."""
    conn = connect(published_path)
    try:
        reader = Reader(conn, masked=masked)
        seconds = []
        for text in queries:
            started = time.perf_counter()
            lookup(reader, text)
            seconds.append(time.perf_counter() - started)
        return seconds
    finally:
        conn.close()
