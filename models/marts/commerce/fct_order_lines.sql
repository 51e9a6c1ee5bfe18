{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['order_line_id'],
    on_schema_change='fail',
    pre_hook="{{ order_lines_delete_in_scope() }}",
    post_hook="{{ order_record_watermarks() }}",
) }}
-- One row per order line: the items of online orders and the lines of store
-- receipts, with the order's channel, customer, time and completion. Lines
-- whose order is not in fct_orders (its receipt was quarantined) are left
-- out; staging's relationship test reports them.
-- Incremental: the lines of the orders of macros/marts/orders_incremental.sql.
-- depends_on: {{ ref('stg_ecommerce__orders') }}, {{ ref('stg_pos__transactions') }}
-- depends_on: {{ ref('customer_xref') }}, {{ ref('customer_id_assignments') }}
with

{% if is_incremental() %}
    orders_in_scope as (
        {{ orders_in_incremental_scope() }}
    ),
{% endif %}

online_items as (
    select * from {{ ref('stg_ecommerce__order_items') }}
    {{- orders_in_scope_filter('order_id', 'online') }}
),

store_lines as (
    select * from {{ ref('stg_pos__transaction_lines') }}
    {{- orders_in_scope_filter('transaction_id', 'store') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
    {%- if is_incremental() %}
        where (sales_channel, order_id) in (select sales_channel, order_id from orders_in_scope)
    {%- endif %}
),

online_items_renamed as (
    select
        order_id,
        item_no as line_number,
        sku,
        product_name,
        category,
        quantity,
        unit_price
    from online_items
),

store_lines_renamed as (
    select
        transaction_id as order_id,
        line_no as line_number,
        sku,
        cast(null as {{ dbt.type_string() }}) as product_name,
        category,
        quantity,
        unit_price
    from store_lines
),

lines as (
    select
        'online' as sales_channel,
        online_items_renamed.*
    from online_items_renamed
    union all
    select
        'store' as sales_channel,
        store_lines_renamed.*
    from store_lines_renamed
),

final as (
    select
        cast(
            lines.sales_channel
            || ':'
            || lines.order_id
            || ':'
            || cast(lines.line_number as {{ dbt.type_string() }})
            as {{ dbt.type_string() }}
        ) as order_line_id,
        cast(lines.order_id as {{ dbt.type_string() }}) as order_id,
        cast(lines.sales_channel as {{ dbt.type_string() }}) as sales_channel,
        cast(lines.line_number as integer) as line_number,
        orders.customer_id,
        orders.ordered_at,
        orders.order_date,
        coalesce(orders.is_completed, false) as is_completed,
        cast(lines.sku as {{ dbt.type_string() }}) as sku,
        cast(lines.product_name as {{ dbt.type_string() }}) as product_name,
        cast(lines.category as {{ dbt.type_string() }}) as category,
        cast(lines.quantity as integer) as quantity,
        cast(lines.unit_price as decimal(18, 2)) as unit_price,
        cast(lines.quantity * lines.unit_price as decimal(18, 2)) as line_amount
    from lines
    inner join orders
        on
            lines.order_id = orders.order_id
            and lines.sales_channel = orders.sales_channel
)

select * from final
