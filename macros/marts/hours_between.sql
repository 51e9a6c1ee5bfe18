{#- Elapsed time from start to end in hours, with fractions (a double). -#}
{% macro hours_between(start_at, end_at) -%}
    {{ return(adapter.dispatch('hours_between', 'customer360')(start_at, end_at)) }}
{%- endmacro %}

{#- Seconds through dbt's cross-database datediff, divided down to hours. -#}
{% macro default__hours_between(start_at, end_at) -%}
    ({{ dbt.datediff(start_at, end_at, "second") }} / 3600.0)
{%- endmacro %}

{#- DuckDB: epoch of the interval, no boundary counting. -#}
{% macro duckdb__hours_between(start_at, end_at) -%}
    (epoch(cast({{ end_at }} as timestamp) - cast({{ start_at }} as timestamp)) / 3600.0)
{%- endmacro %}

{#- PostgreSQL: extract(epoch) of the interval is in seconds. -#}
{% macro postgres__hours_between(start_at, end_at) -%}
    (extract(epoch from (cast({{ end_at }} as timestamp) - cast({{ start_at }} as timestamp))) / 3600.0)
{%- endmacro %}

{#- Spark: unix_timestamp is whole seconds since the epoch. -#}
{% macro spark__hours_between(start_at, end_at) -%}
    ((unix_timestamp({{ end_at }}) - unix_timestamp({{ start_at }})) / 3600.0)
{%- endmacro %}
