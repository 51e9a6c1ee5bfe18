-- One row per campaign: the campaign list, plus any campaign id that appears
-- only in events. Email funnel from fct_email_sends, LINE link clicks, web
-- and app sessions that came in on the campaign's UTM tag, and
-- orders and revenue credited by last-touch attribution
-- (int_orders_attributed), against the campaign's cost.
with

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

email_sends as (
    select * from {{ ref('fct_email_sends') }}
),

clicks as (
    select * from {{ ref('int_campaign_clicks_filtered') }}
),

attributed_orders as (
    select * from {{ ref('int_orders_attributed') }}
),

email_funnel as (
    select
        campaign_id,
        sum(case when is_sent then 1 else 0 end) as emails_sent,
        sum(case when is_delivered then 1 else 0 end) as emails_delivered,
        sum(case when is_opened then 1 else 0 end) as emails_opened,
        sum(case when is_clicked then 1 else 0 end) as emails_clicked,
        sum(case when is_bounced then 1 else 0 end) as emails_bounced,
        sum(case when is_unsubscribed then 1 else 0 end) as email_unsubscribes,
        sum(open_count) as email_opens,
        sum(click_count) as email_clicks
    from email_sends
    group by campaign_id
),

line_clicks as (
    select
        campaign_id,
        count(*) as line_clicks,
        count(distinct customer_id) as line_clickers
    from clicks
    where channel = 'line'
    group by campaign_id
),

web_sessions as (
    select
        campaign_id,
        count(*) as web_sessions,
        count(distinct customer_id) as web_visitors
    from clicks
    where channel in ('web', 'app')
    group by campaign_id
),

attribution as (
    select
        campaign_id,
        count(*) as attributed_orders,
        count(distinct customer_id) as attributed_customers,
        sum(revenue) as attributed_revenue
    from attributed_orders
    group by campaign_id
),

campaign_ids as (
    select campaign_id from campaigns
    union
    select campaign_id from email_funnel
    union
    select campaign_id from line_clicks
    union
    select campaign_id from web_sessions
    union
    select campaign_id from attribution
),

final as (
    select
        cast(campaign_ids.campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(campaigns.campaign_name as {{ dbt.type_string() }}) as campaign_name,
        cast(campaigns.channel as {{ dbt.type_string() }}) as campaign_channel,
        cast(campaigns.start_date as date) as start_date,
        cast(campaigns.end_date as date) as end_date,
        campaigns.campaign_id is not null as is_in_campaign_list,
        cast(campaigns.cost as decimal(18, 2)) as cost,
        cast(coalesce(email_funnel.emails_sent, 0) as {{ dbt.type_bigint() }}) as emails_sent,
        cast(coalesce(email_funnel.emails_delivered, 0) as {{ dbt.type_bigint() }})
            as emails_delivered,
        cast(coalesce(email_funnel.emails_opened, 0) as {{ dbt.type_bigint() }}) as emails_opened,
        cast(coalesce(email_funnel.emails_clicked, 0) as {{ dbt.type_bigint() }}) as emails_clicked,
        cast(coalesce(email_funnel.emails_bounced, 0) as {{ dbt.type_bigint() }}) as emails_bounced,
        cast(coalesce(email_funnel.email_unsubscribes, 0) as {{ dbt.type_bigint() }})
            as email_unsubscribes,
        cast(coalesce(email_funnel.email_opens, 0) as {{ dbt.type_bigint() }}) as email_opens,
        cast(coalesce(email_funnel.email_clicks, 0) as {{ dbt.type_bigint() }}) as email_clicks,
        {{ divide_to_decimal(
            'email_funnel.emails_delivered', 'email_funnel.emails_sent', 9, 4
        ) }} as email_delivery_rate,
        {{ divide_to_decimal(
            'email_funnel.emails_opened', 'email_funnel.emails_delivered', 9, 4
        ) }} as email_open_rate,
        {{ divide_to_decimal(
            'email_funnel.emails_clicked', 'email_funnel.emails_delivered', 9, 4
        ) }} as email_click_rate,
        cast(coalesce(line_clicks.line_clicks, 0) as {{ dbt.type_bigint() }}) as line_clicks,
        cast(coalesce(line_clicks.line_clickers, 0) as {{ dbt.type_bigint() }}) as line_clickers,
        cast(coalesce(web_sessions.web_sessions, 0) as {{ dbt.type_bigint() }}) as web_sessions,
        cast(coalesce(web_sessions.web_visitors, 0) as {{ dbt.type_bigint() }}) as web_visitors,
        cast(coalesce(attribution.attributed_orders, 0) as {{ dbt.type_bigint() }})
            as attributed_orders,
        cast(coalesce(attribution.attributed_customers, 0) as {{ dbt.type_bigint() }})
            as attributed_customers,
        cast(coalesce(attribution.attributed_revenue, 0) as decimal(18, 2)) as attributed_revenue,
        {{ divide_to_decimal(
            'coalesce(attribution.attributed_revenue, 0)', 'campaigns.cost', 18, 4
        ) }} as return_on_spend
    from campaign_ids
    left join campaigns
        on campaign_ids.campaign_id = campaigns.campaign_id
    left join email_funnel
        on campaign_ids.campaign_id = email_funnel.campaign_id
    left join line_clicks
        on campaign_ids.campaign_id = line_clicks.campaign_id
    left join web_sessions
        on campaign_ids.campaign_id = web_sessions.campaign_id
    left join attribution
        on campaign_ids.campaign_id = attribution.campaign_id
    where campaign_ids.campaign_id is not null
)

select * from final
