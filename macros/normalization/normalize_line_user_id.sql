{#- A LINE user id to `U` followed by 32 lower-case hex characters; null when
    the trimmed value does not have that shape. -#}
{% macro normalize_line_user_id(col) -%}
    {{ return(adapter.dispatch('normalize_line_user_id', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__normalize_line_user_id(col) -%}
    case
        when {{ customer360.regex_matches('trim(' ~ col ~ ')', '^[Uu][0-9A-Fa-f]{32}$') }}
            then 'U' || lower(substring(trim({{ col }}), 2, 32))
    end
{%- endmacro %}
