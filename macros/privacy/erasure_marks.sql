{#- How far the purge has checked a table's rows by load time: one row per check in
    raw._erasure_checked_through, keyed by `schema.table` (incremental staging tables
    and raw tables with identifier columns). Rows loaded before a table's mark have met
    every hash applied so far; see purge_erased_persons and purge_raw_identifier_versions. -#}
{% macro erasure_marks_table() %}
    {% call statement('erasure_marks_table', auto_begin=true) %}
        create table if not exists raw._erasure_checked_through (
            table_name {{ dbt.type_string() }}, checked_through timestamp)
    {% endcall %}
{% endmacro %}

{#- The table's mark: a scalar subquery, null before its first check. -#}
{% macro erasure_mark(relation) %}
    {% set mark %}
        (select max(marks.checked_through) from raw._erasure_checked_through as marks
        where marks.table_name = '{{ relation.schema }}.{{ relation.identifier }}')
    {% endset %}
    {{ return(mark) }}
{% endmacro %}

{#- After a check: the table's rows are checked through its latest load time. -#}
{% macro erasure_set_mark(relation) %}
    {% do run_query("insert into raw._erasure_checked_through select '" ~ relation.schema ~ "."
        ~ relation.identifier ~ "', max(_loaded_at) from " ~ relation) %}
{% endmacro %}
