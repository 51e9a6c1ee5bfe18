{#- True when integer year, month and day name a real calendar day (month
    lengths and leap years checked by arithmetic), so that make_date or a cast
    built from them never fails on any engine. -#}
{% macro is_valid_date_parts(year, month, day) -%}
    {{ return(adapter.dispatch('is_valid_date_parts', 'customer360')(year, month, day)) }}
{%- endmacro %}

{% macro default__is_valid_date_parts(year, month, day) -%}
    (
        {{ month }} between 1 and 12
        and {{ year }} between 1 and 9999
        and {{ day }} between 1 and (
            case
                when {{ month }} in (4, 6, 9, 11) then 30
                when {{ month }} <> 2 then 31
                when {{ year }} % 400 = 0 or ({{ year }} % 4 = 0 and {{ year }} % 100 <> 0) then 29
                else 28
            end
        )
    )
{%- endmacro %}
