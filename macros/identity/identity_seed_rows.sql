{#- Rows of an identity seed, read when the model runs, so that its values (regular
    expressions above all) can be written into the SQL as constants: an engine compiles
    a constant pattern once, a pattern read from a column once per row. Returns none
    when the seed is not loaded (dbt compile, linting); `dbt run`/`build` then fail
    instead of silently screening nothing. Unit tests override the wrappers below. -#}
{% macro identity_seed_rows(seed_name, order_by) -%}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set relation = ref(seed_name) -%}
    {%- set found = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if found is none -%}
        {%- if flags.WHICH in ('run', 'build') -%}
            {{ exceptions.raise_compiler_error(
                'seed ' ~ seed_name ~ ' is not loaded: run dbt seed or dbt build first') }}
        {%- endif -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set result = run_query('select * from ' ~ relation ~ ' order by ' ~ order_by) -%}
    {%- set rows = [] -%}
    {%- for row in result.rows -%}
        {%- set entry = {} -%}
        {%- for column in result.column_names -%}
            {%- do entry.update({column: row[column]}) -%}
        {%- endfor -%}
        {%- do rows.append(entry) -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}

{% macro identity_link_rule_rows() -%}
    {{ return(identity_seed_rows('identity_link_rules', 'identifier_type')) }}
{%- endmacro %}

{% macro identity_blocklist_rows() -%}
    {{ return(identity_seed_rows('identity_blocklist', 'identifier_type, match_type, pattern')) }}
{%- endmacro %}

{#- A string as a SQL literal, escaped the target's way (dbt's dispatched macros:
    quotes doubled on DuckDB and PostgreSQL; quotes and backslashes escaped with a
    backslash on Spark, whose literals read `\+` as `+`). -#}
{% macro identity_sql_literal(value) -%}
    {{ return(dbt.string_literal(dbt.escape_single_quotes(value | string))) }}
{%- endmacro %}
