{#- A person's name in one comparable form: clean_person_name (trim, collapse
    whitespace, drop honorifics) and Latin script case-folded to lower case
    (Thai script has no case). Empty becomes null. -#}
{% macro normalize_person_name(col) -%}
    {{ return(adapter.dispatch('normalize_person_name', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__normalize_person_name(col) -%}
    lower({{ customer360.clean_person_name(col) }})
{%- endmacro %}
