{#- The `delete+insert` incremental strategy on Spark's plain Parquet tables.
    dbt-spark offers only append, insert_overwrite (of partitions) and merge
    (Delta, Iceberg, Hudi), and Spark cannot delete from a Parquet table nor
    overwrite a table it reads. The staging models and fct_touchpoints replace
    rows by key, so on Spark the run writes the table's kept rows plus the new
    ones to a work table and overwrites the table from it: the same result as
    delete+insert, at the price of rewriting the table (on Delta, `merge` would
    not). These override dbt-spark's two (non-dispatched) macros of the same
    name and hand every other strategy to dbt-spark's own bodies. -#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) -%}
    {%- if raw_strategy == 'delete+insert' -%}
        {{ return(raw_strategy) }}
    {%- endif -%}
    {{ return(dbt.dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format)) }}
{%- endmacro %}

{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) -%}
    {%- if strategy != 'delete+insert' -%}
        {{ return(dbt.dbt_spark_get_incremental_sql(
            strategy, source, target, existing, unique_key, incremental_predicates)) }}
    {%- endif -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set columns = adapter.get_columns_in_relation(target)
        | map(attribute='name') | map('lower') | list -%}
    {%- set column_list = columns | join(', ') -%}
    {%- set kept = api.Relation.create(
        database=target.database, schema=target.schema,
        identifier=target.identifier ~ '__kept', type='table') -%}
    {%- set matches = [] -%}
    {%- for key in keys -%}
        {%- do matches.append('new_rows.' ~ key ~ ' = current_rows.' ~ key) -%}
    {%- endfor -%}
    {% do run_query('drop table if exists ' ~ kept) %}
    {% do run_query(
        'create table ' ~ kept ~ ' using parquet as '
        ~ 'select ' ~ column_list ~ ' from ' ~ target ~ ' as current_rows '
        ~ 'where not exists (select 1 from ' ~ source ~ ' as new_rows where '
        ~ matches | join(' and ') ~ ') '
        ~ 'union all select ' ~ column_list ~ ' from ' ~ source
    ) %}
    {% do log(target ~ ': delete+insert by rewriting the table (Spark, Parquet)', info=true) %}
    {% do run_query('insert overwrite table ' ~ target ~ ' select ' ~ column_list ~ ' from ' ~ kept) %}
    {{ return('drop table if exists ' ~ kept) }}
{%- endmacro %}
