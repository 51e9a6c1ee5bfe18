{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ daily_activity_delete_touched() }}",
    post_hook="{{ daily_activity_forget_touched() }}",
) }}
-- One row per customer, day and channel with at least one touchpoint: how
-- many touchpoints, sessions, orders and how much revenue, and the
-- engagement points earned (seed weights, before recency decay).
-- Incremental: only the customers whose touchpoints changed since the last
-- build (macros/marts/daily_activity_incremental.sql) are recomputed.
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
    {% if daily_activity_recomputes_some() %}
        where customer_id in (
            select touched.customer_id
            from {{ touchpoint_touched_customers() }} as touched
        )
    {% endif %}
),

-- Grouped by session first and then by day: cheaper than count(distinct).
daily_sessions as (
    select
        customer_id,
        touchpoint_date,
        channel,
        session_id,
        count(*) as touchpoints,
        sum(
            case
                when touchpoint_type in ('order_placed', 'store_purchase') then 1
                else 0
            end
        ) as orders,
        sum(coalesce(amount, 0)) as revenue,
        sum(engagement_weight) as engagement_points
    from touchpoints
    group by customer_id, touchpoint_date, channel, session_id
),

daily as (
    select
        customer_id,
        touchpoint_date as activity_date,
        channel,
        sum(touchpoints) as touchpoints,
        count(session_id) as sessions,
        sum(orders) as orders,
        sum(revenue) as revenue,
        sum(engagement_points) as engagement_points
    from daily_sessions
    group by customer_id, touchpoint_date, channel
),

final as (
    select
        cast(
            customer_id || '|' || cast(activity_date as {{ dbt.type_string() }}) || '|' || channel
            as {{ dbt.type_string() }}
        ) as customer_activity_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(activity_date as date) as activity_date,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(touchpoints as {{ dbt.type_bigint() }}) as touchpoints,
        cast(sessions as {{ dbt.type_bigint() }}) as sessions,
        cast(orders as {{ dbt.type_bigint() }}) as orders,
        cast(revenue as decimal(18, 2)) as revenue,
        cast(engagement_points as decimal(18, 4)) as engagement_points
    from daily
)

select * from final
