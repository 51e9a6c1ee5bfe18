-- One row per click on a campaign: email link clicks and LINE link clicks of
-- known customers that carry a campaign id. The touchpoints that last-touch
-- attribution credits.
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

final as (
    select
        touchpoint_id,
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
)

select * from final
