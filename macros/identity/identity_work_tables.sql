{#- Work tables of the identity macros: named after the model that runs them
    (`<model>__<suffix>`), created with CREATE TABLE AS only and dropped by
    name, so the same loop runs on engines without UPDATE or DELETE. -#}
{% macro identity_work_relation(suffix, base=none) -%}
    {%- set base = base if base is not none else this -%}
    {{ return(api.Relation.create(
        database=base.database,
        schema=base.schema,
        identifier=base.identifier ~ '__' ~ suffix,
        type='table'
    )) }}
{%- endmacro %}


{#- A work table that only the dbt node which makes it reads, on the same
    connection (the steps of a loop, a pre_hook's result read by its model).
    DuckDB keeps it as a temporary table: in memory, spilled to the temp directory
    when memory runs short, never written to the warehouse file, gone with the
    connection. Other engines get an ordinary work table. -#}
{% macro identity_scratch_relation(suffix, base=none) -%}
    {{ return(adapter.dispatch('identity_scratch_relation', 'customer360')(suffix, base)) }}
{%- endmacro %}

{% macro default__identity_scratch_relation(suffix, base) -%}
    {{ return(identity_work_relation(suffix, base)) }}
{%- endmacro %}

{#- Fully qualified, so a drop can never reach a warehouse table of the same name. -#}
{% macro duckdb__identity_scratch_relation(suffix, base) -%}
    {%- set base = base if base is not none else this -%}
    {{ return(api.Relation.create(
        database='temp',
        schema='main',
        identifier=base.identifier ~ '__' ~ suffix,
        type='table'
    )) }}
{%- endmacro %}


{% macro identity_create_table_as(relation, sql) -%}
    {{ return(adapter.dispatch('identity_create_table_as', 'customer360')(relation, sql)) }}
{%- endmacro %}

{% macro default__identity_create_table_as(relation, sql) -%}
    {% do run_query('drop table if exists ' ~ relation) %}
    {% do run_query('create table ' ~ relation ~ ' as ' ~ sql) %}
{%- endmacro %}

{#- DuckDB: one statement instead of two (the clustering issues dozens); tables in
    the temp catalog (identity_scratch_relation) are temporary. -#}
{% macro duckdb__identity_create_table_as(relation, sql) -%}
    {%- set kind = 'temporary table' if relation.database == 'temp' else 'table' -%}
    {% do run_query('create or replace ' ~ kind ~ ' ' ~ relation ~ ' as ' ~ sql) %}
{%- endmacro %}


{% macro identity_drop_table(relation) -%}
    {% do run_query('drop table if exists ' ~ relation) %}
{%- endmacro %}


{#- The first column of the first row of a query, or `default` if it has no rows. -#}
{% macro identity_scalar(sql, default=none) -%}
    {%- set result = run_query(sql) -%}
    {%- if result is none or result.rows | length == 0 or result.rows[0][0] is none -%}
        {{ return(default) }}
    {%- endif -%}
    {{ return(result.rows[0][0]) }}
{%- endmacro %}
