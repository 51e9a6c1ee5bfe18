{{ config(unique_key='line_user_id') }}

with

source as (

    select * from {{ source('line', 'member_bindings') }}

),

-- The key is the normalized LINE user id: a row whose id is malformed
-- cannot be keyed and goes to stg_quarantine.
keyed as (

    select
        *,
        {{ normalize_line_user_id('line_user_id') }} as line_user_key,
        {{ to_utc_timestamp('bound_at') }} as version_at
    from source
    where {{ staging_rejection_reason('line_member_bindings') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['line_user_key']) }}

),

latest as (

    {{ dedupe_latest('touched', ['line_user_key'], 'version_at') }}

),

normalized as (

    select
        line_user_key as line_user_id,
        {{ normalize_thai_phone('phone') }} as phone,
        {{ normalize_loyalty_id('loyalty_id') }} as loyalty_id,
        version_at as bound_at,
        _file,
        _line_no,
        _loaded_at,
        phone as _raw_phone,
        loyalty_id as _raw_loyalty_id,
        bound_at as _raw_bound_at
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'phone': 'phone',
            'loyalty_id': 'loyalty_id',
            'bound_at': 'bound_at',
        }) }} as invalid_fields
    from normalized

)

select
    line_user_id,
    phone,
    loyalty_id,
    bound_at,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
