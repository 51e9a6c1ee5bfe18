{{ config(
    unique_key='order_id',
    post_hook="{{ delete_rows_of_replaced_versions(ref('stg_ecommerce__orders'), 'order_id') }}",
) }}

with

orders as (

    select * from {{ ref('stg_ecommerce__orders') }}

),

-- Incremental: only orders whose current version (file and line) is not the
-- one the items were taken from; their old items are replaced by order_id,
-- and the post-hook drops items of versions that are no longer current (an
-- order re-sent with no items, an erased order).
changed_orders as (

    select * from orders
    {%- if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as staged_items
        where
            staged_items.order_id = orders.order_id
            and staged_items._file = orders._file
            and staged_items._line_no = orders._line_no
    )
    {%- endif %}

),

elements as (

    {{ unnest_json_array(
        'changed_orders', 'items_json', ['order_id', '_file', '_line_no', '_loaded_at']
    ) }}

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
