{#- true/false/yes/no/y/n/t/f/1/0 in any case and with surrounding spaces to
    a boolean; anything else to null. -#}
{% macro parse_bool(col) -%}
    {{ return(adapter.dispatch('parse_bool', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__parse_bool(col) -%}
    case
        when lower(trim({{ col }})) in ('true', 't', 'yes', 'y', '1') then true
        when lower(trim({{ col }})) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}
