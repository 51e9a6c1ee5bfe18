{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'source_record_id'],
    on_schema_change='fail',
    pre_hook="{{ touchpoint_delete_restaged() }}",
    post_hook=[
        "{{ touchpoint_note_touched_customers() }}",
        "{{ touchpoint_record_watermarks() }}",
    ],
) }}
-- One row per touchpoint of a known customer, from every source: web and app
-- events, email and LINE events, LINE member registrations, online orders,
-- store receipts, support tickets (opened and resolved), surveys, CRM contacts
-- and online accounts (created). Channel, type and journey stage follow the
-- seed `touchpoint_types` (a change of the seed needs a full refresh).
-- Incremental: see the scope in macros/marts/touchpoints_incremental.sql.
{%- set string = dbt.type_string() %}
{%- set app_device_types = "'" ~ (var('app_device_types') | map('lower') | join("', '")) ~ "'" %}

with

xref as (
    select * from {{ ref('customer_xref') }}
),

touchpoint_types as (
    select * from {{ ref('touchpoint_types') }}
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

line_bindings as (
    select * from {{ ref('stg_line__member_bindings') }}
),

online_orders as (
    select * from {{ ref('fct_orders') }}
    where sales_channel = 'online'
),

store_receipts as (
    select * from {{ ref('fct_orders') }}
    where sales_channel = 'store'
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

survey_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

online_accounts as (
    select * from {{ ref('stg_ecommerce__customers') }}
),

{% if is_incremental() %}
    -- the incremental scope (macros/marts/touchpoints_incremental.sql)
    records_changed as (
        {{ touchpoint_records_changed() }}
    ),

    customers_reassigned as (
        {{ touchpoint_customers_reassigned() }}
    ),
{% endif %}


web_touchpoints as (
    -- A logged-in event belongs to the account's customer; otherwise the
    -- cookie's (a shared device may carry several people).
    select
        coalesce(account_customers.customer_id, device_customers.customer_id)
            as customer_id,
        'web' as source_system,
        web_events.event_id as source_record_id,
        case
            when lower(web_events.device_type) in ({{ app_device_types }}) then 'app'
            else 'web'
        end as channel,
        web_events.event_type as touchpoint_type,
        web_events.occurred_at,
        web_events.session_id,
        web_events.utm_campaign as campaign_id,
        web_events.sku,
        cast(null as {{ string }}) as tag,
        web_events.order_id,
        cast(null as decimal(18, 2)) as amount
    from web_events
    left join xref as account_customers
        on
            account_customers.source_system = 'ecommerce_customer'
            and web_events.customer_id = account_customers.source_record_id
    left join xref as device_customers
        on
            device_customers.source_system = 'web'
            and web_events.anonymous_id = device_customers.source_record_id
),

email_touchpoints as (
    select
        email_customers.customer_id,
        'email' as source_system,
        email_events.event_id as source_record_id,
        'email' as channel,
        email_events.event_type as touchpoint_type,
        email_events.occurred_at,
        cast(null as {{ string }}) as session_id,
        email_events.campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        cast(null as {{ string }}) as order_id,
        cast(null as decimal(18, 2)) as amount
    from email_events
    inner join xref as email_customers
        on
            email_customers.source_system = 'email'
            and email_events.email = email_customers.source_record_id
),

line_touchpoints as (
    select
        line_customers.customer_id,
        'line' as source_system,
        line_events.event_id as source_record_id,
        'line' as channel,
        line_events.event_type as touchpoint_type,
        line_events.occurred_at,
        cast(null as {{ string }}) as session_id,
        line_events.campaign_id,
        cast(null as {{ string }}) as sku,
        line_events.tag,
        cast(null as {{ string }}) as order_id,
        cast(null as decimal(18, 2)) as amount
    from line_events
    inner join xref as line_customers
        on
            line_customers.source_system = 'line'
            and line_events.line_user_id = line_customers.source_record_id
),

line_binding_touchpoints as (
    select
        line_customers.customer_id,
        'line' as source_system,
        line_bindings.line_user_id as source_record_id,
        'line' as channel,
        'member_bound' as touchpoint_type,
        line_bindings.bound_at as occurred_at,
        cast(null as {{ string }}) as session_id,
        cast(null as {{ string }}) as campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        cast(null as {{ string }}) as order_id,
        cast(null as decimal(18, 2)) as amount
    from line_bindings
    inner join xref as line_customers
        on
            line_customers.source_system = 'line'
            and line_bindings.line_user_id = line_customers.source_record_id
),

order_touchpoints as (
    select
        customer_id,
        'ecommerce_order' as source_system,
        order_id as source_record_id,
        'online' as channel,
        'order_placed' as touchpoint_type,
        ordered_at as occurred_at,
        cast(null as {{ string }}) as session_id,
        utm_campaign as campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        order_id,
        revenue as amount
    from online_orders
    where customer_id is not null
    union all
    select
        customer_id,
        'pos' as source_system,
        order_id as source_record_id,
        'store' as channel,
        'store_purchase' as touchpoint_type,
        ordered_at as occurred_at,
        cast(null as {{ string }}) as session_id,
        cast(null as {{ string }}) as campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        order_id,
        revenue as amount
    from store_receipts
    where customer_id is not null
),

ticket_touchpoints as (
    select
        support_customers.customer_id,
        'support' as source_system,
        tickets.ticket_id as source_record_id,
        'support' as channel,
        'ticket_opened' as touchpoint_type,
        tickets.opened_at as occurred_at,
        cast(null as {{ string }}) as session_id,
        cast(null as {{ string }}) as campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        cast(null as {{ string }}) as order_id,
        cast(null as decimal(18, 2)) as amount
    from tickets
    inner join xref as support_customers
        on
            support_customers.source_system = 'support'
            and tickets.ticket_id = support_customers.source_record_id
    union all
    select
        support_customers.customer_id,
        'support' as source_system,
        tickets.ticket_id as source_record_id,
        'support' as channel,
        'ticket_resolved' as touchpoint_type,
        tickets.resolved_at as occurred_at,
        cast(null as {{ string }}) as session_id,
        cast(null as {{ string }}) as campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        cast(null as {{ string }}) as order_id,
        cast(null as decimal(18, 2)) as amount
    from tickets
    inner join xref as support_customers
        on
            support_customers.source_system = 'support'
            and tickets.ticket_id = support_customers.source_record_id
    where tickets.resolved_at is not null
),

survey_touchpoints as (
    select
        survey_customers.customer_id,
        'survey' as source_system,
        survey_responses.response_id as source_record_id,
        'survey' as channel,
        survey_responses.survey_type || '_response' as touchpoint_type,
        survey_responses.submitted_at as occurred_at,
        cast(null as {{ string }}) as session_id,
        cast(null as {{ string }}) as campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        cast(null as {{ string }}) as order_id,
        cast(null as decimal(18, 2)) as amount
    from survey_responses
    inner join xref as survey_customers
        on
            survey_customers.source_system = 'survey'
            and survey_responses.response_id = survey_customers.source_record_id
),

registration_touchpoints as (
    select
        crm_customers.customer_id,
        'crm' as source_system,
        crm_contacts.contact_id as source_record_id,
        'crm' as channel,
        'contact_created' as touchpoint_type,
        crm_contacts.created_at as occurred_at,
        cast(null as {{ string }}) as session_id,
        cast(null as {{ string }}) as campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        cast(null as {{ string }}) as order_id,
        cast(null as decimal(18, 2)) as amount
    from crm_contacts
    inner join xref as crm_customers
        on
            crm_customers.source_system = 'crm'
            and crm_contacts.contact_id = crm_customers.source_record_id
    union all
    select
        account_customers.customer_id,
        'ecommerce_customer' as source_system,
        online_accounts.customer_id as source_record_id,
        'online' as channel,
        'account_created' as touchpoint_type,
        online_accounts.created_at as occurred_at,
        cast(null as {{ string }}) as session_id,
        cast(null as {{ string }}) as campaign_id,
        cast(null as {{ string }}) as sku,
        cast(null as {{ string }}) as tag,
        cast(null as {{ string }}) as order_id,
        cast(null as decimal(18, 2)) as amount
    from online_accounts
    inner join xref as account_customers
        on
            account_customers.source_system = 'ecommerce_customer'
            and online_accounts.customer_id = account_customers.source_record_id
),

unioned as (
    select * from web_touchpoints
    where customer_id is not null
    union all
    select * from email_touchpoints
    union all
    select * from line_touchpoints
    union all
    select * from line_binding_touchpoints
    union all
    select * from order_touchpoints
    union all
    select * from ticket_touchpoints
    union all
    select * from survey_touchpoints
    union all
    select * from registration_touchpoints
),

final as (
    select
        cast(
            unioned.source_system
            || ':'
            || unioned.touchpoint_type
            || ':'
            || unioned.source_record_id
            as {{ string }}
        ) as touchpoint_id,
        cast(unioned.customer_id as {{ string }}) as customer_id,
        cast(unioned.source_system as {{ string }}) as source_system,
        cast(unioned.source_record_id as {{ string }}) as source_record_id,
        cast(unioned.channel as {{ string }}) as channel,
        cast(unioned.touchpoint_type as {{ string }}) as touchpoint_type,
        cast(touchpoint_types.journey_stage as {{ string }}) as journey_stage,
        cast(coalesce(touchpoint_types.engagement_weight, 0) as decimal(9, 2)) as engagement_weight,
        cast(unioned.occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(unioned.occurred_at as date) as touchpoint_date,
        cast(unioned.session_id as {{ string }}) as session_id,
        cast(unioned.campaign_id as {{ string }}) as campaign_id,
        cast(unioned.sku as {{ string }}) as sku,
        cast(unioned.tag as {{ string }}) as tag,
        cast(unioned.order_id as {{ string }}) as order_id,
        cast(unioned.amount as decimal(18, 2)) as amount
    from unioned
    left join touchpoint_types
        on
            unioned.source_system = touchpoint_types.source_system
            and unioned.touchpoint_type = touchpoint_types.touchpoint_type
    where unioned.occurred_at is not null
)

select * from final
{% if is_incremental() %}
    -- Incremental: only the scope of macros/marts/touchpoints_incremental.sql
    -- (restaged records and orders, customers with a new id). customer_id can
    -- change for old records when identities merge or split, so a watermark on
    -- the sources alone would leave rows under a retired id.
    where
        (source_system, source_record_id) in (
            select source_system, source_record_id from records_changed
        )
        or customer_id in (select customer_id from customers_reassigned)
{% endif %}
