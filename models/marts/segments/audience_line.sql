-- One row per customer who can be messaged on LINE now: in customer_360 (so
-- not erased), with a LINE user id and the LINE consent currently given. With
-- the LINE follower status (a push reaches followers only) and the attributes
-- activation tools personalize and filter on.
with

customers as (
    select * from {{ ref('customer_360') }}
),

final as (
    select
        customer_id,
        line_user_id,
        line_consent_source_system,
        line_consent_source_record_id,
        line_consent_at,
        line_follower_status,
        first_name,
        last_name,
        province,
        lifecycle_stage,
        rfm_segment,
        value_tier,
        engagement_level,
        favourite_category,
        preferred_channel,
        interests,
        as_of_date
    from customers
    where
        has_line_consent
        and line_user_id is not null
)

select * from final
