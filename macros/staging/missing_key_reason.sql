{#- Why a raw row cannot be staged, or null when it can: the first key column
    that is null or blank after trimming ('missing key: contact_id'), or a
    key column whose non-blank value does not parse ('invalid key: line_no').
    `parsed_keys` maps such a key column to the SQL expression that parses it. -#}
{% macro missing_key_reason(key_columns, parsed_keys={}) -%}
    {{ return(adapter.dispatch('missing_key_reason', 'customer360')(key_columns, parsed_keys)) }}
{%- endmacro %}

{% macro default__missing_key_reason(key_columns, parsed_keys) -%}
    case
        {%- for column in key_columns %}
        when nullif(trim({{ column }}), '') is null then 'missing key: {{ column }}'
        {%- endfor %}
        {%- for column, parsed in parsed_keys.items() %}
        when {{ parsed }} is null then 'invalid key: {{ column }}'
        {%- endfor %}
    end
{%- endmacro %}
