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
            {{ dedupe_latest_rank(key_columns, version_column) }} as _version_rank
        from {{ relation }}
    ) as versions
    where _version_rank = 1
{%- endmacro %}

{#- DuckDB: the window sorts only the key, version and line columns, then the
    winning rows are picked from the full rows by key and line: sorting every
    column was most of the staging time and memory of the event streams
    (docs/benchmarks.md). -#}
{% macro duckdb__dedupe_latest(relation, key_columns, version_column) -%}
    select
        {{ relation }}.*,
        1 as _version_rank
    from {{ relation }}
    semi join (
        select
            {{ key_columns | join(', ') }},
            _file,
            _line_no
        from (
            select
                {{ key_columns | join(', ') }},
                _file,
                _line_no,
                {{ dedupe_latest_rank(key_columns, version_column) }} as _version_rank
            from {{ relation }}
        ) as versions
        where _version_rank = 1
    ) as latest
        on
            {%- for key in key_columns %}
            {{ relation }}.{{ key }} is not distinct from latest.{{ key }} and
            {%- endfor %}
            {{ relation }}._file = latest._file
            and {{ relation }}._line_no = latest._line_no
{%- endmacro %}

{#- The rank of a row among its key's versions, 1 for the one to keep. -#}
{% macro dedupe_latest_rank(key_columns, version_column) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by
            {%- if version_column is not none %}
            {{ version_column }} desc nulls last,
            {%- endif %}
            _file desc,
            _line_no desc
    )
{%- endmacro %}
