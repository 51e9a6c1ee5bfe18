-- One row per person-bearing record with its cluster and its current customer id (the
-- latest row of the assignment log): the record-to-customer map the identity marts join
-- on record_num instead of text keys.
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

clusters as (
    select * from {{ ref('int_identity_records_clustered') }}
),

assignments as (
    select * from {{ ref('customer_id_assignments') }}
),

current_assignments as (
    select
        record_key,
        customer_id
    from (
        select
            record_key,
            customer_id,
            row_number() over (
                partition by record_key order by assigned_at desc, customer_id asc
            ) as recency_rank
        from assignments
    ) as ranked
    where recency_rank = 1
)

select
    records.record_key,
    records.record_num,
    records.source_system,
    records.source_record_id,
    records.first_seen_at,
    records.last_seen_at,
    current_assignments.customer_id,
    coalesce(clusters.cluster_num, records.record_num) as cluster_num
from records
-- a record without a row is its own cluster's label
left join clusters
    on records.record_num = clusters.record_num
inner join current_assignments
    on records.record_key = current_assignments.record_key
