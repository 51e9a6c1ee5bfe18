-- One row per person-bearing source record (the records customer_xref covers), with
-- the time it was first and last seen and a number for the clustering macros.
with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

ecommerce_customers as (
    select * from {{ ref('stg_ecommerce__customers') }}
),

ecommerce_orders as (
    select * from {{ ref('stg_ecommerce__orders') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

email_events as (
    select * from {{ ref('stg_email__events') }}
),

line_events as (
    select * from {{ ref('stg_line__events') }}
),

line_member_bindings as (
    select * from {{ ref('stg_line__member_bindings') }}
),

support_tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

survey_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

records_by_source as (
    select
        'crm' as source_system,
        contact_id as source_record_id,
        coalesce(created_at, updated_at) as first_seen_at,
        coalesce(updated_at, created_at) as last_seen_at
    from crm_contacts

    union all

    select
        'ecommerce_customer' as source_system,
        customer_id as source_record_id,
        coalesce(created_at, updated_at) as first_seen_at,
        coalesce(updated_at, created_at) as last_seen_at
    from ecommerce_customers

    union all

    select
        'ecommerce_order' as source_system,
        order_id as source_record_id,
        coalesce(ordered_at, updated_at) as first_seen_at,
        coalesce(updated_at, ordered_at) as last_seen_at
    from ecommerce_orders

    union all

    select
        'pos' as source_system,
        transaction_id as source_record_id,
        transacted_at as first_seen_at,
        transacted_at as last_seen_at
    from pos_transactions
    where loyalty_id is not null or phone is not null

    union all

    select
        'web' as source_system,
        anonymous_id as source_record_id,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at
    from web_events
    where anonymous_id is not null
    group by anonymous_id

    union all

    select
        'email' as source_system,
        email as source_record_id,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at
    from email_events
    where email is not null
    group by email

    union all

    select
        'line' as source_system,
        line_user_id as source_record_id,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at
    from (
        select
            line_user_id,
            occurred_at as seen_at
        from line_events
        union all
        select
            line_user_id,
            bound_at as seen_at
        from line_member_bindings
    ) as line_sightings
    where line_user_id is not null
    group by line_user_id

    union all

    select
        'support' as source_system,
        ticket_id as source_record_id,
        coalesce(opened_at, updated_at) as first_seen_at,
        coalesce(updated_at, opened_at) as last_seen_at
    from support_tickets

    union all

    select
        'survey' as source_system,
        response_id as source_record_id,
        submitted_at as first_seen_at,
        submitted_at as last_seen_at
    from survey_responses
),

keyed as (
    select
        source_system,
        source_record_id,
        first_seen_at,
        last_seen_at,
        source_system || ':' || source_record_id as record_key
    from records_by_source
    where source_record_id is not null
)

select
    record_key,
    -- Numbered in hash order: the clustering macros work on integers, and an order
    -- unrelated to the data keeps adversarial inputs from slowing them down.
    cast(row_number() over (order by md5(record_key), record_key) as bigint) as record_num,
    source_system,
    source_record_id,
    first_seen_at,
    last_seen_at
from keyed
