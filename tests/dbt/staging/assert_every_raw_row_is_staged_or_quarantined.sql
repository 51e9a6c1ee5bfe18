-- Nothing is dropped silently: every raw row is either in stg_quarantine (by
-- table, file and line) or its key is in the staging model (as the winning
-- version or an older one of the same key). Returns the raw rows that are
-- neither, checked independently of the key rules the models use.
{%- set checks = [
    ('crm_contacts', 'crm', 'contacts', 'stg_crm__contacts',
        [('trim(raw_rows.contact_id)', 'contact_id')]),
    ('ecommerce_customers', 'ecommerce', 'customers', 'stg_ecommerce__customers',
        [('trim(raw_rows.customer_id)', 'customer_id')]),
    ('ecommerce_orders', 'ecommerce', 'orders', 'stg_ecommerce__orders',
        [('trim(raw_rows.order_id)', 'order_id')]),
    ('pos_transactions', 'pos', 'transactions', 'stg_pos__transactions',
        [('trim(raw_rows.transaction_id)', 'transaction_id')]),
    ('pos_transaction_lines', 'pos', 'transaction_lines', 'stg_pos__transaction_lines',
        [('trim(raw_rows.transaction_id)', 'transaction_id'),
         (parse_integer('raw_rows.line_no'), 'line_no')]),
    ('web_events', 'web', 'events', 'stg_web__events',
        [('trim(raw_rows.event_id)', 'event_id')]),
    ('email_events', 'email', 'events', 'stg_email__events',
        [('trim(raw_rows.event_id)', 'event_id')]),
    ('line_events', 'line', 'events', 'stg_line__events',
        [('trim(raw_rows.event_id)', 'event_id')]),
    ('line_member_bindings', 'line', 'member_bindings', 'stg_line__member_bindings',
        [(normalize_line_user_id('raw_rows.line_user_id'), 'line_user_id')]),
    ('support_tickets', 'support', 'tickets', 'stg_support__tickets',
        [('trim(raw_rows.ticket_id)', 'ticket_id')]),
    ('survey_responses', 'surveys', 'responses', 'stg_surveys__responses',
        [('trim(raw_rows.response_id)', 'response_id')]),
    ('marketing_campaigns', 'marketing', 'campaigns', 'stg_marketing__campaigns',
        [('trim(raw_rows.campaign_id)', 'campaign_id')]),
    ('privacy_erasure_requests', 'privacy', 'erasure_requests', 'stg_privacy__erasure_requests',
        [('trim(raw_rows.request_id)', 'request_id')]),
] %}

with

quarantine as (

    select * from {{ ref('stg_quarantine') }}

),

unaccounted as (

    {% for raw_table, source_name, table_name, model, keys in checks %}
        {%- set key_matches = [] %}
        {%- for raw_key, staged_key in keys %}
            {%- do key_matches.append(raw_key ~ ' = staged.' ~ staged_key) %}
        {%- endfor %}
        select
            '{{ raw_table }}' as source_table,
            raw_rows._file,
            raw_rows._line_no
        from {{ source(source_name, table_name) }} as raw_rows
        left join {{ ref(model) }} as staged
            on {{ key_matches | join(' and ') }}
        left join quarantine
            on
                quarantine.source_table = '{{ raw_table }}'
                and raw_rows._file = quarantine._file
                and raw_rows._line_no = quarantine._line_no
        where staged.{{ keys[0][1] }} is null and quarantine.source_table is null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select
    source_table,
    _file,
    _line_no
from unaccounted
