{#- Small functions whose spelling differs between engines. -#}

{#- True when the whole of `expr` matches the regular expression `pattern`. -#}
{% macro identity_regex_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('identity_regex_full_match', 'customer360')(expr, pattern)) }}
{%- endmacro %}

{#- Postgres: the `~` operator; patterns in the seeds are anchored with ^ and $. -#}
{% macro default__identity_regex_full_match(expr, pattern) -%}
    ({{ expr }} ~ {{ pattern }})
{%- endmacro %}

{#- DuckDB: regexp_full_match (RE2). -#}
{% macro duckdb__identity_regex_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, {{ pattern }})
{%- endmacro %}

{#- Spark: rlike. -#}
{% macro spark__identity_regex_full_match(expr, pattern) -%}
    ({{ expr }} rlike {{ pattern }})
{%- endmacro %}


{#- Similarity of two names in [0, 1]. -#}
{% macro identity_name_similarity(left, right) -%}
    {{ return(adapter.dispatch('identity_name_similarity', 'customer360')(left, right)) }}
{%- endmacro %}

{#- Engines without a string-similarity function: equal or not. -#}
{% macro default__identity_name_similarity(left, right) -%}
    (case when {{ left }} = {{ right }} then 1.0 else 0.0 end)
{%- endmacro %}

{#- DuckDB: Jaro-Winkler, suited to short strings such as names. -#}
{% macro duckdb__identity_name_similarity(left, right) -%}
    jaro_winkler_similarity({{ left }}, {{ right }})
{%- endmacro %}


{#- A customer id derived from a record key: 'C' and the first 16 hex digits of
    its md5, the same on every engine. -#}
{% macro identity_customer_id_from_key(key_expr) -%}
    ('C' || substr(md5({{ key_expr }}), 1, 16))
{%- endmacro %}
