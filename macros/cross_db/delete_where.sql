{#- Delete the rows of table `relation` for which `condition` is true (the
    erasure purge and the incremental models' hooks). `alias` names the table
    inside `condition` (for correlated subqueries). -#}
{% macro delete_where(relation, condition, alias=none) -%}
    {{ return(adapter.dispatch('delete_where', 'customer360')(relation, condition, alias)) }}
{%- endmacro %}

{% macro default__delete_where(relation, condition, alias=none) -%}
    {% do run_query('delete from ' ~ relation ~ (' as ' ~ alias if alias else '')
        ~ ' where ' ~ condition) %}
{%- endmacro %}

{#- Spark cannot delete from a plain Parquet table (only Delta/Iceberg can), nor
    overwrite a table it reads: when rows match, the rows to keep go to a work
    table and overwrite the table from there (rows where the condition is null
    are kept, as DELETE keeps them). -#}
{% macro spark__delete_where(relation, condition, alias=none) -%}
    {%- set source = relation ~ (' as ' ~ alias if alias else '') -%}
    {%- set matches = run_query('select count(*) from ' ~ source ~ ' where ' ~ condition) -%}
    {%- if matches.rows[0][0] | int == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set kept = api.Relation.create(
        database=relation.database, schema=relation.schema,
        identifier=relation.identifier ~ '__kept', type='table') -%}
    {% do run_query('drop table if exists ' ~ kept) %}
    {% do run_query('create table ' ~ kept ~ ' using parquet as select * from ' ~ source
        ~ ' where not coalesce(' ~ condition ~ ', false)') %}
    {% do run_query('insert overwrite table ' ~ relation ~ ' select * from ' ~ kept) %}
    {% do run_query('drop table if exists ' ~ kept) %}
{%- endmacro %}
