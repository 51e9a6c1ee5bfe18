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

clear_values as (
    select * from {{ ref('int_erasure_clear_values') }}
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
    where hashed.suppressed_hash not in (
        select previous.suppressed_hash from {{ this }} as previous
    )
{% endif %}
