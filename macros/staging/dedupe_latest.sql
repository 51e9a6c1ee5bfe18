{#- A select of the latest version of each key of `relation`: row_number over
    the key, ordered by `version_column` descending (nulls last), then by
    `_file` and `_line_no` descending so that ties resolve the same way on
    every run. Exact duplicates share a key and collapse too. The result keeps
    every column of `relation` plus `_version_rank` (always 1). -#}
{% macro dedupe_latest(relation, key_columns, version_column=none) -%}
    {{ return(adapter.dispatch('dedupe_latest', 'customer360')(relation, key_columns, version_column)) }}
{%- endmacro %}

{% macro default__dedupe_latest(relation, key_columns, version_column) -%}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by
                    {%- if version_column is not none %}
                    {{ version_column }} desc nulls last,
                    {%- endif %}
                    _file desc,
                    _line_no desc
            ) as _version_rank
        from {{ relation }}
    ) as versions
    where _version_rank = 1
{%- endmacro %}
