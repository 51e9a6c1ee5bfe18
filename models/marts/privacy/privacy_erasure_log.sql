{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}
-- The audit trail a data-protection officer shows: one row per erasure request,
-- written the first run that saw it, with what it erased. Request ids only; the
-- request's email and phone are purged with the person.

with

requests as (
    select * from {{ ref('stg_privacy__erasure_requests') }}
),

erased_records as (
    select * from {{ ref('int_erasure_records_matched') }}
),

assignments as (
    select * from {{ ref('customer_id_assignments') }}
),

erased_per_request as (
    select
        erased_records.request_id,
        count(distinct erased_records.record_key) as records_erased,
        count(distinct assignments.customer_id) as customers_erased
    from erased_records
    left join assignments
        on erased_records.record_key = assignments.record_key
    group by erased_records.request_id
)

select
    requests.request_id,
    requests.requested_at,
    coalesce(erased_per_request.records_erased, 0) as records_erased,
    coalesce(erased_per_request.customers_erased, 0) as customers_erased,
    case
        when erased_per_request.records_erased > 0 then 'erased'
        else 'no_match_suppressed'
    end as erasure_status,
    {{ dbt.current_timestamp() }} as processed_at,
    '{{ invocation_id }}' as run_id
from requests
left join erased_per_request
    on requests.request_id = erased_per_request.request_id
{% if is_incremental() %}
    where requests.request_id not in (select previous.request_id from {{ this }} as previous)
{% endif %}
