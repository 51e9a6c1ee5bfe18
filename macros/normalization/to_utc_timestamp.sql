{#- An ISO-8601 timestamp written as text to a timestamp without time zone in
    UTC. An offset (`Z`, `+07:00`, `+0700`, `+07`) is applied; a value without
    one is local time at var('local_utc_offset_hours'). A date alone is local
    midnight. Anything else gives null, never an error. -#}
{% macro to_utc_timestamp(col) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'customer360')(col)) }}
{%- endmacro %}

{#- The parts are taken apart with one pattern, the day is checked by
    arithmetic (so the cast never fails, even where there is no try_cast) and the
    offset is applied as signed minutes with dbt.dateadd: no time-zone support
    is needed. -#}
{% macro default__to_utc_timestamp(col) -%}
    {%- set text = customer360.iso_timestamp_text(col) -%}
    {%- set pattern = customer360.iso_timestamp_pattern() -%}
    {%- set date_part = customer360.regex_extract(text, pattern, 1) -%}
    {%- set time_part = customer360.regex_extract(text, pattern, 2) -%}
    {%- set zone = customer360.regex_extract(text, pattern, 3) -%}
    {%- set local_ts = "cast(" ~ date_part ~ " || ' ' || coalesce(" ~ time_part ~ ", '00:00') as "
        ~ dbt.type_timestamp() ~ ")" -%}
    {#- '+07:00' -> 7 * 60 + 0, '-0530' -> -5 * 60 - 30: both parts carry the sign. -#}
    {%- set offset_minutes -%}
        coalesce(
            cast(substring({{ zone }}, 1, 3) as integer) * 60
            + cast(
                substring({{ zone }}, 1, 1)
                || coalesce(nullif(substring(replace({{ zone }}, ':', ''), 4, 2), ''), '0')
                as integer
            ),
            {{ var('local_utc_offset_hours') }} * 60
        )
    {%- endset -%}
    case
        when {{ customer360.is_valid_date_parts(
            'cast(substring(' ~ date_part ~ ', 1, 4) as integer)',
            'cast(substring(' ~ date_part ~ ', 6, 2) as integer)',
            'cast(substring(' ~ date_part ~ ', 9, 2) as integer)'
        ) }}
            then {{ dbt.dateadd('minute', '-1 * ' ~ offset_minutes, local_ts) }}
    end
{%- endmacro %}

{#- DuckDB parses ISO-8601 offsets natively in a cast to timestamptz, about four
    times faster than taking the parts apart; epoch_us and make_timestamp give
    the UTC wall time whatever the session's TimeZone. Values are first checked
    against the same pattern, so both bodies accept the same inputs. -#}
{% macro duckdb__to_utc_timestamp(col) -%}
    {%- set text = customer360.iso_timestamp_text(col) -%}
    {%- set pattern = customer360.iso_timestamp_pattern() -%}
    {%- set local_minutes = (var('local_utc_offset_hours') * 60) | round | int -%}
    {%- set local_zone = ('+' if local_minutes >= 0 else '-')
        ~ '%02d:%02d' | format((local_minutes | abs) // 60, (local_minutes | abs) % 60) -%}
    case
        when regexp_matches({{ text }}, '{{ pattern }}')
            then make_timestamp(epoch_us(try_cast(
                case
                    when length({{ text }}) = 10 then {{ text }} || ' 00:00:00{{ local_zone }}'
                    when regexp_matches({{ text }}, '[0-9][+-][0-9]{2}(:?[0-9]{2})?$') then {{ text }}
                    else {{ text }} || '{{ local_zone }}'
                end
                as timestamptz
            )))
    end
{%- endmacro %}

{#- PostgreSQL: the DuckDB body's approach (pattern check, then a cast to
    timestamptz that parses the offset), because the default body runs
    regexp_match a dozen times per value and PostgreSQL's regex capture is slow
    (about 10x the time on web events); the calendar check keeps the cast from
    failing without try_cast, and `at time zone 'UTC'` gives the UTC wall time
    whatever the session's TimeZone. -#}
{% macro postgres__to_utc_timestamp(col) -%}
    {%- set text = customer360.iso_timestamp_text(col) -%}
    {%- set pattern = customer360.iso_timestamp_pattern() -%}
    {%- set local_minutes = (var('local_utc_offset_hours') * 60) | round | int -%}
    {%- set local_zone = ('+' if local_minutes >= 0 else '-')
        ~ '%02d:%02d' | format((local_minutes | abs) // 60, (local_minutes | abs) % 60) -%}
    {#- Nested cases: PostgreSQL may evaluate both sides of an `and`, and the
        calendar check casts parts that only a matching value has. -#}
    case
        when {{ text }} ~ '{{ pattern }}' then
            case
                when {{ customer360.is_valid_date_parts(
                    'cast(substring(' ~ text ~ ', 1, 4) as integer)',
                    'cast(substring(' ~ text ~ ', 6, 2) as integer)',
                    'cast(substring(' ~ text ~ ', 9, 2) as integer)'
                ) }}
                    then cast(
                        case
                            when length({{ text }}) = 10
                                then {{ text }} || ' 00:00:00{{ local_zone }}'
                            when {{ text }} ~ '[0-9][+-][0-9]{2}(:?[0-9]{2})?$' then {{ text }}
                            else {{ text }} || '{{ local_zone }}'
                        end
                        as timestamptz
                    ) at time zone 'UTC'
            end
    end
{%- endmacro %}

{#- The accepted shape, shared by both bodies: date, optional time (hours
    00-23, minutes and seconds 00-59, up to nine decimals), optional offset
    (with `Z` already turned into +00 and no space before it). Groups: 1 date,
    2 time, 3 offset. -#}
{% macro iso_timestamp_pattern() -%}
    {{ return(
        '^([0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))'
        ~ '(?:[T ]((?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.][0-9]{1,9})?)?))?'
        ~ '([+-][0-9]{2}(?::?[0-9]{2})?)?$'
    ) }}
{%- endmacro %}

{#- The raw text tidied for iso_timestamp_pattern: trimmed, upper case, `Z` as
    +00 and no space before the offset. -#}
{% macro iso_timestamp_text(col) -%}
    {{ return("replace(replace(replace(upper(trim(" ~ col ~ ")), 'Z', '+00'), ' +', '+'), ' -', '-')") }}
{%- endmacro %}
