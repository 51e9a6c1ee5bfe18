{#- Run before every model (pre-hook in dbt_project.yml): planner options for
    the statement that builds it. -#}
{% macro set_planner_options() -%}
    {{ return(adapter.dispatch('set_planner_options', 'customer360')()) }}
{%- endmacro %}

{#- DuckDB and Spark choose hash joins on their own: nothing to run (dbt skips
    an empty hook). -#}
{% macro default__set_planner_options() -%}
{%- endmacro %}

{#- PostgreSQL estimates CTEs read several times with default row counts, and a
    nested loop chosen on such a guess takes minutes where a hash join takes a
    second (the tables have no indexes a nested loop could use); for this
    transaction only. -#}
{% macro postgres__set_planner_options() -%}
    set local enable_nestloop = off
{%- endmacro %}
