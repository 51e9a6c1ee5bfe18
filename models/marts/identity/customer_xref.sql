-- One row per person-bearing source record that reached the warehouse, with the
-- customer it belongs to (landing contract). The id is the record's latest
-- assignment in customer_id_assignments, stable across runs.
with

records as (
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
    cast(records.source_system as {{ dbt.type_string() }}) as source_system,
    cast(records.source_record_id as {{ dbt.type_string() }}) as source_record_id,
    cast(current_assignments.customer_id as {{ dbt.type_string() }}) as customer_id
from records
inner join current_assignments
    on records.record_key = current_assignments.record_key
