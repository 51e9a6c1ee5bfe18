{#- Bodies of dbt's own dispatched macros (namespace `dbt`) that dbt-spark gets
    wrong for this project; the root project's `spark__` macro takes precedence
    over the adapter's. -#}

{#- Spark cannot create a column of type `varchar` without a length, which the
    seeds' column_types and the contracts' data_type use on every engine:
    written as `string` on Spark. -#}
{% macro spark_type_name(type) -%}
    {{ return('string' if (type | lower | trim) == 'varchar' else type) }}
{%- endmacro %}

{#- dbt-spark's body with spark_type_name. -#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {% set sql %}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                {%- set type = column_override.get(col_name, inferred_type) -%}
                {%- set type = customer360.spark_type_name(type) -%}
                {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ type }}
                {%- if not loop.last -%}, {%- endif -%}
            {%- endfor -%}
        )
        {{ file_format_clause() }}
        {{ partition_cols(label="partitioned by") }}
        {{ clustered_cols(label="clustered by") }}
        {{ location_clause() }}
        {{ comment_clause() }}
    {% endset %}
    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}
    {{ return(sql) }}
{% endmacro %}

{#- dbt-spark's dateadd goes through whole unix seconds (dropping fractions of a
    second) and raises on a null input; timestampadd keeps both. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

{#- dbt-spark's body with spark_type_name, and the values written as literals:
    its session connection quotes bound values without escaping them, so a
    quote or a backslash in a seed value (`'s`, a regular expression) broke the
    statement. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {% set column_override = model['config'].get('column_types', {}) %}
    {% set statements = [] %}
    {% for chunk in agate_table.rows | batch(get_batch_size()) %}
        {% set sql %}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                    {%- set type = customer360.spark_type_name(
                        column_override.get(col_name, inferred_type)) -%}
                    cast({{ customer360.spark_seed_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %},{%- endif %}
                {%- endfor -%})
                {%- if not loop.last %},{%- endif %}
            {%- endfor %}
        {% endset %}
        {% do adapter.add_query(sql, abridge_sql_log=True) %}
        {% if loop.index0 == 0 %}
            {% do statements.append(sql) %}
        {% endif %}
    {% endfor %}
    {{ return(statements[0]) }}
{% endmacro %}

{#- A seed value as a Spark SQL literal (strings with backslash escapes). -#}
{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{#- dbt-spark escapes quotes but not backslashes in a table comment, so a
    description holding a regular expression (`\d`) breaks the statement. -#}
{% macro spark__comment_clause() %}
    {%- set raw_persist_docs = config.get('persist_docs', {}) -%}
    {%- if raw_persist_docs is mapping and raw_persist_docs.get('relation', false) -%}
        comment '{{ model.description | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{#- dbt-spark escapes only quotes when it writes a value as a string literal
    (unit test fixtures), so a backslash in a value (`^\+66`) was lost. -#}
{% macro spark__escape_single_quotes(expression) -%}
    {{ expression | replace("\\", "\\\\") | replace("'", "\\'") }}
{%- endmacro %}

{#- dbt.cast, which builds the empty query an enforced contract's types are
    read from, with the contract's `varchar` as Spark's `string`. -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ customer360.spark_type_name(type) }})
{%- endmacro %}

{#- dbt-spark's listagg ignores the order (it warns "order_by_clause is not
    supported"), so the lists came out in any order: ordered by the measure
    itself (the project's only use) it is a sorted collect_list, null for a
    group without values. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num or (order_by_clause and order_by_clause | trim | lower != 'order by ' ~ (measure | trim | lower)) -%}
        {{ exceptions.raise_compiler_error(
            'listagg on Spark supports only ordering by the measure itself and no limit') }}
    {%- endif -%}
    {%- set values = 'collect_list(' ~ measure ~ ')' -%}
    {#- null, not '', when the group has no value (as listagg elsewhere) -#}
    case
        when count({{ measure }}) > 0
            then array_join({{ 'array_sort(' ~ values ~ ')' if order_by_clause else values }},
                {{ delimiter_text }})
    end
{%- endmacro %}
