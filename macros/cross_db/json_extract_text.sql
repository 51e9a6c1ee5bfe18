{#- The value of top-level `field` of the JSON object held as text in `col`,
    as text (strings without their quotes); null when absent or JSON null. -#}
{% macro json_extract_text(col, field) -%}
    {{ return(adapter.dispatch('json_extract_text', 'customer360')(col, field)) }}
{%- endmacro %}

{#- SQL:2016 json_value. -#}
{% macro default__json_extract_text(col, field) -%}
    json_value({{ col }}, '$.{{ field }}')
{%- endmacro %}

{#- DuckDB's json_value keeps the quotes of a string; json_extract_string does not. -#}
{% macro duckdb__json_extract_text(col, field) -%}
    json_extract_string({{ col }}, '$.{{ field }}')
{%- endmacro %}

{#- PostgreSQL has json_value only from version 17; ->> works on all. -#}
{% macro postgres__json_extract_text(col, field) -%}
    (cast({{ col }} as jsonb) ->> '{{ field }}')
{%- endmacro %}

{#- Spark has no json_value; get_json_object takes the same path. -#}
{% macro spark__json_extract_text(col, field) -%}
    get_json_object({{ col }}, '$.{{ field }}')
{%- endmacro %}
