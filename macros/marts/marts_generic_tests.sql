{#- Generic data tests of the marts (this project has no dbt_utils: the hub is
    out of reach). -#}

{#- No two rows share the same values in all of `columns` (the grain of a
    table keyed by several columns). Fails with one row per duplicated key. -#}
{% test marts_unique_combination(model, columns) %}
    select
        {{ columns | join(', ') }},
        count(*) as rows_with_key
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}

{#- Every row satisfies a boolean SQL expression; fails with the rows that do
    not (null counts as not satisfied). -#}
{% test marts_expression_is_true(model, expression) %}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
{% endtest %}
