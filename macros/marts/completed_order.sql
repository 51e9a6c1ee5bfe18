{#- True when an order counts as completed, so its total is revenue. One
    definition for the marts and for the reconciliation test against staging:
    online orders in var `completed_online_order_statuses` (paid, shipped,
    delivered: money taken and not given back), store receipts in var
    `completed_store_order_statuses` (completed, i.e. not voided).
    sales_channel is 'online' or 'store' (a literal, not a column). -#}
{% macro completed_order_condition(sales_channel, status_column) -%}
    {%- if sales_channel == 'online' -%}
        {%- set statuses = var('completed_online_order_statuses') -%}
    {%- elif sales_channel == 'store' -%}
        {%- set statuses = var('completed_store_order_statuses') -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("completed_order_condition: sales_channel must be 'online' or 'store', got " ~ sales_channel) }}
    {%- endif -%}
    coalesce({{ status_column }} in (
        {%- for status in statuses -%}
            '{{ status }}'{{ ', ' if not loop.last }}
        {%- endfor -%}
    ), false)
{%- endmacro %}
