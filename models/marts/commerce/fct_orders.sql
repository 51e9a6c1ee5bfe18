{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['sales_channel', 'order_id'],
    on_schema_change='fail',
    post_hook="{{ order_record_watermarks() }}",
) }}
-- One row per order: online orders and store receipts together, each in its
-- current status, with the customer it belongs to (null when the order names
-- nobody the identity graph knows: guest checkouts without contact data,
-- anonymous store receipts).
-- Incremental: the orders of macros/marts/orders_incremental.sql (restaged
-- headers and lines, customers with a new id).
-- depends_on: {{ ref('customer_id_assignments') }}
with

{% if is_incremental() %}
    orders_in_scope as (
        {{ orders_in_incremental_scope() }}
    ),
{% endif %}

online_orders as (
    select * from {{ ref('stg_ecommerce__orders') }}
    {{- orders_in_scope_filter('order_id', 'online') }}
),

store_receipts as (
    select * from {{ ref('stg_pos__transactions') }}
    {{- orders_in_scope_filter('transaction_id', 'store') }}
),

online_items as (
    select * from {{ ref('stg_ecommerce__order_items') }}
    {{- orders_in_scope_filter('order_id', 'online') }}
),

store_lines as (
    select * from {{ ref('stg_pos__transaction_lines') }}
    {{- orders_in_scope_filter('transaction_id', 'store') }}
),

xref as (
    select * from {{ ref('customer_xref') }}
),

online_order_customers as (
    select
        source_record_id as order_id,
        customer_id
    from xref
    where source_system = 'ecommerce_order'
),

store_receipt_customers as (
    select
        source_record_id as transaction_id,
        customer_id
    from xref
    where source_system = 'pos'
),

online_items_per_order as (
    select
        order_id,
        count(*) as line_count,
        sum(quantity) as item_quantity
    from online_items
    group by order_id
),

store_lines_per_receipt as (
    select
        transaction_id,
        count(*) as line_count,
        sum(quantity) as item_quantity
    from store_lines
    group by transaction_id
),

online_orders_resolved as (
    select
        online_orders.order_id,
        'online' as sales_channel,
        online_order_customers.customer_id,
        online_orders.ordered_at,
        online_orders.status as order_status,
        {{ completed_order_condition('online', 'online_orders.status') }} as is_completed,
        online_orders.status = 'cancelled' as is_cancelled,
        online_orders.status = 'refunded' as is_refunded,
        online_orders.subtotal as subtotal_amount,
        online_orders.discount as discount_amount,
        online_orders.shipping_fee as shipping_fee_amount,
        online_orders.total as order_total,
        online_items_per_order.line_count,
        online_items_per_order.item_quantity,
        cast(null as {{ dbt.type_string() }}) as store_id,
        cast(null as {{ dbt.type_string() }}) as store_province,
        cast(null as {{ dbt.type_string() }}) as payment_method,
        online_orders.utm_campaign,
        online_orders.updated_at as status_updated_at
    from online_orders
    left join online_order_customers
        on online_orders.order_id = online_order_customers.order_id
    left join online_items_per_order
        on online_orders.order_id = online_items_per_order.order_id
),

store_receipts_resolved as (
    select
        store_receipts.transaction_id as order_id,
        'store' as sales_channel,
        store_receipt_customers.customer_id,
        store_receipts.transacted_at as ordered_at,
        store_receipts.status as order_status,
        {{ completed_order_condition('store', 'store_receipts.status') }} as is_completed,
        store_receipts.status = 'voided' as is_cancelled,
        false as is_refunded,
        store_receipts.total_amount as subtotal_amount,
        cast(0 as decimal(18, 2)) as discount_amount,
        cast(0 as decimal(18, 2)) as shipping_fee_amount,
        store_receipts.total_amount as order_total,
        store_lines_per_receipt.line_count,
        store_lines_per_receipt.item_quantity,
        store_receipts.store_id,
        store_receipts.store_province,
        store_receipts.payment_method,
        cast(null as {{ dbt.type_string() }}) as utm_campaign,
        store_receipts.transacted_at as status_updated_at
    from store_receipts
    left join store_receipt_customers
        on store_receipts.transaction_id = store_receipt_customers.transaction_id
    left join store_lines_per_receipt
        on store_receipts.transaction_id = store_lines_per_receipt.transaction_id
),

unioned as (
    select * from online_orders_resolved
    union all
    select * from store_receipts_resolved
),

final as (
    select
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(sales_channel as {{ dbt.type_string() }}) as sales_channel,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(ordered_at as {{ dbt.type_timestamp() }}) as ordered_at,
        cast(ordered_at as date) as order_date,
        cast(order_status as {{ dbt.type_string() }}) as order_status,
        coalesce(is_completed, false) as is_completed,
        coalesce(is_cancelled, false) as is_cancelled,
        coalesce(is_refunded, false) as is_refunded,
        cast(subtotal_amount as decimal(18, 2)) as subtotal_amount,
        cast(discount_amount as decimal(18, 2)) as discount_amount,
        cast(shipping_fee_amount as decimal(18, 2)) as shipping_fee_amount,
        cast(order_total as decimal(18, 2)) as order_total,
        cast(case when is_completed then order_total else 0 end as decimal(18, 2)) as revenue,
        cast(coalesce(line_count, 0) as {{ dbt.type_bigint() }}) as line_count,
        cast(coalesce(item_quantity, 0) as {{ dbt.type_bigint() }}) as item_quantity,
        cast(store_id as {{ dbt.type_string() }}) as store_id,
        cast(store_province as {{ dbt.type_string() }}) as store_province,
        cast(payment_method as {{ dbt.type_string() }}) as payment_method,
        cast(utm_campaign as {{ dbt.type_string() }}) as utm_campaign,
        cast(status_updated_at as {{ dbt.type_timestamp() }}) as status_updated_at
    from unioned
)

select * from final
