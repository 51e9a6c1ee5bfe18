{#- A name part as written, tidied: trimmed, internal whitespace collapsed to
    one space and a leading honorific removed, keeping the original script
    and case; empty (or an honorific alone) becomes null. Thai honorifics
    (นางสาว, น.ส., ด.ช., ด.ญ., ดร., นาง, นาย, คุณ; longest first) are removed
    also when glued to the name, as long as what follows can start a Thai
    word; English ones (Mr, Mrs, Ms, Miss, Khun, Dr, any case, with or
    without the dot) need a dot or a space after them. -#}
{% macro clean_person_name(col) -%}
    {{ return(adapter.dispatch('clean_person_name', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__clean_person_name(col) -%}
    {%- set collapsed = 'trim(' ~ customer360.regex_replace_all(col, '[ \t\r\n]+', ' ') ~ ')' -%}
    {%- set english = '(?i)^(?:mrs|mr|ms|miss|khun|dr)(?:[.] *| +)([^ .].*)$' -%}
    {%- set without_english = 'coalesce(' ~ customer360.regex_extract(collapsed, english, 1) ~ ', ' ~ collapsed ~ ')' -%}
    {#- a Thai word starts with a consonant or a leading vowel (เ แ โ ใ ไ),
        never with a following vowel or tone mark: this keeps คุณากร whole -#}
    {%- set thai = '^(?:นางสาว|น[.] ?ส[.]|ด[.] ?ช[.]|ด[.] ?ญ[.]|ดร[.]|นาง|นาย|คุณ)(?: +([^ ].*)|([ก-ฮเแโใไ].*))$' -%}
    {%- set honorific_only = '(?i)^((mrs|mr|ms|miss|khun|dr)[.]?|นางสาว|น[.] ?ส[.]|ด[.] ?ช[.]|ด[.] ?ญ[.]|ดร[.]|นาง|นาย|คุณ)$' -%}
    case
        when {{ collapsed }} = '' or {{ customer360.regex_matches(collapsed, honorific_only) }} then null
        else coalesce(
            {{ customer360.regex_extract(without_english, thai, 1) }},
            {{ customer360.regex_extract(without_english, thai, 2) }},
            {{ without_english }}
        )
    end
{%- endmacro %}
