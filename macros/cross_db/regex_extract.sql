{#- The text of capture group `group_number` of the first match of
    `pattern` in `col`; null when there is no match or the group did not
    take part in it. -#}
{% macro regex_extract(col, pattern, group_number=1) -%}
    {{ return(adapter.dispatch('regex_extract', 'customer360')(col, pattern, group_number)) }}
{%- endmacro %}

{#- DuckDB and Spark return '' for a missing match, hence the nullif. -#}
{% macro default__regex_extract(col, pattern, group_number) -%}
    nullif(regexp_extract({{ col }}, '{{ pattern }}', {{ group_number }}), '')
{%- endmacro %}

{#- PostgreSQL has no regexp_extract; regexp_match returns the groups as an array. -#}
{% macro postgres__regex_extract(col, pattern, group_number) -%}
    nullif((regexp_match({{ col }}, '{{ pattern }}'))[{{ group_number }}], '')
{%- endmacro %}
