{#- A select of one column `n` holding 1, 2, ..., `upper_bound` (a SQL expression). -#}
{% macro integer_series(upper_bound) -%}
    {{ return(adapter.dispatch('integer_series', 'customer360')(upper_bound)) }}
{%- endmacro %}

{% macro default__integer_series(upper_bound) -%}
    select series.n from generate_series(1, {{ upper_bound }}) as series (n)
{%- endmacro %}

{% macro spark__integer_series(upper_bound) -%}
    select explode(sequence(1, {{ upper_bound }})) as n
{%- endmacro %}
