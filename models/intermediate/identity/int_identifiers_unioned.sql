-- One row per identifier value carried by a person-bearing record: the long table
-- every link is made from. Values are normalized by staging.
{# source system, staged rows, record id, seen at, identifier columns #}
{% set record_sources = [
    ('crm', 'crm_contacts', 'contact_id', 'coalesce(created_at, updated_at)',
        ['email', 'phone', 'loyalty_id', 'line_user_id']),
    ('ecommerce_customer', 'ecommerce_customers', 'customer_id',
        'coalesce(created_at, updated_at)', ['customer_id', 'email', 'phone']),
    ('ecommerce_order', 'ecommerce_orders', 'order_id', 'coalesce(ordered_at, updated_at)',
        ['customer_id', 'email', 'phone']),
    ('pos', 'pos_transactions', 'transaction_id', 'transacted_at', ['loyalty_id', 'phone']),
    ('support', 'support_tickets', 'ticket_id', 'coalesce(opened_at, updated_at)',
        ['email', 'phone', 'line_user_id']),
    ('survey', 'survey_responses', 'response_id', 'submitted_at', ['email', 'phone']),
] %}
{% set identifier_type_of = {'customer_id': 'ecommerce_customer_id'} %}

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


record_identifiers as (
    {%- for source_system, staged, record_id, seen_at, columns in record_sources %}
        {%- set source_loop = loop %}
        {%- for column in columns %}
            select
                '{{ source_system }}' as source_system,
                {{ record_id }} as source_record_id,
                '{{ identifier_type_of.get(column, column) }}' as identifier_type,
                {{ column }} as identifier_value,
                {{ seen_at }} as seen_at
            from {{ staged }}
            {% if not (loop.last and source_loop.last) %}union all{% endif %}
        {%- endfor %}
    {%- endfor %}
),

-- A web record is an anonymous id with every account and email seen on it.
web_identifiers as (
    select
        'web' as source_system,
        anonymous_id as source_record_id,
        identifier_type,
        identifier_value,
        min(occurred_at) as seen_at
    from (
        select
            anonymous_id,
            'anonymous_id' as identifier_type,
            anonymous_id as identifier_value,
            occurred_at
        from web_events
        union all
        select
            anonymous_id,
            'ecommerce_customer_id' as identifier_type,
            customer_id as identifier_value,
            occurred_at
        from web_events
        union all
        select
            anonymous_id,
            'email' as identifier_type,
            email as identifier_value,
            occurred_at
        from web_events
    ) as web_sightings
    where anonymous_id is not null and identifier_value is not null
    group by anonymous_id, identifier_type, identifier_value
),

-- An email record is an address of the email service provider's log.
email_identifiers as (
    select
        'email' as source_system,
        email as source_record_id,
        'email' as identifier_type,
        email as identifier_value,
        min(occurred_at) as seen_at
    from email_events
    where email is not null
    group by email
),

-- A LINE record is a LINE user; its member binding adds a phone and a loyalty id.
line_identifiers as (
    select
        'line' as source_system,
        line_user_id as source_record_id,
        'line_user_id' as identifier_type,
        line_user_id as identifier_value,
        min(occurred_at) as seen_at
    from line_events
    where line_user_id is not null
    group by line_user_id

    union all

    {%- for column in ['line_user_id', 'phone', 'loyalty_id'] %}
        select
            'line' as source_system,
            line_user_id as source_record_id,
            '{{ column }}' as identifier_type,
            {{ column }} as identifier_value,
            bound_at as seen_at
        from line_member_bindings
        where line_user_id is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

-- Composite identifier of CRM contacts: a household shares a phone, rarely a birth date,
-- so duplicate contacts of one person are recognised by phone and birth date together.
crm_phone_birth_date_identifiers as (
    select
        'crm' as source_system,
        contact_id as source_record_id,
        'phone_birth_date' as identifier_type,
        phone || '|' || cast(birth_date as {{ dbt.type_string() }}) as identifier_value,
        coalesce(created_at, updated_at) as seen_at
    from crm_contacts
    where phone is not null and birth_date is not null
),

{% if var('identity_fuzzy_enabled', false) %}
-- Fuzzy rule (var identity_fuzzy_enabled): the block key a record shares with its
-- candidates; the names are compared when the links are proposed.
fuzzy_identifiers as (
    select
        'crm' as source_system,
        contact_id as source_record_id,
        'name_dob_province' as identifier_type,
        name_script || '|' || cast(birth_date as {{ dbt.type_string() }}) || '|' || province
        as identifier_value,
        coalesce(created_at, updated_at) as seen_at
    from crm_contacts
    where
        full_name_normalized is not null
        and name_script is not null
        and birth_date is not null
        and province is not null
),
{% endif %}

unioned as (
    select * from record_identifiers
    union all
    select * from web_identifiers
    union all
    select * from email_identifiers
    union all
    select * from line_identifiers
    union all
    select * from crm_phone_birth_date_identifiers
    {% if var('identity_fuzzy_enabled', false) %}
        union all
        select * from fuzzy_identifiers
    {% endif %}
)

select
    source_system,
    source_record_id,
    identifier_type,
    identifier_value,
    source_system || ':' || source_record_id as record_key,
    min(seen_at) as seen_at
from unioned
where source_record_id is not null and identifier_value is not null
group by source_system, source_record_id, identifier_type, identifier_value
