{{ config(unique_key='request_id') }}

with

source as (

    select * from {{ source('privacy', 'erasure_requests') }}

),

keyed as (

    select
        *,
        trim(request_id) as request_key
    from source
    where {{ staging_rejection_reason('privacy_erasure_requests') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['request_key']) }}

),

-- Requests have no version column: the copy from the latest file is kept.
latest as (

    {{ dedupe_latest('touched', ['request_key']) }}

),

normalized as (

    select
        request_key as request_id,
        {{ normalize_email('email') }} as email,
        {{ normalize_thai_phone('phone') }} as phone,
        {{ to_utc_timestamp('requested_at') }} as requested_at,
        _file,
        _line_no,
        _loaded_at,
        email as _raw_email,
        phone as _raw_phone,
        requested_at as _raw_requested_at
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'email': 'email',
            'phone': 'phone',
            'requested_at': 'requested_at',
        }) }} as invalid_fields
    from normalized

)

select
    request_id,
    email,
    phone,
    requested_at,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
