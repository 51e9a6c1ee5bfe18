{#- Whole calendar days from start to end (end minus start, both taken as
    dates): 0 on the same day, negative when end is earlier. -#}
{% macro days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('days_between', 'customer360')(start_date, end_date)) }}
{%- endmacro %}

{#- dbt's own cross-database datediff, on dates so time of day never counts. -#}
{% macro default__days_between(start_date, end_date) -%}
    {{ dbt.datediff('cast(' ~ start_date ~ ' as date)', 'cast(' ~ end_date ~ ' as date)', 'day') }}
{%- endmacro %}

{#- DuckDB: date_diff counts day boundaries between the two dates directly. -#}
{% macro duckdb__days_between(start_date, end_date) -%}
    date_diff('day', cast({{ start_date }} as date), cast({{ end_date }} as date))
{%- endmacro %}

{#- PostgreSQL: subtracting two dates gives an integer number of days. -#}
{% macro postgres__days_between(start_date, end_date) -%}
    (cast({{ end_date }} as date) - cast({{ start_date }} as date))
{%- endmacro %}

{#- Spark: datediff takes the end first. -#}
{% macro spark__days_between(start_date, end_date) -%}
    datediff(cast({{ end_date }} as date), cast({{ start_date }} as date))
{%- endmacro %}
