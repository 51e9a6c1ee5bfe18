{{ config(unique_key=['transaction_id', 'line_no']) }}

with

source as (

    select * from {{ source('pos', 'transaction_lines') }}

),

keyed as (

    select
        *,
        trim(transaction_id) as transaction_key,
        {{ parse_integer('line_no') }} as line_no_key
    from source
    where {{ staging_rejection_reason('pos_transaction_lines') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['transaction_key', 'line_no_key']) }}

),

-- Lines have no version column: the copy from the latest file is kept.
latest as (

    {{ dedupe_latest('touched', ['transaction_key', 'line_no_key']) }}

),

normalized as (

    select
        transaction_key as transaction_id,
        line_no_key as line_no,
        {{ clean_text('sku') }} as sku,
        {{ clean_text('category') }} as category,
        {{ parse_integer('quantity') }} as quantity,
        {{ parse_amount('unit_price') }} as unit_price,
        _file,
        _line_no,
        _loaded_at,
        quantity as _raw_quantity,
        unit_price as _raw_unit_price
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'quantity': 'quantity',
            'unit_price': 'unit_price',
        }) }} as invalid_fields
    from normalized

)

select
    transaction_id,
    line_no,
    sku,
    category,
    quantity,
    unit_price,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
