{{ config(unique_key='response_id') }}

with

source as (

    select * from {{ source('surveys', 'responses') }}

),

keyed as (

    select
        *,
        trim(response_id) as response_key
    from source
    where {{ staging_rejection_reason('survey_responses') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['response_key']) }}

),

-- Responses have no version column: the copy from the latest file is kept.
latest as (

    {{ dedupe_latest('touched', ['response_key']) }}

),

normalized as (

    select
        response_key as response_id,
        {{ clean_code('survey_type') }} as survey_type,
        {{ normalize_email('email') }} as email,
        {{ normalize_thai_phone('phone') }} as phone,
        {{ parse_integer('score') }} as raw_score,
        {{ clean_text('comment') }} as comment,
        {{ to_utc_timestamp('submitted_at') }} as submitted_at,
        _file,
        _line_no,
        _loaded_at,
        email as _raw_email,
        phone as _raw_phone,
        score as _raw_score,
        submitted_at as _raw_submitted_at
    from latest

),

-- NPS is scored 0-10 and CSAT 1-5; a score outside its survey's scale is invalid.
scored as (

    select
        *,
        case
            when survey_type = 'csat' and raw_score between 1 and 5 then raw_score
            when coalesce(survey_type, '') <> 'csat' and raw_score between 0 and 10 then raw_score
        end as score
    from normalized

),

checked as (

    select
        *,
        {{ invalid_fields({
            'email': 'email',
            'phone': 'phone',
            'score': 'score',
            'submitted_at': 'submitted_at',
        }) }} as invalid_fields
    from scored

)

select
    response_id,
    survey_type,
    email,
    phone,
    score,
    comment,
    submitted_at,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
