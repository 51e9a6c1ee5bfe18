{#- cast(col as type), but null instead of an error when the value does not
    convert. -#}
{% macro safe_cast(col, type) -%}
    {{ return(adapter.dispatch('safe_cast', 'customer360')(col, type)) }}
{%- endmacro %}

{#- try_cast: DuckDB, Spark 3.2+, Snowflake, SQL Server. -#}
{% macro default__safe_cast(col, type) -%}
    try_cast({{ col }} as {{ type }})
{%- endmacro %}

{#- PostgreSQL has no try_cast: cast only values whose shape fits the type
    family (integers by digit count; an impossible calendar date of the right
    shape still errors). -#}
{% macro postgres__safe_cast(col, type) -%}
    {%- set family = type | lower -%}
    {%- if family.startswith('smallint') -%}
        {%- set pattern = '^ *[+-]?[0-9]{1,4} *$' -%}
    {%- elif family.startswith('int') -%}
        {%- set pattern = '^ *[+-]?[0-9]{1,9} *$' -%}
    {%- elif family.startswith('bigint') -%}
        {%- set pattern = '^ *[+-]?[0-9]{1,18} *$' -%}
    {%- elif (family.startswith('decimal') or family.startswith('numeric')) and '(' in family -%}
        {#- decimal(p, s): at most p - s digits before the point, or it overflows -#}
        {%- set precision_scale = family.split('(')[1].rstrip(')').split(',') -%}
        {%- set scale = (precision_scale[1] | trim | int) if precision_scale | length > 1 else 0 -%}
        {%- set whole_digits = (precision_scale[0] | trim | int) - scale -%}
        {%- set pattern = '^ *[+-]?([0-9]{1,' ~ whole_digits ~ '}([.][0-9]*)?|[.][0-9]+) *$' -%}
    {%- elif family.startswith('decimal') or family.startswith('numeric') or family.startswith('double') or family.startswith('float') or family.startswith('real') -%}
        {%- set pattern = '^ *[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)? *$' -%}
    {%- elif family.startswith('date') -%}
        {%- set pattern = '^ *[0-9]{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01]) *$' -%}
    {%- elif family.startswith('timestamp') -%}
        {%- set pattern = '^ *[0-9]{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)? *$' -%}
    {%- elif family.startswith('bool') -%}
        {%- set pattern = '(?i)^ *(t|f|true|false|y|n|yes|no|on|off|1|0) *$' -%}
    {%- else -%}
        {%- set pattern = none -%}
    {%- endif -%}
    {%- if pattern is none -%}
        cast({{ col }} as {{ type }})
    {%- else -%}
        case when cast({{ col }} as text) ~ '{{ pattern }}' then cast({{ col }} as {{ type }}) end
    {%- endif -%}
{%- endmacro %}
