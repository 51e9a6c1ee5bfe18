{#- parse_date for a birth date: also null when the date is before 1900-01-01
    or after today, which no living customer can have. -#}
{% macro parse_birth_date(col) -%}
    {{ return(adapter.dispatch('parse_birth_date', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__parse_birth_date(col) -%}
    {%- set parsed = customer360.parse_date(col) -%}
    case
        when {{ parsed }} between cast('1900-01-01' as date) and current_date
            then {{ parsed }}
    end
{%- endmacro %}
