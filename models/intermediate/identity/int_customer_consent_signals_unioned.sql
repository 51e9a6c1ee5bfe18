-- One row per consent signal per channel (email, sms, line): a CRM consent flag, the
-- online store's marketing opt-in (email), an email unsubscribe or complaint (email),
-- a LINE follow or unfollow (line); with the customer, source record and time.
with

records as (
    select * from {{ ref('int_identity_records_resolved') }}
),

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

ecommerce_customers as (
    select * from {{ ref('stg_ecommerce__customers') }}
),

email_events as (
    select * from {{ ref('stg_email__events') }}
),

line_events as (
    select * from {{ ref('stg_line__events') }}
),

signals as (
    {%- for channel in ['email', 'sms', 'line'] %}
        select
            '{{ channel }}' as channel,
            has_{{ channel }}_consent as has_consent,
            'crm' as source_system,
            contact_id as source_record_id,
            updated_at as signalled_at
        from crm_contacts
        where has_{{ channel }}_consent is not null
        union all
    {%- endfor %}

    select
        'email' as channel,
        has_marketing_consent as has_consent,
        'ecommerce_customer' as source_system,
        customer_id as source_record_id,
        updated_at as signalled_at
    from ecommerce_customers
    where has_marketing_consent is not null

    union all

    select
        'email' as channel,
        false as has_consent,
        'email' as source_system,
        email as source_record_id,
        occurred_at as signalled_at
    from email_events
    where event_type in ('unsubscribe', 'complaint') and email is not null

    union all

    select
        'line' as channel,
        event_type = 'follow' as has_consent,
        'line' as source_system,
        line_user_id as source_record_id,
        occurred_at as signalled_at
    from line_events
    where event_type in ('follow', 'unfollow') and line_user_id is not null
)

select
    records.customer_id,
    signals.channel,
    signals.has_consent,
    signals.source_system,
    signals.source_record_id,
    signals.signalled_at
from signals
inner join records
    on
        signals.source_system = records.source_system
        and signals.source_record_id = records.source_record_id
