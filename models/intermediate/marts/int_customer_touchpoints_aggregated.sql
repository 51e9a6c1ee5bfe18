-- One row per customer with at least one touchpoint up to the as-of date:
-- first and last seen, web and app behaviour in the short and long windows,
-- LINE follow state and interactions, and the raw engagement score. One scan
-- of fct_touchpoints for all of them.
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

touchpoints_dated as (
    select
        touchpoints.customer_id,
        touchpoints.channel,
        touchpoints.source_system,
        touchpoints.touchpoint_type,
        touchpoints.occurred_at,
        touchpoints.session_id,
        touchpoints.engagement_weight,
        {{ days_between('touchpoints.touchpoint_date', 'as_of.as_of_date') }} as days_ago
    from touchpoints
    cross join as_of
    where touchpoints.touchpoint_date <= as_of.as_of_date
),

final as (
    select
        customer_id,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        count(*) as touchpoints_total,
        sum(case when days_ago < {{ var('activity_long_window_days') }} then 1 else 0 end)
            as touchpoints_last_90_days,
        count(distinct case
            when channel in ('web', 'app') and days_ago < {{ var('activity_short_window_days') }}
                then session_id
        end) as sessions_last_30_days,
        count(distinct case
            when channel in ('web', 'app') and days_ago < {{ var('activity_long_window_days') }}
                then session_id
        end) as sessions_last_90_days,
        count(distinct case
            when channel = 'app' and days_ago < {{ var('activity_long_window_days') }}
                then session_id
        end) as app_sessions_last_90_days,
        sum(case
            when touchpoint_type = 'product_view'
                and days_ago < {{ var('activity_short_window_days') }}
                then 1
            else 0
        end) as product_views_last_30_days,
        sum(case
            when touchpoint_type = 'product_view'
                and days_ago < {{ var('activity_long_window_days') }}
                then 1
            else 0
        end) as product_views_last_90_days,
        max(case when channel in ('web', 'app') then occurred_at end) as last_visit_at,
        max(case when source_system = 'line' and touchpoint_type = 'follow' then occurred_at end)
            as last_line_follow_at,
        max(case when source_system = 'line' and touchpoint_type = 'unfollow' then occurred_at end)
            as last_line_unfollow_at,
        sum(case
            when source_system = 'line' and touchpoint_type in ('message', 'postback', 'link_click')
                then 1
            else 0
        end) as line_interactions,
        sum(case
            when
                source_system = 'line' and touchpoint_type in ('message', 'postback', 'link_click')
                and days_ago < {{ var('activity_long_window_days') }}
                then 1
            else 0
        end) as line_interactions_last_90_days,
        max(
            case
                when source_system = 'email' and touchpoint_type = 'unsubscribe' then occurred_at
            end
        )
            as last_email_unsubscribe_at,
        sum(case
            when days_ago < {{ var('engagement_window_days') }}
                then engagement_weight
                    * power(0.5, days_ago * 1.0 / {{ var('engagement_half_life_days') }})
            else 0
        end) as engagement_score
    from touchpoints_dated
    group by customer_id
)

select * from final
