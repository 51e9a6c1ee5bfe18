{#- A Thai phone number in any of the forms seen in the wild (081-234-5678,
    0812345678, +66812345678, 66 81 234 5678, (081) 234 5678, +66 0812345678,
    0066...) to E.164 +66XXXXXXXXX: a mobile number has 9 digits after +66 and
    starts with 6, 8 or 9; a landline has 8 digits after +66 and starts with
    2 to 7. Placeholders (0000000000, 0800000000, a number whose last seven
    digits are all the same) and any other length become null. -#}
{% macro normalize_thai_phone(col) -%}
    {{ return(adapter.dispatch('normalize_thai_phone', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__normalize_thai_phone(col) -%}
    {%- set digits = customer360.regex_replace_all(col, '[^0-9]', '') -%}
    {#- drop the international prefix (00)66 and then one trunk 0, in that order -#}
    {%- set national = customer360.regex_replace_all(digits, '^(00)?(66)?0?', '') -%}
    case
        when {{ customer360.regex_matches(national, '^([689][0-9]{8}|[2-7][0-9]{7})$') }}
            and not {{ customer360.regex_matches(national, '(0{7}|1{7}|2{7}|3{7}|4{7}|5{7}|6{7}|7{7}|8{7}|9{7})$') }}
            then '+66' || {{ national }}
    end
{%- endmacro %}
