{#- A money amount written as text ('1234.50', ' 99 ') to decimal(18,2);
    anything that does not convert to null. -#}
{% macro parse_amount(col) -%}
    {{ return(adapter.dispatch('parse_amount', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__parse_amount(col) -%}
    {{ customer360.safe_cast('trim(' ~ col ~ ')', 'decimal(18, 2)') }}
{%- endmacro %}
