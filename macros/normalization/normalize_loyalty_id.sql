{#- A loyalty card number to upper case without spaces or dashes; null unless
    it is `L` followed by digits. -#}
{% macro normalize_loyalty_id(col) -%}
    {{ return(adapter.dispatch('normalize_loyalty_id', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__normalize_loyalty_id(col) -%}
    {%- set compact = 'upper(' ~ customer360.regex_replace_all(col, '[ \t-]', '') ~ ')' -%}
    case
        when {{ customer360.regex_matches(compact, '^L[0-9]+$') }} then {{ compact }}
    end
{%- endmacro %}
