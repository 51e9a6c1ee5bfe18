-- One row per email campaign and customer it reached: what happened to the
-- message (sent, delivered, opened, clicked, bounced, unsubscribed,
-- complained) from the email service provider's event log. An open or click
-- counts as delivered even when the delivered event is missing.
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

email_events as (
    select
        customer_id,
        campaign_id,
        touchpoint_type,
        occurred_at
    from touchpoints
    where
        source_system = 'email'
        and campaign_id is not null
),

sends as (
    select
        campaign_id,
        customer_id,
        min(case when touchpoint_type = 'sent' then occurred_at end) as sent_at,
        min(occurred_at) as first_event_at,
        max(case when touchpoint_type = 'sent' then 1 else 0 end) as sent_flag,
        max(case when touchpoint_type in ('delivered', 'open', 'click') then 1 else 0 end)
            as delivered_flag,
        max(case when touchpoint_type in ('open', 'click') then 1 else 0 end) as opened_flag,
        max(case when touchpoint_type = 'click' then 1 else 0 end) as clicked_flag,
        max(case when touchpoint_type = 'bounce' then 1 else 0 end) as bounced_flag,
        max(case when touchpoint_type = 'unsubscribe' then 1 else 0 end) as unsubscribed_flag,
        max(case when touchpoint_type = 'complaint' then 1 else 0 end) as complained_flag,
        sum(case when touchpoint_type = 'open' then 1 else 0 end) as open_count,
        sum(case when touchpoint_type = 'click' then 1 else 0 end) as click_count,
        min(case when touchpoint_type = 'open' then occurred_at end) as first_opened_at,
        min(case when touchpoint_type = 'click' then occurred_at end) as first_clicked_at
    from email_events
    group by campaign_id, customer_id
),

final as (
    select
        cast(campaign_id || ':' || customer_id as {{ dbt.type_string() }}) as email_send_id,
        campaign_id,
        customer_id,
        cast(coalesce(sent_at, first_event_at) as {{ dbt.type_timestamp() }}) as sent_at,
        cast(coalesce(sent_at, first_event_at) as date) as send_date,
        sent_flag = 1 as is_sent,
        delivered_flag = 1 as is_delivered,
        opened_flag = 1 as is_opened,
        clicked_flag = 1 as is_clicked,
        bounced_flag = 1 as is_bounced,
        unsubscribed_flag = 1 as is_unsubscribed,
        complained_flag = 1 as is_complained,
        cast(open_count as {{ dbt.type_bigint() }}) as open_count,
        cast(click_count as {{ dbt.type_bigint() }}) as click_count,
        first_opened_at,
        first_clicked_at
    from sends
)

select * from final
