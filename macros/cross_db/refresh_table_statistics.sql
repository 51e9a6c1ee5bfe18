{#- Run after every model (post-hook in dbt_project.yml): give the planner
    statistics of the table just built. -#}
{% macro refresh_table_statistics(relation) -%}
    {{ return(adapter.dispatch('refresh_table_statistics', 'customer360')(relation)) }}
{%- endmacro %}

{#- DuckDB and Spark plan without table statistics: nothing to run (dbt skips
    an empty hook). -#}
{% macro default__refresh_table_statistics(relation) -%}
{%- endmacro %}

{#- PostgreSQL: autovacuum analyzes a new table only later, and until then the
    planner takes it for nearly empty and nests loops over large joins. -#}
{% macro postgres__refresh_table_statistics(relation) -%}
    {%- if config.get('materialized') in ('table', 'incremental') -%}
        analyze {{ relation }}
    {%- endif -%}
{%- endmacro %}
