"""The explorer's pure functions: masking, the identity graph, and search and profile
queries on a tiny hand-made published file (merged ids, an erased person, masked mode)."""

from __future__ import annotations

import re

import duckdb
import pytest

from orchestration.explorer import graph, masking, queries
from orchestration.explorer.search_index import build_explorer_tables

# masking --------------------------------------------------------------------------------------


def test_masks_look_like_the_bi_schema():
    assert masking.mask_email("somchai.j@gmail.com") == "s***@gmail.com"
    assert masking.mask_phone("+66812345678") == "+66*****5678"
    assert masking.mask_identifier("phone_birth_date", "+66812345678|1990-03-15") == (
        "+66*****5678|1990"
    )
    assert masking.mask_identifier("loyalty_id", "L123").startswith("#")


@pytest.mark.parametrize(
    "text",
    [
        "somchai.j@gmail.com",
        "mail somchai.j@gmail.com now",
        "+66812345678",
        "0812345678",
        "66812345678",
        "phone_birth_date +66812345678|1990-03-15",
    ],
)
def test_scrub_leaves_no_clear_contact(text):
    scrubbed = masking.scrub_text(text)
    assert not masking.has_clear_contact(scrubbed), scrubbed
    assert "***" in scrubbed


def test_masked_email_record_ids_stay_distinct():
    one = masking.mask_record_id("email", "somchai.j@gmail.com")
    other = masking.mask_record_id("email", "sunee.k@gmail.com")
    assert one != other and one.startswith("s***@gmail.com #")
    assert not masking.has_clear_contact(one)
    assert masking.mask_record_id("crm", "C46675043") == "C46675043"


@pytest.mark.parametrize(
    "text", ["SO0344388523", "TX6681234567", "004281208987", "C46675043", "s***@gmail.com"]
)
def test_scrub_leaves_record_ids_and_masked_values_alone(text):
    assert masking.scrub_text(text) == text
    assert not masking.has_clear_contact(text)


# graph ----------------------------------------------------------------------------------------

CRM, SHOP, POS = ("crm", "C1"), ("ecommerce_customer", "K1"), ("pos", "T1")


def _link(a, b, kind="phone", rule="same_phone", value="+66812345678", **kw):
    return graph.Link(a, b, kind, rule, value, **kw)


def test_graph_labels_each_link_with_identifier_value_and_rule():
    drawn = graph.build_graph(
        [CRM, SHOP, POS], [_link(CRM, SHOP), _link(CRM, POS, "loyalty_id", "same_loyalty_id", "L1")]
    )
    dot = drawn.to_dot("C0000000000000001")
    assert dot.startswith("graph identity {") and dot.rstrip().endswith("}")
    assert '"crm:C1" -- "ecommerce_customer:K1" [label="phone +66812345678\\nsame_phone"]' in dot
    assert "loyalty_id L1\\nsame_loyalty_id" in dot
    assert dot.count("--") == 2


def test_graph_can_hide_values():
    dot = graph.build_graph([CRM, SHOP], [_link(CRM, SHOP)]).to_dot(
        "C0000000000000001", show_values=False
    )
    assert "+66812345678" not in dot and "phone\\nsame_phone" in dot


def test_dropped_links_go_to_the_other_customer_dashed():
    other = ("crm", "C9")
    dropped = _link(CRM, other, dropped_by="one_crm_contact", other_customer_id="C0000000000000002")
    dot = graph.build_graph([CRM, SHOP], [_link(CRM, SHOP)], [dropped]).to_dot("C0000000000000001")
    assert 'label="C0000000000000002"' in dot and "style=dashed" in dot
    assert "dropped: one_crm_contact" in dot
    # the other customer's record sits outside the customer's own box
    own_box = dot.split("subgraph cluster_customer", 1)[1].split("}", 1)[0]
    assert "crm:C9" not in own_box


def test_duplicate_and_self_links_are_drawn_once_or_not_at_all():
    drawn = graph.build_graph([CRM, SHOP], [_link(CRM, SHOP), _link(SHOP, CRM), _link(CRM, CRM)])
    assert len(drawn.links) == 1


def test_big_clusters_keep_linked_records_and_summarize_the_rest():
    web = [("web", f"A{i:03d}") for i in range(50)]
    drawn = graph.build_graph(
        [CRM, SHOP, *web],
        [
            _link(CRM, SHOP),
            _link(SHOP, web[49], "ecommerce_customer_id", "same_ecommerce_customer_id", "K1"),
        ],
        max_nodes=10,
    )
    assert CRM in drawn.records and SHOP in drawn.records and web[49] in drawn.records
    assert drawn.hidden_records == {"web": 42}  # 52 records, 10 drawn
    assert ("web", "+42 more") in drawn.records
    assert len(drawn.records) == 11


def test_quotes_in_values_do_not_break_the_dot():
    dot = graph.build_graph([("crm", 'a"b')], []).to_dot('C"1')
    assert '\\"' in dot and dot.count("{") == dot.count("}")


def test_links_from_rows_know_the_other_customer():
    rows = [
        {
            "source_system_a": "crm", "source_record_id_a": "C1",
            "source_system_b": "crm", "source_record_id_b": "C9",
            "identifier_type": "phone", "identifier_value": "+66812345678",
            "rule_name": "same_phone", "constraint_name": "one_crm_contact",
            "customer_id_a": "C0000000000000001", "customer_id_b": "C0000000000000002",
        }
    ]  # fmt: skip
    (link,) = graph.links_from_rows(rows, "C0000000000000001")
    assert link.dropped_by == "one_crm_contact" and link.other_customer_id == "C0000000000000002"


# queries on a tiny published file --------------------------------------------------------------

TINY = """
create schema marts;
create schema bi;
create table marts.customer_golden_records as select * from (values
    ('C0001', 'Somchai', 'Jaidee', 'crm', 'C1', 'somchai.j@gmail.com', 'email',
     'somchai.j@gmail.com', '+66812345678', 'crm', 'C1', 'L123', 'crm', 'C1', null, null, null,
     true, 'crm', 'C1', timestamp '2025-01-01', false, 'crm', 'C1', timestamp '2025-01-01',
     null, null, null, null, 3),
    ('C0003', 'สมศรี', 'ใจงาม', 'crm', 'C3', null, null, null, '+66899999999', 'crm', 'C3',
     null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
     null, null, null, 1)
) as t (customer_id, first_name, last_name, name_source_system, name_source_record_id, email,
    email_source_system, email_source_record_id, phone, phone_source_system,
    phone_source_record_id, loyalty_id, loyalty_id_source_system, loyalty_id_source_record_id,
    line_user_id, line_user_id_source_system, line_user_id_source_record_id,
    has_email_consent, email_consent_source_system, email_consent_source_record_id,
    email_consent_at, has_sms_consent, sms_consent_source_system, sms_consent_source_record_id,
    sms_consent_at, has_line_consent, line_consent_source_system,
    line_consent_source_record_id, line_consent_at, record_count);
create table marts.customer_360 as select customer_id, first_name, last_name, email, phone,
    loyalty_id, line_user_id, 2 as total_orders, 150.5 as revenue_total,
    'champions' as rfm_segment, 'active' as lifecycle_stage, 'high' as value_tier,
    'medium' as engagement_level, 'skincare' as interests, 'crm, email, pos' as source_systems
    from marts.customer_golden_records;
create table marts.customer_xref as select * from (values
    ('crm', 'C1', 'C0001'), ('email', 'somchai.j@gmail.com', 'C0001'), ('pos', 'T1', 'C0001'),
    ('crm', 'C3', 'C0003')
) as t (source_system, source_record_id, customer_id);
create table marts.identity_edges as select * from (values
    ('crm', 'C1', 'email', 'somchai.j@gmail.com', 'email', 'somchai.j@gmail.com', 'same_email',
     80, 'accepted', 'C0001', 'C0001'),
    ('crm', 'C1', 'pos', 'T1', 'loyalty_id', 'L123', 'same_loyalty_id', 70, 'accepted',
     'C0001', 'C0001'),
    ('crm', 'C1', 'crm', 'C3', 'phone', '+66812345678', 'same_phone', 50, 'dropped',
     'C0001', 'C0003')
) as t (source_system_a, source_record_id_a, source_system_b, source_record_id_b,
    identifier_type, identifier_value, rule_name, link_level, link_status, customer_id_a,
    customer_id_b);
create table marts.identity_dropped_links as select *, 'one_crm_contact' as constraint_name,
    'value breaks the constraint' as conflict_kind
    from marts.identity_edges where link_status = 'dropped';
create table marts.customer_id_aliases as select * from (values
    ('C0002', 'C0001', 1, timestamp '2024-01-01', timestamp '2025-06-01'),
    ('C0009', 'C0009', 1, timestamp '2024-01-01', timestamp '2025-06-01')
) as t (alias_customer_id, customer_id, former_records, first_assigned_at, retired_at);
create table marts.customer_id_history as select * from (values
    ('run2', 'merged', 'C0002', 'C0001', timestamp '2025-06-01', 1)
) as t (run_id, change_type, from_customer_id, to_customer_id, changed_at, records_changed);
create table marts.customer_segments as select * from (values
    ('C0001', 'rfm', 'champions', date '2025-01-01')
) as t (customer_id, segment_type, segment_name, member_since);
create table marts.fct_touchpoints as select * from (values
    ('C0001', timestamp '2025-01-02', 'email', 'open', 'engage', 'email', 'E1'),
    ('C0001', timestamp '2025-03-02', 'store', 'store_purchase', 'purchase', 'pos', 'T1'),
    ('C0001', timestamp '2025-02-02', 'online', 'page_view', 'browse', 'web', 'W1')
) as t (customer_id, occurred_at, channel, touchpoint_type, journey_stage, source_system,
    source_record_id);
alter table marts.identity_edges add column name_similarity double;
alter table marts.fct_touchpoints add column campaign_id varchar;
alter table marts.fct_touchpoints add column order_id varchar;
alter table marts.fct_touchpoints add column sku varchar;
alter table marts.fct_touchpoints add column tag varchar;
alter table marts.fct_touchpoints add column amount decimal(18, 2);
create table marts.identity_cluster_stats as select customer_id, record_count
    from marts.customer_golden_records;
-- an erased person the purge missed: still in the marts, on the suppression list
insert into marts.customer_golden_records (customer_id, first_name, phone, record_count)
    values ('C0005', 'Erased', '+66855555555', 1);
insert into marts.customer_xref values ('crm', 'C5', 'C0005');
create table marts.privacy_suppression_list as
    select sha256('customer360-change-me:customer:C0005') as suppressed_hash,
        'customer' as hash_kind;
create table bi.customer_360 as select * replace (
    left(email, 1) || '***@' || split_part(email, '@', 2) as email,
    left(phone, 3) || '*****' || right(phone, 4) as phone) from marts.customer_360;
-- as published today: the bi golden records and xref carry clear values (masked mode scrubs)
create table bi.customer_golden_records as select * from marts.customer_golden_records;
create table bi.customer_xref as select * from marts.customer_xref;
"""

# the warehouse's attribute candidates: an old phone the golden record did not choose
ATTRIBUTES = """
create schema src.intermediate;
create table src.intermediate.int_customer_attributes_unioned as select * from (values
    ('C0001', 'phone', '+66811112345', null, 'pos', 'T1', timestamp '2023-05-01'),
    ('C0001', 'phone', '+66812345678', null, 'crm', 'C1', timestamp '2025-01-01'),
    ('C0001', 'name', 'Somchai', 'Jaidee', 'crm', 'C1', timestamp '2025-01-01'),
    ('C0001', 'name', 'สมชาย', 'ใจดี', 'pos', 'T1', timestamp '2024-01-01'),
    ('C0001', 'email', 'somchai.j@gmail.com', null, 'crm', 'C1', timestamp '2025-01-01'),
    ('C0001', 'email', 'somchai.j@gmail.com', null, 'email', 'somchai.j@gmail.com',
     timestamp '2025-01-03'),
    ('C0007', 'email', 'erased.person@gmail.com', null, 'crm', 'C7', timestamp '2025-01-01')
) as t (customer_id, attribute_name, attribute_value, attribute_value_2, source_system,
    source_record_id, observed_at);
"""


def _full_ids(sql: str) -> str:
    # customer ids are 'C' + 16 hex digits; the SQL above writes C0001 for C0000000000000001
    return re.sub(r"C000([1-9])", lambda m: "C" + "0" * 15 + m.group(1), sql)


def _tiny(path, with_attributes: bool) -> None:
    with duckdb.connect(str(path)) as conn:
        conn.execute(_full_ids(TINY))
        conn.execute("attach ':memory:' as src")
        if with_attributes:
            conn.execute(_full_ids(ATTRIBUTES))
        build_explorer_tables(conn, source="src")
        conn.execute("detach src")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny") / "customer360.duckdb"
    _tiny(path, with_attributes=True)
    conn = queries.connect(path)
    yield conn
    conn.close()


def _ids(result: queries.SearchResult) -> list[str]:
    return [m.customer_id for m in result.matches]


@pytest.mark.parametrize(
    "text",
    [
        " Somchai.J@GMAIL.com ",
        "mailto:somchai.j@gmail.com",
        "l 123",
        "somchai",
        "Mr. Somchai Jaidee",
        "JAIDEE",
        "นายสมชาย",
        "ใจดี",
        "C0000000000000001",
        "T1",
        "081-111-2345",  # an old phone of one of the customer's records, not the golden one
    ],
)
def test_search_finds_the_customer_by_any_of_their_values(tiny, text):
    assert _ids(queries.search(queries.Reader(tiny), text)) == ["C0000000000000001"]


@pytest.mark.parametrize("text", ["(081) 234 5678", "+66 81 234 5678", "0066812345678"])
def test_a_phone_finds_every_customer_whose_records_carry_it(tiny, text):
    # C0003's contact carries the phone too; a guardrail kept the two customers apart
    assert _ids(queries.search(queries.Reader(tiny), text)) == [
        "C0000000000000001",
        "C0000000000000003",
    ]


def test_a_merged_id_leads_to_the_customer_that_absorbed_it(tiny):
    (match,) = queries.search(queries.Reader(tiny), "C0000000000000002").matches
    assert match.customer_id == "C0000000000000001" and match.merged_from == {"C0000000000000002"}
    assert "C0000000000000002 was merged into C0000000000000001" in match.merge_note


def test_a_customer_absent_from_the_golden_records_cannot_be_found(tiny):
    reader = queries.Reader(tiny)
    assert queries.search(reader, "erased.person@gmail.com").matches == []
    assert queries.search(reader, "C0000000000000007").matches == []
    assert queries.search(reader, "C0000000000000009").matches == []  # alias of a customer now gone
    assert queries.profile(reader, "C0000000000000007") is None


def test_a_suppressed_customer_cannot_be_found_even_if_the_marts_still_hold_it(tiny):
    reader = queries.Reader(tiny)
    for text in ("085-555-5555", "C0000000000000005", "C5", "Erased"):
        assert queries.search(reader, text).matches == [], text
    assert queries.profile(reader, "C0000000000000005") is None
    assert queries.identity(reader, "C0000000000000005").records.empty
    assert queries.timeline(reader, "C0000000000000005").empty


def test_placeholders_find_no_one(tiny):
    result = queries.search(queries.Reader(tiny), "test@test.com")
    assert result.keys == [] and result.matches == []


def test_name_prefix_search_lists_every_customer_it_matches(tiny):
    assert _ids(queries.search(queries.Reader(tiny), "ใจ")) == [
        "C0000000000000001",
        "C0000000000000003",
    ]


def test_profile_gives_source_and_time_of_each_golden_attribute(tiny):
    found = queries.profile(queries.Reader(tiny), "C0000000000000001")
    rows = found.attributes.set_index("attribute")
    assert rows.loc["phone", "value"] == "+66812345678"
    assert rows.loc["phone", "source_system"] == "crm"
    assert str(rows.loc["phone", "seen_at"]).startswith("2025-01-01")
    consent = found.consent.set_index("channel")
    assert consent.loc["email", "consent"] == "yes" and consent.loc["sms", "consent"] == "no"
    assert consent.loc["line", "consent"] == "unknown"
    assert found.segments["rfm_segment"] == "champions"
    assert found.figures["total_orders"] == 2
    assert "+66811112345" in set(found.other_values["value"])


def test_timeline_is_newest_first_and_filters_by_channel(tiny):
    reader = queries.Reader(tiny)
    events = queries.timeline(reader, "C0000000000000001")
    assert list(events["touchpoint_type"]) == ["store_purchase", "page_view", "open"]
    assert queries.timeline_channels(reader, "C0000000000000001") == ["email", "online", "store"]
    only = queries.timeline(reader, "C0000000000000001", ["email", "store"])
    assert list(only["channel"]) == ["store", "email"]


def test_identity_gives_records_links_dropped_links_and_history(tiny):
    found = queries.identity(queries.Reader(tiny), "C0000000000000001")
    assert set(found.records["source_record_id"]) == {"C1", "somchai.j@gmail.com", "T1"}
    assert set(found.links["rule_name"]) == {"same_email", "same_loyalty_id"}
    assert list(found.dropped["customer_id_b"]) == ["C0000000000000003"]
    assert list(found.history["from_customer_id"]) == ["C0000000000000002"]
    assert list(found.aliases["alias_customer_id"]) == ["C0000000000000002"]
    # the other customer sees the same dropped link from its side
    other = queries.identity(queries.Reader(tiny), "C0000000000000003")
    assert list(other.dropped["customer_id_a"]) == ["C0000000000000001"]


def test_masked_mode_shows_no_clear_email_or_phone(tiny):
    reader = queries.Reader(tiny, masked=True)
    result = queries.search(reader, "0812345678")
    assert len(result.matches) == 2
    texts = [str(v) for m in result.matches for v in (m.email, m.phone)]
    found = queries.profile(reader, "C0000000000000001")
    ident = queries.identity(reader, "C0000000000000001")
    frames = [found.attributes, found.consent, found.other_values, ident.records, ident.links]
    frames.append(ident.dropped)
    texts += [str(v) for frame in frames for v in frame.astype(str).to_numpy().ravel()]
    texts += [str(v) for v in found.golden.values()]
    leaks = [t for t in texts if masking.has_clear_contact(t)]
    assert not leaks
    assert any("***@gmail.com" in t for t in texts) and any("+66*****5678" in t for t in texts)
    # the time behind a masked attribute is still known
    rows = found.attributes.set_index("attribute")
    assert str(rows.loc["email", "seen_at"]).startswith("2025-01-03")


def test_without_the_warehouse_attributes_search_uses_the_marts(tmp_path):
    path = tmp_path / "customer360.duckdb"
    _tiny(path, with_attributes=False)
    with queries.connect(path) as conn:
        reader = queries.Reader(conn)
        assert "C0000000000000001" in _ids(queries.search(reader, "0812345678"))  # golden
        assert _ids(queries.search(reader, "l123")) == ["C0000000000000001"]  # a linking value
        assert queries.search(reader, "081-111-2345").matches == []  # only in the warehouse
        assert queries.profile(reader, "C0000000000000001").attributes["seen_at"].isna().all()


def test_lookup_seconds_times_each_query(tmp_path):
    path = tmp_path / "customer360.duckdb"
    _tiny(path, with_attributes=True)
    seconds = queries.lookup_seconds(path, ["0812345678", "nobody@gmail.com"])
    assert len(seconds) == 2 and all(0 < s < 5 for s in seconds)
