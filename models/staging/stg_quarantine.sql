-- One row per raw row that cannot be staged because its key is missing or
-- invalid (staging_key_rules): kept here with its file, line and reason, and
-- out of the staging model, so no raw row disappears silently. Incremental:
-- raw rows never change, so a run judges only the rows loaded since the last.
{{ config(unique_key=['source_table', '_file', '_line_no']) }}
{%- set rules = staging_key_rules() %}

with

raw_rows_judged as (

    {% for raw_table, rule in rules.items() %}
        select
            '{{ raw_table }}' as source_table,
            _file,
            _line_no,
            _loaded_at,
            _load_id,
            {{ missing_key_reason(rule.key_columns, rule.parsed_keys) }} as reason
        from {{ source(rule.source_name, rule.table_name) }}
        where {{ staging_loaded_since_last_run() }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select
    source_table,
    _file,
    _line_no,
    _loaded_at,
    _load_id,
    reason
from raw_rows_judged
where reason is not null
