-- One row per link a guardrail dropped: the two records, the identifier and rule of
-- the link, and the constraint the merge would have broken. The records stay in
-- separate customers.
select
    edge_id,
    source_system_a,
    source_record_id_a,
    source_system_b,
    source_record_id_b,
    identifier_type,
    identifier_value,
    rule_name,
    link_level,
    constraint_name,
    conflict_kind,
    customer_id_a,
    customer_id_b
from {{ ref('identity_edges') }}
where link_status = 'dropped'
