{{ config(unique_key='order_id') }}

with

source as (

    select * from {{ source('ecommerce', 'orders') }}

),

keyed as (

    select
        *,
        trim(order_id) as order_key,
        {{ to_utc_timestamp('updated_at') }} as version_at
    from source
    where {{ staging_rejection_reason('ecommerce_orders') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['order_key']) }}

),

latest as (

    {{ dedupe_latest('touched', ['order_key'], 'version_at') }}

),

normalized as (

    select
        order_key as order_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ normalize_email('email') }} as email,
        {{ normalize_thai_phone('phone') }} as phone,
        {{ to_utc_timestamp('order_ts') }} as ordered_at,
        {{ clean_code('status') }} as status,
        upper({{ clean_text('currency') }}) as currency,
        {{ parse_amount('subtotal') }} as subtotal,
        {{ parse_amount('discount') }} as discount,
        {{ parse_amount('shipping_fee') }} as shipping_fee,
        {{ parse_amount('total') }} as total,
        {{ clean_text('shipping_province') }} as shipping_province,
        {{ clean_text('utm_campaign') }} as utm_campaign,
        {{ json_array_length('items') }} as item_count,
        {{ clean_text('items') }} as items_json,
        version_at as updated_at,
        _file,
        _line_no,
        _loaded_at,
        email as _raw_email,
        phone as _raw_phone,
        order_ts as _raw_order_ts,
        subtotal as _raw_subtotal,
        discount as _raw_discount,
        shipping_fee as _raw_shipping_fee,
        total as _raw_total,
        items as _raw_items,
        updated_at as _raw_updated_at
    from latest

),

checked as (

    select
        *,
        {{ invalid_fields({
            'email': 'email',
            'phone': 'phone',
            'order_ts': 'ordered_at',
            'subtotal': 'subtotal',
            'discount': 'discount',
            'shipping_fee': 'shipping_fee',
            'total': 'total',
            'items': 'item_count',
            'updated_at': 'updated_at',
        }) }} as invalid_fields
    from normalized

)

select
    order_id,
    customer_id,
    email,
    phone,
    ordered_at,
    status,
    currency,
    subtotal,
    discount,
    shipping_fee,
    total,
    shipping_province,
    utm_campaign,
    item_count,
    items_json,
    updated_at,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
