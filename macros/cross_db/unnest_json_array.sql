{#- A select with one row per element of the JSON array held as text in
    `array_column` of `relation`: the `carry_columns`, `element_index` (1-based
    position in the array) and `element_json` (the element as JSON text).
    Rows whose value is null, malformed or not an array give no rows. JSON
    support differs on every engine, so each supported one has its own body. -#}
{% macro unnest_json_array(relation, array_column, carry_columns) -%}
    {{ return(adapter.dispatch('unnest_json_array', 'customer360')(relation, array_column, carry_columns)) }}
{%- endmacro %}

{#- JSON arrays have no portable SQL; fail at compile time rather than at run time. -#}
{% macro default__unnest_json_array(relation, array_column, carry_columns) -%}
    {{ exceptions.raise_compiler_error(
        'unnest_json_array has no body for adapter ' ~ adapter.type()
        ~ '; add a ' ~ adapter.type() ~ '__unnest_json_array macro'
    ) }}
{%- endmacro %}

{#- DuckDB: json_extract with '$[*]' gives the elements as a list; the nested
    case keeps json_type and json_extract away from malformed text. -#}
{% macro duckdb__unnest_json_array(relation, array_column, carry_columns) -%}
    select
        {%- for column in carry_columns %}
        {{ column }},
        {%- endfor %}
        unnest(generate_series(1, len(elements))) as element_index,
        unnest(elements) as element_json
    from (
        select
            *,
            case
                when json_valid({{ array_column }}) then
                    case
                        when json_type({{ array_column }}) = 'ARRAY'
                            then cast(json_extract({{ array_column }}, '$[*]') as varchar [])
                    end
            end as elements
        from {{ relation }}
    ) as with_elements
{%- endmacro %}

{#- PostgreSQL: jsonb_array_elements with ordinality, only on text shaped like an
    array (IS JSON needs version 16; the loader writes arrays as parsed JSON, so
    array-shaped text is valid JSON). -#}
{% macro postgres__unnest_json_array(relation, array_column, carry_columns) -%}
    select
        {%- for column in carry_columns %}
        source_rows.{{ column }},
        {%- endfor %}
        cast(elements.element_index as integer) as element_index,
        cast(elements.element_json as text) as element_json
    from {{ relation }} as source_rows
    cross join lateral jsonb_array_elements(
        case
            when source_rows.{{ array_column }} ~ '{{ customer360.postgres__json_array_shape() }}'
                then cast(source_rows.{{ array_column }} as jsonb)
        end
    ) with ordinality as elements (element_json, element_index)
{%- endmacro %}

{#- Text that starts with [ and ends with ], spaces around allowed. -#}
{% macro postgres__json_array_shape() -%}
    {{ return('^[[:space:]]*[[].*[]][[:space:]]*$') }}
{%- endmacro %}

{#- Spark: from_json to array<string> keeps each element's JSON text and
    gives null for malformed input; posexplode numbers from 0. -#}
{% macro spark__unnest_json_array(relation, array_column, carry_columns) -%}
    select
        {%- for column in carry_columns %}
        source_rows.{{ column }},
        {%- endfor %}
        elements.element_position + 1 as element_index,
        elements.element_json
    from {{ relation }} as source_rows
    lateral view posexplode(from_json(source_rows.{{ array_column }}, 'array<string>'))
        elements as element_position, element_json
{%- endmacro %}
