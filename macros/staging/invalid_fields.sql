{#- A comma-separated list of the fields whose raw value was not empty but did
    not survive casting or normalization (placeholders included), or null when
    every field is fine. `fields` maps each raw field name to the column that
    holds its parsed value; the raw value must be available as `_raw_<field>`.
    Example: invalid_fields({'birth_date': 'birth_date', 'order_ts': 'ordered_at'}) -#}
{% macro invalid_fields(fields) -%}
    {{ return(adapter.dispatch('invalid_fields', 'customer360')(fields)) }}
{%- endmacro %}

{% macro default__invalid_fields(fields) -%}
    nullif(concat_ws(
        ','
        {%- for raw_name, parsed in fields.items() %},
        case
            when nullif(trim(_raw_{{ raw_name }}), '') is not null and {{ parsed }} is null
                then '{{ raw_name }}'
        end
        {%- endfor %}
    ), '')
{%- endmacro %}
