-- One row per identifier value carried by a record, with the rule it links under and,
-- when it must not link, why: disabled rule, blocked value, bad format, or a value
-- shared by implausibly many records (in total or on one day), or a record carrying
-- implausibly many values of the type (a shared device). Limits come from the seeds;
-- their patterns are written into the SQL as constants when the model runs (see
-- identity_seed_rows), so each regular expression is compiled once.
{% set rule_rows = identity_link_rule_rows() %}
{% set blocklist_rows = identity_blocklist_rows() %}
with

identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

link_rules as (
    select * from {{ ref('identity_link_rules') }}
),

blocklist as (
    select * from {{ ref('identity_blocklist') }}
),

-- The input has one row per record, type and value (tested), so count(*) counts
-- records: count(distinct) cost most of this model's time at 1,000,000 persons.
distinct_values as (
    select
        identifier_type,
        identifier_value,
        count(*) as records_with_value
    from identifiers
    group by identifier_type, identifier_value
),

busiest_day_per_value as (
    select
        identifier_type,
        identifier_value,
        max(records_on_day) as records_on_busiest_day
    from (
        select
            identifier_type,
            identifier_value,
            cast(seen_at as date) as seen_date,
            count(*) as records_on_day
        from identifiers
        group by identifier_type, identifier_value, cast(seen_at as date)
    ) as per_day
    group by identifier_type, identifier_value
),

values_per_record as (
    select
        record_key,
        identifier_type,
        count(*) as values_on_record
    from identifiers
    group by record_key, identifier_type
),

blocked_values as (
    {% if blocklist_rows is none %}
        select
            distinct_values.identifier_type,
            distinct_values.identifier_value,
            min(blocklist.reason) as blocked_reason
        from distinct_values
        inner join blocklist
            on distinct_values.identifier_type = blocklist.identifier_type
        where
            (
                blocklist.match_type = 'exact'
                and distinct_values.identifier_value = blocklist.pattern
            )
            or (
                blocklist.match_type = 'regex'
                and {{ identity_regex_full_match(
                    'distinct_values.identifier_value', 'blocklist.pattern') }}
            )
        group by distinct_values.identifier_type, distinct_values.identifier_value
    {% else %}
        select
            identifier_type,
            identifier_value,
            blocked_reason
        from (
            select
                identifier_type,
                identifier_value,
                case
                    {%- for entry in blocklist_rows %}
                        when
                            identifier_type = {{ identity_sql_literal(entry['identifier_type']) }}
                            {%- if entry['match_type'] == 'exact' %}
                                and identifier_value = {{ identity_sql_literal(entry['pattern']) }}
                            {%- else %}
                                and {{ identity_regex_full_match(
                                    'identifier_value', identity_sql_literal(entry['pattern'])) }}
                            {%- endif %}
                            then {{ identity_sql_literal(entry['reason']) }}
                    {%- endfor %}
                    when false then cast(null as {{ dbt.type_string() }})
                end as blocked_reason
            from distinct_values
        ) as checked
        where blocked_reason is not null
    {% endif %}
),

value_verdicts as (
    select
        distinct_values.identifier_type,
        distinct_values.identifier_value,
        distinct_values.records_with_value,
        busiest_day_per_value.records_on_busiest_day,
        link_rules.rule_name,
        link_rules.link_level,
        case
            when link_rules.rule_name is null then 'no link rule for the identifier type'
            when not link_rules.is_enabled then 'link rule disabled'
            when blocked_values.blocked_reason is not null
                then 'blocked: ' || blocked_values.blocked_reason
            {% if rule_rows is none %}
                when not {{ identity_regex_full_match(
                    'distinct_values.identifier_value', 'link_rules.format_pattern') }}
                    then 'fails the format rule'
            {% else %}
                when not (case
                    {%- for rule in rule_rows %}
                        when
                            distinct_values.identifier_type
                            = {{ identity_sql_literal(rule['identifier_type']) }}
                            then {{ identity_regex_full_match(
                                'distinct_values.identifier_value',
                                identity_sql_literal(rule['format_pattern'])) }}
                    {%- endfor %}
                    else false
                end)
                    then 'fails the format rule'
            {% endif %}
            when distinct_values.records_with_value > link_rules.max_records_per_value
                then 'shared by more than max_records_per_value records'
            when busiest_day_per_value.records_on_busiest_day
                > link_rules.max_records_per_value_per_day
                then 'shared by more than max_records_per_value_per_day records on one day'
        end as value_exclusion_reason,
        link_rules.max_values_per_record
    from distinct_values
    inner join busiest_day_per_value
        on
            distinct_values.identifier_type = busiest_day_per_value.identifier_type
            and distinct_values.identifier_value = busiest_day_per_value.identifier_value
    left join link_rules
        on distinct_values.identifier_type = link_rules.identifier_type
    left join blocked_values
        on
            distinct_values.identifier_type = blocked_values.identifier_type
            and distinct_values.identifier_value = blocked_values.identifier_value
),

screened as (
    select
        identifiers.record_key,
        records.record_num,
        identifiers.source_system,
        identifiers.source_record_id,
        identifiers.identifier_type,
        identifiers.identifier_value,
        identifiers.seen_at,
        value_verdicts.rule_name,
        value_verdicts.link_level,
        value_verdicts.records_with_value,
        values_per_record.values_on_record,
        coalesce(
            value_verdicts.value_exclusion_reason,
            case
                when values_per_record.values_on_record > value_verdicts.max_values_per_record
                    then 'record carries more than max_values_per_record values of the type'
            end
        ) as exclusion_reason
    from identifiers
    inner join records
        on identifiers.record_key = records.record_key
    inner join value_verdicts
        on
            identifiers.identifier_type = value_verdicts.identifier_type
            and identifiers.identifier_value = value_verdicts.identifier_value
    inner join values_per_record
        on
            identifiers.record_key = values_per_record.record_key
            and identifiers.identifier_type = values_per_record.identifier_type
)

select
    record_key,
    record_num,
    source_system,
    source_record_id,
    identifier_type,
    identifier_value,
    seen_at,
    rule_name,
    link_level,
    records_with_value,
    values_on_record,
    exclusion_reason,
    exclusion_reason is null as is_usable
from screened
