{{ config(unique_key='event_id') }}

with

source as (

    select * from {{ source('email', 'events') }}

),

keyed as (

    select
        *,
        trim(event_id) as event_key
    from source
    where {{ staging_rejection_reason('email_events') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['event_key']) }}

),

-- Events have no version column: the copy from the latest file is kept.
latest as (

    {{ dedupe_latest('touched', ['event_key']) }}

),

normalized as (

    select
        event_key as event_id,
        {{ normalize_email('email') }} as email,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_code('event_type') }} as event_type,
        {{ to_utc_timestamp('event_ts') }} as occurred_at,
        {{ clean_text('link_url') }} as link_url,
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
    email,
    campaign_id,
    event_type,
    occurred_at,
    link_url,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
