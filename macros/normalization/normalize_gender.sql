{#- Gender as exported (M/F/X, male/female, Thai ชาย/หญิง, ...) to 'M', 'F'
    or 'X' (another or unspecified gender, as the source states it); empty
    and unrecognised values become null. -#}
{% macro normalize_gender(col) -%}
    {{ return(adapter.dispatch('normalize_gender', 'customer360')(col)) }}
{%- endmacro %}

{% macro default__normalize_gender(col) -%}
    case
        when lower(trim({{ col }})) in ('m', 'male', 'man', 'ชาย', 'ช', 'เพศชาย') then 'M'
        when lower(trim({{ col }})) in ('f', 'female', 'woman', 'หญิง', 'ญ', 'เพศหญิง') then 'F'
        when lower(trim({{ col }})) in (
            'x', 'o', 'other', 'non-binary', 'nonbinary', 'อื่นๆ', 'อื่น ๆ', 'อื่น', 'ไม่ระบุ'
        ) then 'X'
    end
{%- endmacro %}
