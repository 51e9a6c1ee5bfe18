-- One row per run and id change: records of `from_customer_id` went to
-- `to_customer_id`. `merged`: the from id was retired and is now an alias of the to id;
-- `split`: the from id lives on and part of its records got the new to id; `moved`:
-- part of its records joined another existing customer.
with

assignments as (
    select * from {{ ref('customer_id_assignments') }}
)

select
    run_id,
    change_reason as change_type,
    previous_customer_id as from_customer_id,
    customer_id as to_customer_id,
    min(assigned_at) as changed_at,
    count(*) as records_changed
from assignments
where change_reason in ('merged', 'split', 'moved')
group by run_id, change_reason, previous_customer_id, customer_id
