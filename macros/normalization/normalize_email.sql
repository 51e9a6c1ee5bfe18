{#- An email address as written by a person or an export to one comparable
    form: trimmed, lower case, without `mailto:`; placeholders and values
    that fail a simple format check become null. -#}
{% macro normalize_email(col) -%}
    {{ return(adapter.dispatch('normalize_email', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__normalize_email(col) -%}
    {%- set email = customer360.regex_replace_all('lower(trim(' ~ col ~ '))', '^mailto: *', '') -%}
    {#- dot-separated atoms before the @, a dotted host name with a letter TLD after it -#}
    {%- set valid = '^[a-z0-9_%+-]+([.][a-z0-9_%+-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?[.])+[a-z]{2,}$' -%}
    {#- test@..., noemail@..., none@..., x@/xxx@..., x@x.com-like, reserved domains -#}
    {%- set placeholder = (
        '^(test[0-9]*|testing|no[._-]?e?mail|none|null|nil|n[./]?a|dummy|fake|sample'
        ~ '|x+|noreply|no[._-]reply|abc|asdf)@'
        ~ '|^[a-z0-9]@[a-z0-9][.][a-z]+$'
        ~ '|@(([a-z0-9-]+[.])*example[.](com|org|net)|test[.]com)$'
        ~ '|[.](test|example|invalid|localhost)$'
    ) -%}
    case
        when {{ customer360.regex_matches(email, valid) }}
            and not {{ customer360.regex_matches(email, placeholder) }}
            then {{ email }}
    end
{%- endmacro %}
