-- No audience holds a customer without the channel's consent: each audience
-- row is checked against the golden record (the source of consent, read
-- directly rather than through customer_360) and must be a customer of
-- customer_360 (not erased). Fails with one row per offending member.
with

golden as (
    select * from {{ ref('customer_golden_records') }}
),

profiles as (
    select customer_id from {{ ref('customer_360') }}
),

members as (
    select
        'email' as channel,
        customer_id
    from {{ ref('audience_email') }}
    union all
    select
        'sms' as channel,
        customer_id
    from {{ ref('audience_sms') }}
    union all
    select
        'line' as channel,
        customer_id
    from {{ ref('audience_line') }}
),

checked as (
    select
        members.channel,
        members.customer_id,
        profiles.customer_id is not null as is_in_customer_360,
        case members.channel
            when 'email' then golden.has_email_consent
            when 'sms' then golden.has_sms_consent
            when 'line' then golden.has_line_consent
        end as has_consent
    from members
    left join golden
        on members.customer_id = golden.customer_id
    left join profiles
        on members.customer_id = profiles.customer_id
)

select *
from checked
where not is_in_customer_360 or not coalesce(has_consent, false)
