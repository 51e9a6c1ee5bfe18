{#- Replace every match of `pattern` in `col` by `replacement`; groups are
    referenced as \1, \2 in `replacement`. -#}
{% macro regex_replace_all(col, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'customer360')(col, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(col, pattern, replacement) -%}
    regexp_replace({{ col }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{#- Spark replaces every match without a flag and writes groups as $1. -#}
{% macro spark__regex_replace_all(col, pattern, replacement) -%}
    regexp_replace({{ col }}, '{{ pattern }}', '{{ replacement | replace("\\", "$") }}')
{%- endmacro %}
