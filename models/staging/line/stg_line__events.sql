{{ config(unique_key='event_id') }}

with

source as (

    select * from {{ source('line', 'events') }}

),

keyed as (

    select
        *,
        trim(event_id) as event_key
    from source
    where {{ staging_rejection_reason('line_events') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['event_key']) }}

),

-- Webhook events have no version column: the copy from the latest file is kept.
latest as (

    {{ dedupe_latest('touched', ['event_key']) }}

),

normalized as (

    select
        event_key as event_id,
        {{ normalize_line_user_id('line_user_id') }} as line_user_id,
        {{ clean_code('event_type') }} as event_type,
        {{ clean_text('tag') }} as tag,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ to_utc_timestamp('event_ts') }} as occurred_at,
        _file,
        _line_no,
        _loaded_at,
        line_user_id as _raw_line_user_id,
        event_ts as _raw_event_ts
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'line_user_id': 'line_user_id',
            'event_ts': 'occurred_at',
        }) }} as invalid_fields
    from normalized

)

select
    event_id,
    line_user_id,
    event_type,
    tag,
    campaign_id,
    occurred_at,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
