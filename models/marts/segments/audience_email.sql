-- One row per customer who can be emailed now: in customer_360 (so not
-- erased: erased persons never reach it), with an email address and the
-- email consent currently given. With the attributes activation tools
-- personalize and filter on.
with

customers as (
    select * from {{ ref('customer_360') }}
),

final as (
    select
        customer_id,
        email,
        email_consent_source_system,
        email_consent_source_record_id,
        email_consent_at,
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
        has_email_consent
        and email is not null
)

select * from final
