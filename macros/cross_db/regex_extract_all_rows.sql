{#- A select with one row per match of `pattern` in `text_column` of `relation`:
    the `carry_columns` and `token` (the whole match). Rows without a match give
    no rows. Write `pattern` in the common subset of RE2, PostgreSQL ARE and Java
    regex, without capture groups. -#}
{% macro regex_extract_all_rows(relation, text_column, pattern, carry_columns) -%}
    {{ return(adapter.dispatch('regex_extract_all_rows', 'customer360')(
        relation, text_column, pattern, carry_columns)) }}
{%- endmacro %}

{% macro default__regex_extract_all_rows(relation, text_column, pattern, carry_columns) -%}
    select
        {%- for column in carry_columns %}
        {{ column }},
        {%- endfor %}
        unnest(regexp_extract_all({{ text_column }}, '{{ pattern }}')) as token
    from {{ relation }}
{%- endmacro %}

{#- PostgreSQL: regexp_matches with 'g' returns a set; without groups, the match. -#}
{% macro postgres__regex_extract_all_rows(relation, text_column, pattern, carry_columns) -%}
    select
        {%- for column in carry_columns %}
        {{ column }},
        {%- endfor %}
        (regexp_matches({{ text_column }}, '{{ pattern }}', 'g'))[1] as token
    from {{ relation }}
{%- endmacro %}

{% macro spark__regex_extract_all_rows(relation, text_column, pattern, carry_columns) -%}
    select
        {%- for column in carry_columns %}
        {{ column }},
        {%- endfor %}
        explode(regexp_extract_all({{ text_column }}, '{{ pattern }}', 0)) as token
    from {{ relation }}
{%- endmacro %}
