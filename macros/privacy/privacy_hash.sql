{#- A salted SHA-256 hex digest of a text expression: how the suppression list
    remembers erased identifiers without keeping them. -#}
{% macro privacy_hash(expression) -%}
    {{ return(adapter.dispatch('privacy_hash', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__privacy_hash(expression) -%}
    sha256({{ privacy_salt() }} || ({{ expression }}))
{%- endmacro %}

{#- PostgreSQL's sha256 takes bytea and returns bytea. -#}
{% macro postgres__privacy_hash(expression) -%}
    encode(sha256(convert_to({{ privacy_salt() }} || ({{ expression }}), 'UTF8')), 'hex')
{%- endmacro %}

{#- Spark calls it sha2 with a bit length. -#}
{% macro spark__privacy_hash(expression) -%}
    sha2(concat({{ privacy_salt() }}, {{ expression }}), 256)
{%- endmacro %}

{#- The salt keeps a leaked suppression list from being reversed by hashing every
    Thai phone number; set C360_PRIVACY_SALT once per brand and never change it. -#}
{% macro privacy_salt() -%}
    '{{ env_var("C360_PRIVACY_SALT", "customer360-change-me") | replace("'", "''") }}:'
{%- endmacro %}
