{#- The writing system of a name: 'thai' when it has any Thai character,
    'latin' when it has Latin letters and no Thai, otherwise null. -#}
{% macro name_script(col) -%}
    {{ return(adapter.dispatch('name_script', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__name_script(col) -%}
    case
        when {{ customer360.regex_matches(col, '[ก-๛]') }} then 'thai'
        when {{ customer360.regex_matches(col, '[A-Za-z]') }} then 'latin'
    end
{%- endmacro %}
