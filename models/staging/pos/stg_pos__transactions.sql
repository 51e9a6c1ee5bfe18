{{ config(unique_key='transaction_id') }}

with

source as (

    select * from {{ source('pos', 'transactions') }}

),

keyed as (

    select
        *,
        trim(transaction_id) as transaction_key
    from source
    where {{ staging_rejection_reason('pos_transactions') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['transaction_key']) }}

),

-- Receipts have no version column: a re-sent receipt is the same receipt,
-- the copy from the latest file is kept.
latest as (

    {{ dedupe_latest('touched', ['transaction_key']) }}

),

normalized as (

    select
        transaction_key as transaction_id,
        {{ clean_text('store_id') }} as store_id,
        {{ clean_text('store_province') }} as store_province,
        {{ normalize_loyalty_id('loyalty_id') }} as loyalty_id,
        {{ normalize_thai_phone('phone') }} as phone,
        {{ to_utc_timestamp('txn_ts') }} as transacted_at,
        {{ parse_amount('total_amount') }} as total_amount,
        {{ clean_code('payment_method') }} as payment_method,
        {{ clean_code('status') }} as status,
        _file,
        _line_no,
        _loaded_at,
        loyalty_id as _raw_loyalty_id,
        phone as _raw_phone,
        txn_ts as _raw_txn_ts,
        total_amount as _raw_total_amount
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'loyalty_id': 'loyalty_id',
            'phone': 'phone',
            'txn_ts': 'transacted_at',
            'total_amount': 'total_amount',
        }) }} as invalid_fields
    from normalized

)

select
    transaction_id,
    store_id,
    store_province,
    loyalty_id,
    phone,
    transacted_at,
    total_amount,
    payment_method,
    status,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
