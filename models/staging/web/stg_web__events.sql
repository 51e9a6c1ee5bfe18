{{ config(unique_key='event_id') }}

with

source as (

    select * from {{ source('web', 'events') }}

),

keyed as (

    select
        *,
        trim(event_id) as event_key
    from source
    where {{ staging_rejection_reason('web_events') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['event_key']) }}

),

-- The tracker sends some events twice under the same event_id: keep one.
latest as (

    {{ dedupe_latest('touched', ['event_key']) }}

),

normalized as (

    select
        event_key as event_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ normalize_email('email') }} as email,
        {{ clean_code('event_type') }} as event_type,
        {{ to_utc_timestamp('event_ts') }} as occurred_at,
        {{ clean_text('session_id') }} as session_id,
        {{ clean_text('page_url') }} as page_url,
        {{ clean_text('sku') }} as sku,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('utm_source') }} as utm_source,
        {{ clean_text('utm_medium') }} as utm_medium,
        {{ clean_text('utm_campaign') }} as utm_campaign,
        {{ clean_code('device_type') }} as device_type,
        _file,
        _line_no,
        _loaded_at,
        email as _raw_email,
        event_ts as _raw_event_ts
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'email': 'email',
            'event_ts': 'occurred_at',
        }) }} as invalid_fields
    from normalized

)

select
    event_id,
    anonymous_id,
    customer_id,
    email,
    event_type,
    occurred_at,
    session_id,
    page_url,
    sku,
    order_id,
    utm_source,
    utm_medium,
    utm_campaign,
    device_type,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
