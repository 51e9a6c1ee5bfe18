-- One row per customer with at least one order up to the as-of date: order
-- counts, revenue, dates, favourite category, preferred channel and the order
-- gaps the lifecycle stages need. Revenue counts completed orders only (see
-- macro completed_order_condition).
with

orders as (
    select * from {{ ref('fct_orders') }}
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

customer_orders as (
    select
        orders.customer_id,
        orders.order_id,
        orders.sales_channel,
        orders.ordered_at,
        orders.order_date,
        orders.is_completed,
        orders.is_cancelled,
        orders.is_refunded,
        orders.revenue,
        as_of.as_of_date,
        {{ days_between('orders.order_date', 'as_of.as_of_date') }} as days_ago
    from orders
    cross join as_of
    where
        orders.customer_id is not null
        and orders.order_date <= as_of.as_of_date
),

completed_orders_gapped as (
    -- Days since the customer's previous completed order (null for the first).
    select
        customer_id,
        order_date,
        {{ days_between(
            'lag(order_date) over (partition by customer_id order by ordered_at, order_id)',
            'order_date'
        ) }} as days_since_previous_order
    from customer_orders
    where is_completed
),

order_gaps as (
    select
        customer_id,
        max(
            case
                when days_since_previous_order >= {{ var('lifecycle_lapsed_days') }} then order_date
            end
        ) as last_return_order_date,
        max(
            case
                when days_since_previous_order >= {{ var('lifecycle_active_days') }} then order_date
            end
        ) as last_restart_order_date
    from completed_orders_gapped
    group by customer_id
),

order_totals as (
    select
        customer_id,
        max(as_of_date) as as_of_date,
        count(*) as total_orders,
        sum(case when is_completed then 1 else 0 end) as completed_orders,
        sum(case when is_completed and sales_channel = 'online' then 1 else 0 end)
            as completed_online_orders,
        sum(case when is_completed and sales_channel = 'store' then 1 else 0 end)
            as completed_store_orders,
        sum(case when is_cancelled then 1 else 0 end) as cancelled_orders,
        sum(case when is_refunded then 1 else 0 end) as refunded_orders,
        sum(revenue) as revenue_total,
        sum(case when sales_channel = 'online' then revenue else 0 end) as revenue_online,
        sum(case when sales_channel = 'store' then revenue else 0 end) as revenue_store,
        sum(case when days_ago < {{ var('revenue_recent_window_days') }} then revenue else 0 end)
            as revenue_last_12_months,
        sum(
            case
                when is_completed and days_ago < {{ var('revenue_recent_window_days') }} then 1 else
                    0
            end
        ) as completed_orders_last_12_months,
        min(case when is_completed then ordered_at end) as first_order_at,
        max(case when is_completed then ordered_at end) as last_order_at
    from customer_orders
    group by customer_id
),

last_order_channel as (
    select
        customer_id,
        sales_channel as last_order_channel
    from (
        select
            customer_id,
            sales_channel,
            row_number() over (
                partition by customer_id order by ordered_at desc, order_id desc
            ) as recency_rank
        from customer_orders
        where is_completed
    ) as ranked
    where recency_rank = 1
),

category_purchases as (
    select
        order_lines.customer_id,
        order_lines.category,
        sum(order_lines.quantity) as quantity,
        sum(order_lines.line_amount) as amount
    from order_lines
    cross join as_of
    where
        order_lines.customer_id is not null
        and order_lines.is_completed
        and order_lines.category is not null
        and order_lines.order_date <= as_of.as_of_date
    group by order_lines.customer_id, order_lines.category
),

favourite_category as (
    select
        customer_id,
        category as favourite_category
    from (
        select
            customer_id,
            category,
            row_number() over (
                partition by customer_id order by quantity desc, amount desc, category asc
            ) as preference_rank
        from category_purchases
    ) as ranked
    where preference_rank = 1
),

final as (
    select
        order_totals.customer_id,
        order_totals.total_orders,
        order_totals.completed_orders,
        order_totals.completed_online_orders,
        order_totals.completed_store_orders,
        order_totals.cancelled_orders,
        order_totals.refunded_orders,
        order_totals.completed_orders_last_12_months,
        cast(order_totals.revenue_total as decimal(18, 2)) as revenue_total,
        cast(order_totals.revenue_online as decimal(18, 2)) as revenue_online,
        cast(order_totals.revenue_store as decimal(18, 2)) as revenue_store,
        cast(order_totals.revenue_last_12_months as decimal(18, 2)) as revenue_last_12_months,
        {{ divide_to_decimal(
            'order_totals.revenue_total', 'order_totals.completed_orders', 18, 2
        ) }} as average_order_value,
        order_totals.first_order_at,
        order_totals.last_order_at,
        cast(order_totals.first_order_at as date) as first_order_date,
        cast(order_totals.last_order_at as date) as last_order_date,
        {{ days_between('order_totals.last_order_at', 'order_totals.as_of_date') }}
            as days_since_last_order,
        favourite_category.favourite_category,
        case
            when order_totals.completed_orders = 0 then null
            when
                order_totals.completed_online_orders > order_totals.completed_store_orders
                then 'online'
            when
                order_totals.completed_store_orders > order_totals.completed_online_orders
                then 'store'
            when order_totals.revenue_online > order_totals.revenue_store then 'online'
            when order_totals.revenue_store > order_totals.revenue_online then 'store'
            else last_order_channel.last_order_channel
        end as preferred_channel,
        {{ divide_to_decimal(
            'order_totals.cancelled_orders', 'order_totals.total_orders', 9, 4
        ) }} as cancellation_rate,
        {{ divide_to_decimal(
            'order_totals.refunded_orders', 'order_totals.total_orders', 9, 4
        ) }} as refund_rate,
        order_gaps.last_return_order_date,
        order_gaps.last_restart_order_date
    from order_totals
    left join order_gaps
        on order_totals.customer_id = order_gaps.customer_id
    left join last_order_channel
        on order_totals.customer_id = last_order_channel.customer_id
    left join favourite_category
        on order_totals.customer_id = favourite_category.customer_id
)

select * from final
