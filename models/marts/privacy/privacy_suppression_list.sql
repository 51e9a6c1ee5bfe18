{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}
-- Salted hashes of everything that identifies an erased person: every identifier
-- of the person's records that no other person shares, the records themselves and
-- every customer id they ever had; for a request that matched no one, the
-- identifiers it named (so data about them that arrives later never shows up).
-- Append-only and kept through --full-refresh: the memory that stops re-loaded
-- old files from bringing an erased person back. Never holds a clear value.

with

erased_records as (
    select * from {{ ref('int_erasure_records_matched') }}
),

requests as (
    select * from {{ ref('stg_privacy__erasure_requests') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

assignments as (
    select * from {{ ref('customer_id_assignments') }}
),

-- Values carried only by erased records (a family phone stays usable for the others).
erased_identifiers as (
    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        min(erased_records.request_id) as request_id
    from identifiers
    left join erased_records
        on identifiers.record_key = erased_records.record_key
    group by identifiers.identifier_type, identifiers.identifier_value
    having count(erased_records.record_key) = count(*)
),

unmatched_requests as (
    select requests.*
    from requests
    where requests.request_id not in (select erased.request_id from erased_records as erased)
),

clear_values as (
    select
        request_id,
        'identifier' as hash_kind,
        'email:' || email as clear_value
    from unmatched_requests
    where email is not null
    union all
    select
        request_id,
        'identifier' as hash_kind,
        'phone:' || phone as clear_value
    from unmatched_requests
    where phone is not null
    union all
    select
        request_id,
        'identifier' as hash_kind,
        identifier_type || ':' || identifier_value as clear_value
    from erased_identifiers
    union all
    select
        request_id,
        'record' as hash_kind,
        'record:' || record_key as clear_value
    from erased_records
    union all
    select distinct
        erased_records.request_id,
        'customer' as hash_kind,
        'customer:' || assignments.customer_id as clear_value
    from erased_records
    inner join assignments
        on erased_records.record_key = assignments.record_key
),

hashed as (
    select
        {{ privacy_hash('clear_value') }} as suppressed_hash,
        hash_kind,
        min(request_id) as request_id
    from clear_values
    group by {{ privacy_hash('clear_value') }}, hash_kind
)

select
    hashed.suppressed_hash,
    hashed.hash_kind,
    hashed.request_id,
    {{ dbt.current_timestamp() }} as suppressed_at
from hashed
{% if is_incremental() %}
    where hashed.suppressed_hash not in (select previous.suppressed_hash from {{ this }} as previous)
{% endif %}
