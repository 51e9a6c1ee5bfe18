{#- The key rule of every raw table, in one place: the staging model keeps
    the rows that pass it and stg_quarantine holds the ones that do not, so
    the two can never disagree. Returns a dict: raw table name ->
    {source_name, table_name, key_columns, parsed_keys}. -#}
{% macro staging_key_rules() -%}
    {{ return({
        'crm_contacts': {
            'source_name': 'crm', 'table_name': 'contacts',
            'key_columns': ['contact_id'], 'parsed_keys': {}},
        'ecommerce_customers': {
            'source_name': 'ecommerce', 'table_name': 'customers',
            'key_columns': ['customer_id'], 'parsed_keys': {}},
        'ecommerce_orders': {
            'source_name': 'ecommerce', 'table_name': 'orders',
            'key_columns': ['order_id'], 'parsed_keys': {}},
        'pos_transactions': {
            'source_name': 'pos', 'table_name': 'transactions',
            'key_columns': ['transaction_id'], 'parsed_keys': {}},
        'pos_transaction_lines': {
            'source_name': 'pos', 'table_name': 'transaction_lines',
            'key_columns': ['transaction_id', 'line_no'],
            'parsed_keys': {'line_no': customer360.parse_integer('line_no')}},
        'web_events': {
            'source_name': 'web', 'table_name': 'events',
            'key_columns': ['event_id'], 'parsed_keys': {}},
        'email_events': {
            'source_name': 'email', 'table_name': 'events',
            'key_columns': ['event_id'], 'parsed_keys': {}},
        'line_events': {
            'source_name': 'line', 'table_name': 'events',
            'key_columns': ['event_id'], 'parsed_keys': {}},
        'line_member_bindings': {
            'source_name': 'line', 'table_name': 'member_bindings',
            'key_columns': ['line_user_id'],
            'parsed_keys': {'line_user_id': customer360.normalize_line_user_id('line_user_id')}},
        'support_tickets': {
            'source_name': 'support', 'table_name': 'tickets',
            'key_columns': ['ticket_id'], 'parsed_keys': {}},
        'survey_responses': {
            'source_name': 'surveys', 'table_name': 'responses',
            'key_columns': ['response_id'], 'parsed_keys': {}},
        'marketing_campaigns': {
            'source_name': 'marketing', 'table_name': 'campaigns',
            'key_columns': ['campaign_id'], 'parsed_keys': {}},
        'privacy_erasure_requests': {
            'source_name': 'privacy', 'table_name': 'erasure_requests',
            'key_columns': ['request_id'], 'parsed_keys': {}},
    }) }}
{%- endmacro %}

{#- The rejection reason of a raw row of `raw_table` (null when it can be
    staged), following staging_key_rules(). -#}
{% macro staging_rejection_reason(raw_table) -%}
    {%- set rule = customer360.staging_key_rules()[raw_table] -%}
    {{ return(customer360.missing_key_reason(rule.key_columns, rule.parsed_keys)) }}
{%- endmacro %}
