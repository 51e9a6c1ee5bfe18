-- One row per customer and segment the customer belongs to on the as-of date:
-- RFM segment, lifecycle stage, value tier, engagement level and interests,
-- in one long table that BI and activation tools filter on. member_since is
-- the date the membership began where the rules tell it (lifecycle stage
-- since, first interest signal); relative segments that are re-ranked on
-- every run (RFM, value tier, engagement level) carry the as-of date.
with

rfm as (
    select * from {{ ref('customer_rfm') }}
),

lifecycle as (
    select * from {{ ref('customer_lifecycle') }}
),

value_tiers as (
    select * from {{ ref('customer_value_tiers') }}
),

engagement as (
    select * from {{ ref('customer_engagement') }}
),

interests as (
    select * from {{ ref('customer_interests') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

memberships as (
    select
        customer_id,
        'rfm' as segment_type,
        rfm_segment as segment_name,
        as_of_date as member_since
    from rfm
    where rfm_segment is not null
    union all
    select
        customer_id,
        'lifecycle' as segment_type,
        lifecycle_stage as segment_name,
        lifecycle_stage_since as member_since
    from lifecycle
    union all
    select
        customer_id,
        'value_tier' as segment_type,
        value_tier as segment_name,
        as_of_date as member_since
    from value_tiers
    union all
    select
        customer_id,
        'engagement' as segment_type,
        engagement_level as segment_name,
        as_of_date as member_since
    from engagement
    union all
    select
        customer_id,
        'interest' as segment_type,
        interest as segment_name,
        cast(first_signal_at as date) as member_since
    from interests
),

final as (
    select
        cast(
            memberships.customer_id
            || '|'
            || memberships.segment_type
            || ':'
            || memberships.segment_name
            as {{ dbt.type_string() }}
        ) as segment_membership_id,
        cast(memberships.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(memberships.segment_type as {{ dbt.type_string() }}) as segment_type,
        cast(memberships.segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(
            memberships.segment_type || ':' || memberships.segment_name as {{ dbt.type_string() }}
        ) as segment_key,
        cast(memberships.member_since as date) as member_since,
        as_of.as_of_date
    from memberships
    cross join as_of
)

select * from final
