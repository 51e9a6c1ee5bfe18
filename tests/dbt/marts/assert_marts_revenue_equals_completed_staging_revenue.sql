-- Revenue reconciles from staging to the marts: per sales channel, the revenue
-- of fct_orders equals the total of the staged orders that are completed by
-- the one definition (macro completed_order_condition); customer_360 and
-- customer_daily_activity hold exactly the revenue of fct_orders' orders with
-- a customer up to the as-of date. Fails with one row per figure that differs.
with

staged_online as (
    select coalesce(sum(total), 0) as revenue
    from {{ ref('stg_ecommerce__orders') }}
    where {{ completed_order_condition('online', 'status') }}
),

staged_store as (
    select coalesce(sum(total_amount), 0) as revenue
    from {{ ref('stg_pos__transactions') }}
    where {{ completed_order_condition('store', 'status') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

mart_by_channel as (
    select
        coalesce(sum(case when sales_channel = 'online' then revenue end), 0) as online_revenue,
        coalesce(sum(case when sales_channel = 'store' then revenue end), 0) as store_revenue
    from orders
),

customer_order_revenue as (
    select coalesce(sum(orders.revenue), 0) as revenue
    from orders
    cross join as_of
    where
        orders.customer_id is not null
        and orders.order_date <= as_of.as_of_date
),

customer_360_revenue as (
    select coalesce(sum(revenue_total), 0) as revenue
    from {{ ref('customer_360') }}
),

daily_activity_revenue as (
    select coalesce(sum(revenue), 0) as revenue
    from {{ ref('customer_daily_activity') }}
),

customer_order_revenue_all_dates as (
    select coalesce(sum(revenue), 0) as revenue
    from orders
    where customer_id is not null
),

comparisons as (
    select
        'fct_orders online vs staging' as figure,
        mart_by_channel.online_revenue as mart_value,
        staged_online.revenue as expected_value
    from mart_by_channel
    cross join staged_online
    union all
    select
        'fct_orders store vs staging' as figure,
        mart_by_channel.store_revenue as mart_value,
        staged_store.revenue as expected_value
    from mart_by_channel
    cross join staged_store
    union all
    select
        'customer_360 vs fct_orders with a customer' as figure,
        customer_360_revenue.revenue as mart_value,
        customer_order_revenue.revenue as expected_value
    from customer_360_revenue
    cross join customer_order_revenue
    union all
    select
        'customer_daily_activity vs fct_orders with a customer' as figure,
        daily_activity_revenue.revenue as mart_value,
        customer_order_revenue_all_dates.revenue as expected_value
    from daily_activity_revenue
    cross join customer_order_revenue_all_dates
)

select *
from comparisons
where mart_value <> expected_value
