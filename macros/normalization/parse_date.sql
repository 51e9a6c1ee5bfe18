{#- A calendar date written as YYYY-MM-DD or DD/MM/YYYY (also D/M/YYYY,
    YYYY/MM/DD, `.` as separator; a time after a year-first date is ignored)
    to a date. Years above 2400 are Buddhist Era
    and become CE (BE = CE + 543). Impossible dates give null, never an error. -#}
{% macro parse_date(col) -%}
    {{ return(adapter.dispatch('parse_date', 'customer360')(col)) }}
{%- endmacro %}

{#- Day-first input is rewritten to year-first, the parts are extracted as
    digits only (so every cast succeeds) and validated by arithmetic before
    make_date, so no engine ever sees an impossible date. -#}
{% macro default__parse_date(col) -%}
    {%- set iso = customer360.regex_replace_all(
        'trim(' ~ col ~ ')',
        '^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$',
        '\\3-\\2-\\1'
    ) -%}
    {%- set pattern = '^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[T ][0-9:.]*)?$' -%}
    {%- set raw_year = 'cast(' ~ customer360.regex_extract(iso, pattern, 1) ~ ' as integer)' -%}
    {%- set y = '(case when ' ~ raw_year ~ ' > 2400 then ' ~ raw_year ~ ' - 543 else ' ~ raw_year ~ ' end)' -%}
    {%- set m = 'cast(' ~ customer360.regex_extract(iso, pattern, 2) ~ ' as integer)' -%}
    {%- set d = 'cast(' ~ customer360.regex_extract(iso, pattern, 3) ~ ' as integer)' -%}
    case
        when {{ customer360.is_valid_date_parts(y, m, d) }}
            then make_date({{ y }}, {{ m }}, {{ d }})
    end
{%- endmacro %}
