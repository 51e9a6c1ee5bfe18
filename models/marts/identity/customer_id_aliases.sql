-- One row per customer id that is no longer in use (retired by a merge), with the
-- current customer id that now holds most of its former records: the id a BI user
-- should follow.
with

assignments as (
    select * from {{ ref('customer_id_assignments') }}
),

records as (
    select * from {{ ref('int_identity_records_resolved') }}
),

current_ids as (
    select distinct customer_id from records
),

retired_ids as (
    select
        assignments.customer_id,
        min(assignments.assigned_at) as first_assigned_at
    from assignments
    left join current_ids
        on assignments.customer_id = current_ids.customer_id
    where current_ids.customer_id is null
    group by assignments.customer_id
),

retirements as (
    select
        previous_customer_id as customer_id,
        max(assigned_at) as retired_at
    from assignments
    where change_reason = 'merged'
    group by previous_customer_id
),

former_records_now as (
    select
        retired_ids.customer_id as alias_customer_id,
        records.customer_id,
        count(distinct assignments.record_key) as former_records
    from retired_ids
    inner join assignments
        on retired_ids.customer_id = assignments.customer_id
    inner join records
        on assignments.record_key = records.record_key
    group by retired_ids.customer_id, records.customer_id
),

ranked as (
    select
        alias_customer_id,
        customer_id,
        former_records,
        row_number() over (
            partition by alias_customer_id order by former_records desc, customer_id asc
        ) as holder_rank
    from former_records_now
)

select
    ranked.alias_customer_id,
    ranked.customer_id,
    ranked.former_records,
    retired_ids.first_assigned_at,
    retirements.retired_at
from ranked
inner join retired_ids
    on ranked.alias_customer_id = retired_ids.customer_id
left join retirements
    on ranked.alias_customer_id = retirements.customer_id
where ranked.holder_rank = 1
