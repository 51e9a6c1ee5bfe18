{#- numerator / denominator, null when the denominator is 0 or null (a rate
    with nothing to rate stays unknown instead of failing). The `* 1.0` keeps
    integer counts from dividing as integers on PostgreSQL and Spark; callers
    cast the result to the decimal their contract states. -#}
{% macro safe_divide(numerator, denominator) -%}
    ({{ numerator }} * 1.0 / nullif({{ denominator }}, 0))
{%- endmacro %}
