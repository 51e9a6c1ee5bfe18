-- One row per customer: the engagement score (touchpoints of the last
-- var('engagement_window_days'), each worth its weight in the seed
-- touchpoint_types, halved every var('engagement_half_life_days')) and the
-- engagement level: high from var('engagement_high_min_score'), medium from
-- var('engagement_medium_min_score'), low below (and without touchpoints).
with

customers as (
    select * from {{ ref('customer_golden_records') }}
),

touchpoint_summary as (
    select * from {{ ref('int_customer_touchpoints_aggregated') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

scored as (
    select
        customers.customer_id,
        touchpoint_summary.last_seen_at,
        as_of.as_of_date,
        coalesce(touchpoint_summary.engagement_score, 0) as engagement_score,
        coalesce(touchpoint_summary.touchpoints_last_90_days, 0) as touchpoints_last_90_days
    from customers
    cross join as_of
    left join touchpoint_summary
        on customers.customer_id = touchpoint_summary.customer_id
),

final as (
    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(round(engagement_score, 4) as decimal(18, 4)) as engagement_score,
        cast(
            case
                when engagement_score >= {{ var('engagement_high_min_score') }} then 'high'
                when engagement_score >= {{ var('engagement_medium_min_score') }} then 'medium'
                else 'low'
            end as {{ dbt.type_string() }}
        ) as engagement_level,
        cast(touchpoints_last_90_days as {{ dbt.type_bigint() }}) as touchpoints_last_90_days,
        cast(last_seen_at as {{ dbt.type_timestamp() }}) as last_seen_at,
        as_of_date
    from scored
)

select * from final
