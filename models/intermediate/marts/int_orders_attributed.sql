-- One row per completed order (online or store) that follows a campaign click
-- (email click, LINE link click or UTM-tagged web session; see
-- int_campaign_clicks_filtered) of the same customer within
-- var('attribution_window_days'): the order is credited to the campaign of the
-- latest such click (last touch).
with

orders as (
    select * from {{ ref('fct_orders') }}
),

clicks as (
    select * from {{ ref('int_campaign_clicks_filtered') }}
),

completed_orders as (
    select
        order_id,
        sales_channel,
        customer_id,
        ordered_at,
        revenue
    from orders
    where
        is_completed
        and customer_id is not null
),

order_clicks as (
    select
        completed_orders.order_id,
        completed_orders.sales_channel,
        completed_orders.customer_id,
        completed_orders.ordered_at,
        completed_orders.revenue,
        clicks.campaign_id,
        clicks.channel as click_channel,
        clicks.click_id,
        clicks.clicked_at,
        row_number() over (
            partition by completed_orders.sales_channel, completed_orders.order_id
            order by clicks.clicked_at desc, clicks.click_id desc
        ) as click_recency_rank
    from completed_orders
    inner join clicks
        on
            completed_orders.customer_id = clicks.customer_id
            and completed_orders.ordered_at >= clicks.clicked_at
            and clicks.clicked_at >= {{ timestamp_add_days(
                'completed_orders.ordered_at', -1 * var('attribution_window_days')
            ) }}
),

final as (
    select
        order_id,
        sales_channel,
        customer_id,
        ordered_at,
        revenue,
        campaign_id,
        click_channel,
        click_id,
        clicked_at
    from order_clicks
    where click_recency_rank = 1
)

select * from final
