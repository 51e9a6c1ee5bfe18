{#- True when `col` contains a match of the regular expression `pattern`
    (search semantics, like PostgreSQL's `~` and Spark's rlike). Write
    patterns in the common subset of RE2, PostgreSQL ARE and Java regex:
    bracket classes such as `[.]` instead of backslash escapes. -#}
{% macro regex_matches(col, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'customer360')(col, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(col, pattern) -%}
    regexp_like({{ col }}, '{{ pattern }}')
{%- endmacro %}

{#- DuckDB has no regexp_like; regexp_matches searches the same way. -#}
{% macro duckdb__regex_matches(col, pattern) -%}
    regexp_matches({{ col }}, '{{ pattern }}')
{%- endmacro %}

{#- PostgreSQL has regexp_like only from version 15; `~` works on all. -#}
{% macro postgres__regex_matches(col, pattern) -%}
    ({{ col }} ~ '{{ pattern }}')
{%- endmacro %}
