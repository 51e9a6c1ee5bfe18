-- One row per customer with at least one touchpoint up to the as-of date:
-- first and last seen, web and app behaviour in the short and long windows,
-- LINE follow state and interactions, and the raw engagement score, from one
-- read of fct_touchpoints.
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

-- Web and app sessions: grouped once by session (cheaper than several
-- count(distinct) aggregates); a session is in a window when any of its
-- events is.
sessions as (
    select
        customer_id,
        session_id,
        min(days_ago) as days_ago,
        max(case when channel = 'app' then 1 else 0 end) as is_app
    from touchpoints_dated
    where channel in ('web', 'app') and session_id is not null
    group by customer_id, session_id
),

session_summary as (
    select
        customer_id,
        sum(case when days_ago < {{ var('activity_short_window_days') }} then 1 else 0 end)
            as sessions_last_30_days,
        sum(case when days_ago < {{ var('activity_long_window_days') }} then 1 else 0 end)
            as sessions_last_90_days,
        sum(
            case
                when is_app = 1 and days_ago < {{ var('activity_long_window_days') }} then 1 else 0
            end
        ) as app_sessions_last_90_days
    from sessions
    group by customer_id
),

touchpoint_summary as (
    select
        customer_id,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        count(*) as touchpoints_total,
        sum(case when days_ago < {{ var('activity_long_window_days') }} then 1 else 0 end)
            as touchpoints_last_90_days,
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
        -- Each term fixed to 8 decimals before summing: a sum of doubles depends
        -- on the order of its terms, which differs between engines and runs.
        -- `1e0`, not `1.0`: Spark reads 1.0 as a decimal and keeps only 6
        -- decimals of the quotient (0.233333 for 7/30), enough to move the score.
        sum(case
            when days_ago < {{ var('engagement_window_days') }}
                then cast(
                        engagement_weight
                        * power(0.5, days_ago * 1e0 / {{ var('engagement_half_life_days') }})
                        as decimal(18, 8)
                    )
            else 0
        end) as engagement_score
    from touchpoints_dated
    group by customer_id
),

final as (
    select
        touchpoint_summary.customer_id,
        touchpoint_summary.first_seen_at,
        touchpoint_summary.last_seen_at,
        touchpoint_summary.touchpoints_total,
        touchpoint_summary.touchpoints_last_90_days,
        touchpoint_summary.product_views_last_30_days,
        touchpoint_summary.product_views_last_90_days,
        touchpoint_summary.last_visit_at,
        touchpoint_summary.last_line_follow_at,
        touchpoint_summary.last_line_unfollow_at,
        touchpoint_summary.line_interactions,
        touchpoint_summary.line_interactions_last_90_days,
        touchpoint_summary.last_email_unsubscribe_at,
        cast(touchpoint_summary.engagement_score as decimal(18, 4)) as engagement_score,
        coalesce(session_summary.sessions_last_30_days, 0) as sessions_last_30_days,
        coalesce(session_summary.sessions_last_90_days, 0) as sessions_last_90_days,
        coalesce(session_summary.app_sessions_last_90_days, 0) as app_sessions_last_90_days
    from touchpoint_summary
    left join session_summary
        on touchpoint_summary.customer_id = session_summary.customer_id
)

select * from final
