"""The explorer's pages: Streamlit calls on top of queries.py and graph.py (no SQL here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from orchestration.explorer import graph, queries

SEARCH_HELP = (
    "Email, phone (any form: 081-234-5678, +66 81 234 5678, 0066...), LINE user id, "
    "loyalty id, name (Thai or Latin script, beginning of a name is enough), customer id, "
    "or a source record id (contact, order, receipt, ticket)."
)


@dataclass(frozen=True)
class Context:
    published: Path
    masked_only: bool = False

    @property
    def masked(self) -> bool:
        return self.masked_only or bool(st.session_state.get("masked", False))


# connection ---------------------------------------------------------------------------------


@st.cache_resource(max_entries=2, show_spinner=False)
def _database(path: str, stamp: tuple[int, int]) -> duckdb.DuckDBPyConnection:
    # keyed on the file's inode and mtime: a new publish swaps the file in, and the
    # next rerun opens the new one (readers of the old one keep their snapshot)
    return queries.connect(path)


def _stamp(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_ino, stat.st_mtime_ns


def reader(context: Context) -> queries.Reader | None:
    if not context.published.exists():
        st.error(
            f"No published warehouse at `{context.published}`. Build one with "
            "`c360 demo` (or `c360 run`), or point `c360 explore --published` at one."
        )
        return None
    base = _database(str(context.published), _stamp(context.published))
    # one cursor per rerun: Streamlit runs each browser session in its own thread
    db = queries.Reader(base.cursor(), masked=context.masked)
    if not db.has("explorer", "search_keys"):
        st.error(
            f"`{context.published}` has no explorer index (published by an older version): "
            "run `c360 run` again to republish it."
        )
        return None
    return db


def sidebar(context: Context) -> None:
    with st.sidebar:
        if context.masked_only:
            st.toggle("Masked mode", value=True, disabled=True, key="masked_locked")
            st.caption("Started with `--masked`: clear email and phone are never shown.")
        else:
            st.toggle(
                "Masked mode",
                key="masked",
                help="Read the bi schema: email and phone masked, identifiers hashed.",
            )
        st.caption(f"Reading `{context.published}` (read-only).")


# profile page -------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def _table(frame: pd.DataFrame, key: str | None = None) -> None:
    """A static HTML table (its text is in the page, unlike st.dataframe's canvas)."""
    with st.container(key=key):
        st.table(frame.astype(object).map(_cell), hide_index=True)


def _fmt(value: Any, money: bool = False) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "-"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    if money:
        return f"฿{float(value):,.2f}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _open(customer_id: str) -> None:
    st.query_params["customer"] = customer_id


def profile_page(context: Context) -> None:
    st.title("Customer profile")
    db = reader(context)
    if db is None:
        return
    if context.masked:
        st.caption("Masked mode: bi schema, no clear email or phone.")
    with st.form("search", border=False):
        columns = st.columns([5, 1], vertical_alignment="bottom")
        text = columns[0].text_input(
            "Find a customer",
            key="search_text",
            help=SEARCH_HELP,
            placeholder="email, phone, LINE id, loyalty id, name or id",
        )
        submitted = columns[1].form_submit_button("Search", type="primary")
    if submitted:
        st.session_state["query"] = text
    query = st.session_state.get("query")
    # searched again on every rerun, so the list follows the masked mode switch
    result = queries.search(db, query) if query else None
    if submitted and result is not None:
        if len(result.matches) == 1:
            _open(result.matches[0].customer_id)
        else:
            st.query_params.pop("customer", None)
    customer_id = st.query_params.get("customer")
    if result is not None and not customer_id:
        _matches(result)
    if customer_id:
        note = None
        if result is not None:
            note = next(
                (m.merge_note for m in result.matches if m.customer_id == customer_id), None
            )
        _profile(db, customer_id, note)


def _matches(result: queries.SearchResult) -> None:
    if not result.keys:
        st.warning("Nothing searchable in that text (a placeholder email or phone is not).")
        return
    if not result.matches:
        st.warning("No customer found.")
        return
    more = " (first 50)" if result.truncated else ""
    st.caption(f"{len(result.matches)} customers{more} in {result.seconds * 1000:.0f} ms")
    for match in result.matches:
        cols = st.columns([3, 3, 2, 2], vertical_alignment="center")
        cols[0].button(
            f"{match.display_name} · {match.customer_id}",
            key=f"open-{match.customer_id}",
            on_click=_open,
            args=(match.customer_id,),
        )
        cols[1].write(" · ".join(v for v in (match.email, match.phone) if v) or "")
        cols[2].write(f"matched on {', '.join(sorted(match.matched_on))}")
        cols[3].write(f"{match.record_count or 0} records")
        if match.merge_note:
            st.info(match.merge_note)


def _profile(db: queries.Reader, customer_id: str, note: str | None) -> None:
    found = queries.profile(db, customer_id)
    if found is None:
        alias = queries.search(db, customer_id)
        target = next((m for m in alias.matches if m.merged_from), None)
        if target is None:
            st.warning(f"No customer {customer_id} (erased, or never existed).")
            return
        note, customer_id = target.merge_note, target.customer_id
        found = queries.profile(db, customer_id)
        if found is None:
            st.warning(f"No customer {customer_id}.")
            return
    if note:
        st.info(note, icon=":material/merge:")
    golden = found.golden
    name = " ".join(str(v) for v in (golden.get("first_name"), golden.get("last_name")) if v)
    st.header(name or "(no name)")
    st.caption(
        f"Customer id `{customer_id}` · {golden.get('record_count')} source records · "
        f"sources: {found.figures.get('source_systems') or '-'}"
    )
    tab_profile, tab_timeline, tab_graph = st.tabs(["Profile", "Timeline", "Identity graph"])
    with tab_profile:
        _profile_tab(found)
    with tab_timeline:
        _timeline_tab(db, customer_id)
    with tab_graph:
        _identity_tab(db, customer_id)


def _profile_tab(found: queries.Profile) -> None:
    figures, segments = found.figures, found.segments
    first, second = st.columns(4), st.columns(4)
    first[0].metric(
        "Orders",
        _fmt(figures.get("total_orders")),
        help=f"{_fmt(figures.get('completed_orders'))} completed",
    )
    first[1].metric("Revenue", _fmt(figures.get("revenue_total"), money=True))
    first[2].metric("Average order", _fmt(figures.get("average_order_value"), money=True))
    first[3].metric("Last order", _fmt(figures.get("last_order_at"))[:10])
    second[0].metric("CSAT", _fmt(figures.get("average_csat_score")), help="mean, 1-5")
    second[1].metric(
        "NPS",
        _fmt(figures.get("latest_nps_score")),
        help=f"latest answer (0-10): {_fmt(figures.get('latest_nps_category'))}",
    )
    second[2].metric("Support tickets", _fmt(figures.get("tickets_total")))
    second[3].metric("First seen", _fmt(figures.get("first_seen_at"))[:10])
    st.subheader("Segments")
    badges = st.container(horizontal=True)
    for label, key, colour in (
        ("RFM", "rfm_segment", "blue"),
        ("Lifecycle", "lifecycle_stage", "green"),
        ("Value tier", "value_tier", "orange"),
        ("Engagement", "engagement_level", "violet"),
    ):
        badges.badge(f"{label}: {_fmt(segments.get(key))}", color=colour)
    st.caption(
        f"Interests: {segments.get('interests') or '-'} · "
        f"RFM cell {_fmt(segments.get('rfm_cell'))} · "
        f"lifecycle stage since {_fmt(segments.get('lifecycle_stage_since'))[:10]} · "
        f"engagement score {_fmt(segments.get('engagement_score'))}"
    )
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Golden record")
        _table(found.attributes, key="golden-record")
    with right:
        st.subheader("Consent")
        _table(found.consent, key="consent")
        st.subheader("Segment memberships")
        _table(found.memberships)
    with st.expander("Every value the customer's records carry"):
        _table(found.other_values)


def _timeline_tab(db: queries.Reader, customer_id: str) -> None:
    channels = queries.timeline_channels(db, customer_id)
    chosen = st.multiselect("Channels", channels, default=channels, key=f"channels-{customer_id}")
    events = queries.timeline(db, customer_id, chosen)
    st.caption(f"{len(events)} touchpoints, newest first")
    st.dataframe(events, hide_index=True, width="stretch")


def _identity_tab(db: queries.Reader, customer_id: str) -> None:
    found = queries.identity(db, customer_id)
    records = list(found.records.itertuples(index=False, name=None))
    drawn = graph.build_graph(
        records,
        graph.links_from_rows(found.links.to_dict("records")),
        graph.links_from_rows(found.dropped.to_dict("records"), customer_id),
    )
    st.caption(
        f"{len(records)} source records, {len(found.links)} links that made this customer, "
        f"{len(found.dropped)} links dropped by guardrails"
        + (
            f" ({sum(drawn.hidden_records.values())} records not drawn)"
            if drawn.hidden_records
            else ""
        )
    )
    st.graphviz_chart(drawn.to_dot(customer_id), width="stretch")
    left, right = st.columns([2, 3])
    with left:
        st.subheader("Source records")
        _table(found.records, key="source-records")
    with right:
        st.subheader("Links")
        _table(found.links.drop(columns=["name_similarity"]), key="links")
    st.subheader("Links dropped by guardrails")
    if found.dropped.empty:
        st.caption("None: no guardrail stopped a link to or from this customer.")
    else:
        _table(found.dropped, key="dropped-links")
    st.subheader("Merge and split history")
    if found.history.empty and found.aliases.empty:
        st.caption("The id has not been merged or split.")
    else:
        _table(found.history)
        if not found.aliases.empty:
            st.caption("Retired ids that now lead here")
            _table(found.aliases)


# overview page ------------------------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner="Reading the marts...")
def _overview(path: str, stamp: tuple[int, int], masked: bool) -> dict[str, pd.DataFrame]:
    conn = _database(path, stamp).cursor()
    try:
        return queries.overview(queries.Reader(conn, masked=masked))
    finally:
        conn.close()


def overview_page(context: Context) -> None:
    st.title("Overview")
    db = reader(context)
    if db is None:
        return
    data = _overview(str(context.published), _stamp(context.published), context.masked)
    st.caption(f"As of {queries.as_of_date(db)}")
    c360 = data["lifecycle"]["customers"].sum()
    st.metric("Customers", f"{c360:,}")

    left, right = st.columns(2)
    with left:
        st.subheader("Customers by lifecycle stage")
        st.bar_chart(
            data["lifecycle"],
            x="lifecycle_stage",
            y="customers",
            horizontal=True,
            sort="-customers",
        )
    with right:
        st.subheader("Customers by RFM segment")
        st.bar_chart(
            data["rfm"], x="rfm_segment", y="customers", horizontal=True, sort="-customers"
        )

    left, right = st.columns(2)
    with left:
        st.subheader("Engagement levels over time")
        st.caption("Customers active each month, by their current engagement level")
        st.area_chart(
            data["engagement_over_time"],
            x="month",
            y="customers",
            color="engagement_level",
            stack=True,
        )
    with right:
        st.subheader("Revenue by channel and month")
        st.bar_chart(data["revenue"], x="month", y="revenue", color="sales_channel")

    left, right = st.columns(2)
    with left:
        st.subheader("Campaign return on spend")
        st.bar_chart(
            data["campaigns"],
            x="campaign_name",
            y="return_on_spend",
            color="campaign_channel",
            horizontal=True,
        )
    with right:
        st.subheader("NPS and CSAT")
        surveys = data["surveys"]
        st.line_chart(surveys, x="month", y="nps", y_label="NPS")
        st.line_chart(surveys, x="month", y="csat", y_label="CSAT (1-5)")

    left, right = st.columns(2)
    with left:
        st.subheader("Consent coverage per channel")
        st.bar_chart(data["consent"], x="channel", y="percent", y_label="% of customers")
    with right:
        st.subheader("Identity health")
        st.caption("Customers by number of source records (30 = 30 or more)")
        st.bar_chart(data["cluster_sizes"], x="records", y="customers")
    left, right = st.columns(2)
    with left:
        st.subheader("Links dropped by guardrails")
        if data["dropped"].empty:
            st.caption("No link was dropped.")
        else:
            st.bar_chart(
                data["dropped"],
                x="constraint_name",
                y="links",
                color="identifier_type",
                horizontal=True,
            )
    with right:
        st.subheader("Merges and splits per run")
        if data["id_changes"].empty:
            st.caption("No customer id was merged, split or moved yet.")
        else:
            st.bar_chart(data["id_changes"], x="changed_at", y="changes", color="change_type")
