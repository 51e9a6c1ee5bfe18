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


{% macro identity_create_table_as(relation, sql) -%}
    {{ return(adapter.dispatch('identity_create_table_as', 'customer360')(relation, sql)) }}
{%- endmacro %}

{% macro default__identity_create_table_as(relation, sql) -%}
    {% do run_query('drop table if exists ' ~ relation) %}
    {% do run_query('create table ' ~ relation ~ ' as ' ~ sql) %}
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
