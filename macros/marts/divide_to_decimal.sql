{#- safe_divide(numerator, denominator) cast to decimal(precision, scale), with
    the same digits on every engine. DuckDB's result is the reference: it
    divides in double precision and rounds the double times 10^scale half away
    from zero, so 0.29 / 2 = 0.145 is 0.14 (the double is just below 0.145). -#}
{% macro divide_to_decimal(numerator, denominator, precision, scale) -%}
    {{ return(adapter.dispatch('divide_to_decimal', 'customer360')(
        numerator, denominator, precision, scale)) }}
{%- endmacro %}

{#- DuckDB (the reference): a decimal division gives a double, and the cast
    rounds it as described above. -#}
{% macro default__divide_to_decimal(numerator, denominator, precision, scale) -%}
    cast({{ customer360.safe_divide(numerator, denominator) }} as decimal({{ precision }}, {{ scale }}))
{%- endmacro %}

{#- PostgreSQL divides decimals exactly and casts a double through 15 digits,
    so about one half-cent in a hundred would round the other way: the same
    double operations as DuckDB, then its rounding, spelled out. -#}
{% macro postgres__divide_to_decimal(numerator, denominator, precision, scale) -%}
    {%- set power = 10 ** (scale | int) -%}
    {%- set scaled -%}
        (cast({{ numerator }} as double precision)
            / nullif(cast({{ denominator }} as double precision), 0)
            * cast({{ power }} as double precision))
    {%- endset -%}
    cast(
        cast(
            case
                when {{ scaled }} >= 0 then floor({{ scaled }} + 0.5)
                else ceil({{ scaled }} - 0.5)
            end
            as numeric
        ) / {{ power }}
        as decimal({{ precision }}, {{ scale }})
    )
{%- endmacro %}

{#- Spark divides decimals exactly, like PostgreSQL: the same double operations
    and rounding as DuckDB, spelled out (Spark has no `double precision` or
    `numeric` cast of a bigint to a decimal with scale). -#}
{% macro spark__divide_to_decimal(numerator, denominator, precision, scale) -%}
    {%- set power = 10 ** (scale | int) -%}
    {%- set scaled -%}
        (cast({{ numerator }} as double)
            / nullif(cast({{ denominator }} as double), 0)
            * cast({{ power }} as double))
    {%- endset -%}
    cast(
        cast(
            case
                when {{ scaled }} >= 0 then floor({{ scaled }} + 0.5)
                else ceil({{ scaled }} - 0.5)
            end
            as decimal(38, 0)
        ) / {{ power }}
        as decimal({{ precision }}, {{ scale }})
    )
{%- endmacro %}
