{#- A whole number written as text ('3', ' +3 ', '3.0') to an integer; a
    fraction, an out-of-range or non-numeric value to null (a plain try_cast
    would round '2.5' to 3 on DuckDB). -#}
{% macro parse_integer(col) -%}
    {{ return(adapter.dispatch('parse_integer', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__parse_integer(col) -%}
    {%- set digits = customer360.regex_replace_all('trim(' ~ col ~ ')', '[.]0+$', '') -%}
    case
        when {{ customer360.regex_matches(digits, '^[+-]?[0-9]{1,9}$') }}
            then cast({{ digits }} as integer)
    end
{%- endmacro %}
