{#- A date moved by a whole number of days (negative moves back); the result
    is a date. -#}
{% macro date_add_days(date_expr, days) -%}
    {{ return(adapter.dispatch('date_add_days', 'customer360')(date_expr, days)) }}
{%- endmacro %}

{#- dbt's cross-database dateadd returns a timestamp on some engines: cast back. -#}
{% macro default__date_add_days(date_expr, days) -%}
    cast({{ dbt.dateadd('day', days, 'cast(' ~ date_expr ~ ' as date)') }} as date)
{%- endmacro %}

{#- DuckDB and PostgreSQL: date + integer is a date. -#}
{% macro duckdb__date_add_days(date_expr, days) -%}
    (cast({{ date_expr }} as date) + cast({{ days }} as integer))
{%- endmacro %}

{% macro postgres__date_add_days(date_expr, days) -%}
    (cast({{ date_expr }} as date) + cast({{ days }} as integer))
{%- endmacro %}

{#- Spark: date_add(date, n) is a date. -#}
{% macro spark__date_add_days(date_expr, days) -%}
    date_add(cast({{ date_expr }} as date), cast({{ days }} as integer))
{%- endmacro %}
