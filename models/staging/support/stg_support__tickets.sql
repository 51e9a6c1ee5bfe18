{{ config(unique_key='ticket_id') }}

with

source as (

    select * from {{ source('support', 'tickets') }}

),

keyed as (

    select
        *,
        trim(ticket_id) as ticket_key,
        {{ to_utc_timestamp('updated_at') }} as version_at
    from source
    where {{ staging_rejection_reason('support_tickets') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['ticket_key']) }}

),

latest as (

    {{ dedupe_latest('touched', ['ticket_key'], 'version_at') }}

),

normalized as (

    select
        ticket_key as ticket_id,
        {{ clean_code('channel') }} as channel,
        {{ normalize_email('email') }} as email,
        {{ normalize_thai_phone('phone') }} as phone,
        {{ normalize_line_user_id('line_user_id') }} as line_user_id,
        {{ clean_text('category') }} as category,
        {{ clean_code('status') }} as status,
        case
            when {{ parse_integer('csat_score') }} between 1 and 5
                then {{ parse_integer('csat_score') }}
        end as csat_score,
        {{ to_utc_timestamp('opened_at') }} as opened_at,
        {{ to_utc_timestamp('resolved_at') }} as resolved_at,
        version_at as updated_at,
        _file,
        _line_no,
        _loaded_at,
        email as _raw_email,
        phone as _raw_phone,
        line_user_id as _raw_line_user_id,
        csat_score as _raw_csat_score,
        opened_at as _raw_opened_at,
        resolved_at as _raw_resolved_at,
        updated_at as _raw_updated_at
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'email': 'email',
            'phone': 'phone',
            'line_user_id': 'line_user_id',
            'csat_score': 'csat_score',
            'opened_at': 'opened_at',
            'resolved_at': 'resolved_at',
            'updated_at': 'updated_at',
        }) }} as invalid_fields
    from normalized

)

select
    ticket_id,
    channel,
    email,
    phone,
    line_user_id,
    category,
    status,
    csat_score,
    opened_at,
    resolved_at,
    updated_at,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
