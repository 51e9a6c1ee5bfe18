-- One row per customer who can be sent an SMS now: in customer_360 (so not
-- erased), with a phone number and the SMS consent currently given. With the
-- attributes activation tools personalize and filter on.
with

customers as (
    select * from {{ ref('customer_360') }}
),

final as (
    select
        customer_id,
        phone,
        sms_consent_source_system,
        sms_consent_source_record_id,
        sms_consent_at,
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
        has_sms_consent
        and phone is not null
)

select * from final
