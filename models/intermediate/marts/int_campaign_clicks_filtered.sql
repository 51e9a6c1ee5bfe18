-- One row per click on a campaign by a known customer: an email link click or
-- a LINE link click carrying a campaign id, or a web or app session that came
-- in on a campaign's UTM tag (one click per session and campaign, at its
-- first tagged event). The clicks last-touch attribution credits.
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

message_clicks as (
    select
        touchpoint_id as click_id,
        customer_id,
        campaign_id,
        channel,
        occurred_at as clicked_at
    from touchpoints
    where
        campaign_id is not null
        and (
            (source_system = 'email' and touchpoint_type = 'click')
            or (source_system = 'line' and touchpoint_type = 'link_click')
        )
),

session_clicks as (
    select
        'web_session:' || session_id || ':' || campaign_id as click_id,
        customer_id,
        campaign_id,
        min(channel) as channel,
        min(occurred_at) as clicked_at
    from touchpoints
    where
        source_system = 'web'
        and campaign_id is not null
        and session_id is not null
    group by customer_id, session_id, campaign_id
),

final as (
    select * from message_clicks
    union all
    select * from session_clicks
)

select * from final
