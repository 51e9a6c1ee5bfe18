-- One row per customer who received at least one email campaign up to the
-- as-of date: messages sent, delivered, opened and clicked, and the rates.
with

email_sends as (
    select * from {{ ref('fct_email_sends') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

final as (
    select
        email_sends.customer_id,
        sum(case when email_sends.is_sent then 1 else 0 end) as emails_sent,
        sum(case when email_sends.is_delivered then 1 else 0 end) as emails_delivered,
        sum(case when email_sends.is_opened then 1 else 0 end) as emails_opened,
        sum(case when email_sends.is_clicked then 1 else 0 end) as emails_clicked,
        max(coalesce(email_sends.first_opened_at, email_sends.first_clicked_at))
            as last_email_opened_at,
        max(email_sends.first_clicked_at) as last_email_clicked_at
    from email_sends
    cross join as_of
    where email_sends.send_date <= as_of.as_of_date
    group by email_sends.customer_id
)

select * from final
