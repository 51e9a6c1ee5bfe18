-- One row per customer: the lifecycle stage on the as-of date and the date the
-- customer entered it. Days are counted back from the as-of date (N days =
-- the as-of day and the N-1 days before it); the first rule that holds wins:
--   prospect     no completed order yet (since first seen)
--   new          first completed order less than lifecycle_new_days ago
--                (since the first order)
--   reactivated  a returning order (one that came at least
--                lifecycle_lapsed_days after the previous one) less than
--                lifecycle_new_days ago (since that order)
--   active       last completed order less than lifecycle_active_days ago
--                (since the end of the new or reactivated period, or since
--                the order that ended an at-risk gap)
--   at_risk      last completed order lifecycle_active_days to
--                lifecycle_lapsed_days ago (since last order + active days)
--   lapsed       last completed order at least lifecycle_lapsed_days ago
--                (since last order + lapsed days)
{%- set new_days = var('lifecycle_new_days') %}
{%- set active_days = var('lifecycle_active_days') %}
{%- set lapsed_days = var('lifecycle_lapsed_days') %}

with

customers as (
    select * from {{ ref('customer_golden_records') }}
),

customer_orders as (
    select * from {{ ref('int_customer_orders_aggregated') }}
),

touchpoint_summary as (
    select * from {{ ref('int_customer_touchpoints_aggregated') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

customer_facts as (
    select
        customers.customer_id,
        as_of.as_of_date,
        cast(touchpoint_summary.first_seen_at as date) as first_seen_date,
        customer_orders.first_order_date,
        customer_orders.last_order_date,
        customer_orders.last_return_order_date,
        customer_orders.last_restart_order_date,
        coalesce(customer_orders.completed_orders, 0) as completed_orders,
        {{ days_between('customer_orders.first_order_date', 'as_of.as_of_date') }}
            as days_since_first_order,
        {{ days_between('customer_orders.last_order_date', 'as_of.as_of_date') }}
            as days_since_last_order,
        {{ days_between('customer_orders.last_return_order_date', 'as_of.as_of_date') }}
            as days_since_return
    from customers
    cross join as_of
    left join customer_orders
        on customers.customer_id = customer_orders.customer_id
    left join touchpoint_summary
        on customers.customer_id = touchpoint_summary.customer_id
),

staged as (
    select
        customer_id,
        as_of_date,
        first_order_date,
        last_order_date,
        days_since_last_order,
        completed_orders,
        case
            when completed_orders = 0 or last_order_date is null then 'prospect'
            when days_since_first_order < {{ new_days }} then 'new'
            when days_since_return < {{ new_days }} then 'reactivated'
            when days_since_last_order < {{ active_days }} then 'active'
            when days_since_last_order < {{ lapsed_days }} then 'at_risk'
            else 'lapsed'
        end as lifecycle_stage,
        case
            when completed_orders = 0 or last_order_date is null then first_seen_date
            when days_since_first_order < {{ new_days }} then first_order_date
            when days_since_return < {{ new_days }} then last_return_order_date
            when days_since_last_order < {{ active_days }}
                then
                    case
                        when last_restart_order_date is null
                            then {{ date_add_days('first_order_date', new_days) }}
                        when last_restart_order_date = last_return_order_date
                            then {{ date_add_days('last_restart_order_date', new_days) }}
                        else last_restart_order_date
                    end
            when days_since_last_order < {{ lapsed_days }}
                then {{ date_add_days('last_order_date', active_days) }}
            else {{ date_add_days('last_order_date', lapsed_days) }}
        end as lifecycle_stage_since
    from customer_facts
),

final as (
    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(lifecycle_stage as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(lifecycle_stage_since as date) as lifecycle_stage_since,
        cast(completed_orders as {{ dbt.type_bigint() }}) as completed_orders,
        cast(first_order_date as date) as first_order_date,
        cast(last_order_date as date) as last_order_date,
        cast(days_since_last_order as integer) as days_since_last_order,
        as_of_date
    from staged
)

select * from final
