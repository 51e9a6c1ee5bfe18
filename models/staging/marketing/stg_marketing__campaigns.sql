{{ config(unique_key='campaign_id') }}

with

source as (

    select * from {{ source('marketing', 'campaigns') }}

),

keyed as (

    select
        *,
        trim(campaign_id) as campaign_key
    from source
    where {{ staging_rejection_reason('marketing_campaigns') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['campaign_key']) }}

),

-- Campaigns have no version column: the copy from the latest file is kept.
latest as (

    {{ dedupe_latest('touched', ['campaign_key']) }}

),

normalized as (

    select
        campaign_key as campaign_id,
        {{ clean_code('channel') }} as channel,
        {{ clean_text('name') }} as campaign_name,
        {{ parse_date('start_date') }} as start_date,
        {{ parse_date('end_date') }} as end_date,
        {{ parse_amount('cost') }} as cost,
        _file,
        _line_no,
        _loaded_at,
        start_date as _raw_start_date,
        end_date as _raw_end_date,
        cost as _raw_cost
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'start_date': 'start_date',
            'end_date': 'end_date',
            'cost': 'cost',
        }) }} as invalid_fields
    from normalized

)

select
    campaign_id,
    channel,
    campaign_name,
    start_date,
    end_date,
    cost,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
