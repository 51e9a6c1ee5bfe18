with

orders as (

    select * from {{ ref('stg_ecommerce__orders') }}

),

elements as (

    {{ unnest_json_array('orders', 'items_json', ['order_id', '_file', '_line_no', '_loaded_at']) }}

),

normalized as (

    select
        order_id,
        cast(element_index as integer) as item_no,
        {{ clean_text(json_extract_text('element_json', 'sku')) }} as sku,
        {{ clean_text(json_extract_text('element_json', 'product_name')) }} as product_name,
        {{ clean_text(json_extract_text('element_json', 'category')) }} as category,
        {{ parse_integer(json_extract_text('element_json', 'quantity')) }} as quantity,
        {{ parse_amount(json_extract_text('element_json', 'unit_price')) }} as unit_price,
        _file,
        _line_no,
        _loaded_at,
        {{ json_extract_text('element_json', 'quantity') }} as _raw_quantity,
        {{ json_extract_text('element_json', 'unit_price') }} as _raw_unit_price
    from elements

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
    order_id,
    item_no,
    sku,
    product_name,
    category,
    quantity,
    unit_price,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
