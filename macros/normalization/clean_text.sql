{#- Free text or an opaque id: trimmed, empty becomes null. -#}
{% macro clean_text(col) -%}
    {{ return(adapter.dispatch('clean_text', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__clean_text(col) -%}
    nullif(trim({{ col }}), '')
{%- endmacro %}

{#- A code from a small set (status, event_type, channel): trimmed and lower
    case, empty becomes null. -#}
{% macro clean_code(col) -%}
    {{ return(adapter.dispatch('clean_code', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__clean_code(col) -%}
    nullif(lower(trim({{ col }})), '')
{%- endmacro %}
