{#- The number of elements of the JSON array held as text in `col`; null when
    the value is null, malformed or not an array. JSON support differs on
    every engine, so each supported one has its own body. -#}
{% macro json_array_length(col) -%}
    {{ return(adapter.dispatch('json_array_length', 'customer360')(col)) }}
{%- endmacro %}

{#- JSON arrays have no portable SQL; fail at compile time rather than at run time. -#}
{% macro default__json_array_length(col) -%}
    {{ exceptions.raise_compiler_error(
        'json_array_length has no body for adapter ' ~ adapter.type()
        ~ '; add a ' ~ adapter.type() ~ '__json_array_length macro'
    ) }}
{%- endmacro %}

{#- DuckDB: the nested case keeps json_type away from malformed text. -#}
{% macro duckdb__json_array_length(col) -%}
    case
        when json_valid({{ col }}) then
            case when json_type({{ col }}) = 'ARRAY' then cast(json_array_length({{ col }}) as integer) end
    end
{%- endmacro %}

{#- PostgreSQL: only text shaped like an array is cast to jsonb (see
    postgres__unnest_json_array). -#}
{% macro postgres__json_array_length(col) -%}
    case
        when {{ col }} ~ '{{ customer360.postgres__json_array_shape() }}'
            then jsonb_array_length(cast({{ col }} as jsonb))
    end
{%- endmacro %}

{#- Spark: json_array_length already gives null for malformed or non-array text. -#}
{% macro spark__json_array_length(col) -%}
    json_array_length({{ col }})
{%- endmacro %}
