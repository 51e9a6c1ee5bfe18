-- One row per link between two records: which records, through which identifier
-- value, by which rule, and whether the link was used or dropped by a guardrail.
-- The explanation of every customer: its records and the links between them.
with

edges as (
    select * from {{ ref('int_identity_edges_proposed') }}
),

-- only the dropped values: an accepted value has no constraint or conflict to show,
-- and the join's hash table then holds thousands of values instead of millions
dropped_decisions as (
    select * from {{ ref('int_identity_links_decided') }}
    where decision = 'dropped'
),

records as (
    select * from {{ ref('int_identity_records_resolved') }}
)

select
    record_a.source_system as source_system_a,
    record_a.source_record_id as source_record_id_a,
    record_b.source_system as source_system_b,
    record_b.source_record_id as source_record_id_b,
    edges.identifier_type,
    edges.identifier_value,
    edges.rule_name,
    edges.link_level,
    edges.name_similarity,
    dropped_decisions.constraint_name,
    dropped_decisions.conflict_kind,
    record_a.customer_id as customer_id_a,
    record_b.customer_id as customer_id_b,
    md5(
        edges.record_key_a || '|' || edges.record_key_b || '|'
        || edges.identifier_type || '|' || edges.identifier_value
    ) as edge_id,
    coalesce(dropped_decisions.decision, 'accepted') as link_status
from edges
left join dropped_decisions
    on
        edges.identifier_type = dropped_decisions.identifier_type
        and edges.identifier_value = dropped_decisions.identifier_value
inner join records as record_a
    on edges.record_num_a = record_a.record_num
inner join records as record_b
    on edges.record_num_b = record_b.record_num
