{#- A timestamp moved by a whole number of days (negative moves back). -#}
{% macro timestamp_add_days(timestamp_expr, days) -%}
    {{ return(adapter.dispatch('timestamp_add_days', 'customer360')(timestamp_expr, days)) }}
{%- endmacro %}

{#- dbt's cross-database dateadd already has a body per engine. -#}
{% macro default__timestamp_add_days(timestamp_expr, days) -%}
    {{ dbt.dateadd('day', days, timestamp_expr) }}
{%- endmacro %}
