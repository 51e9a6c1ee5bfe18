-- One row per customer: the golden profile. Each attribute is chosen among the
-- customer's records by its survivorship rule in the seed identity_survivorship
-- (source_priority, most_recent, most_frequent, most_complete) and carries its
-- provenance (`<attribute>_source_system`, `<attribute>_source_record_id`). Consent
-- per channel is the most recent signal from any source.
{%- set attributes = ['name', 'email', 'phone', 'birth_date', 'gender', 'province',
    'loyalty_id', 'line_user_id'] %}
{%- set channels = ['email', 'sms', 'line'] %}
with

records as (
    select * from {{ ref('int_identity_records_resolved') }}
),

candidates as (
    select * from {{ ref('int_customer_attributes_unioned') }}
),

consent_signals as (
    select * from {{ ref('int_customer_consent_signals_unioned') }}
),

survivorship as (
    select * from {{ ref('identity_survivorship') }}
),

customers as (
    select
        customer_id,
        count(*) as record_count,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at
    from records
    group by customer_id
),

-- value_frequency is counted only for attributes ruled by most_frequent: over every
-- candidate, that window was about a tenth of this model's time for one rule's sake
frequency_ruled as (
    select
        candidates.*,
        survivorship.survivorship_rule,
        survivorship.source_priority,
        count(*) over (
            partition by
                candidates.customer_id,
                candidates.attribute_name,
                candidates.attribute_value,
                candidates.attribute_value_2
        ) as value_frequency
    from candidates
    inner join survivorship
        on candidates.attribute_name = survivorship.attribute_name
    where survivorship.survivorship_rule = 'most_frequent'
),

other_ruled as (
    select
        candidates.*,
        survivorship.survivorship_rule,
        survivorship.source_priority,
        cast(null as bigint) as value_frequency
    from candidates
    inner join survivorship
        on candidates.attribute_name = survivorship.attribute_name
    where coalesce(survivorship.survivorship_rule, '') <> 'most_frequent'
),

scored_candidates as (
    select
        ruled.*,
        {{ dbt.position(
            "'|' || ruled.source_system || '|'",
            "'|' || ruled.source_priority || '|'") }} as source_rank,
        length(coalesce(ruled.attribute_value, ''))
        + length(coalesce(ruled.attribute_value_2, ''))
            as value_completeness
    from (
        select * from frequency_ruled
        union all
        select * from other_ruled
    ) as ruled
),

ranked_candidates as (
    select
        *,
        row_number() over (
            partition by customer_id, attribute_name
            order by
                case when survivorship_rule = 'source_priority' then source_rank end asc,
                case when survivorship_rule = 'most_frequent' then value_frequency end desc,
                case when survivorship_rule = 'most_complete' then value_completeness end desc,
                observed_at desc,
                source_system asc,
                source_record_id asc
        ) as survivor_rank
    from scored_candidates
    where source_rank > 0
),

survivors as (
    select * from ranked_candidates
    where survivor_rank = 1
),

ranked_consent as (
    select
        *,
        row_number() over (
            partition by customer_id, channel
            order by signalled_at desc, has_consent asc, source_system asc, source_record_id asc
        ) as recency_rank
    from consent_signals
    where signalled_at is not null
),

latest_consent as (
    select * from ranked_consent
    where recency_rank = 1
),

-- one pass over the survivors and the consent signals instead of a join per attribute
survivor_columns as (
    select
        customer_id,
        {%- for attribute in attributes %}
            {%- set picked = "case when attribute_name = '" ~ attribute ~ "' then " %}
            max({{ picked }}attribute_value end) as {{ attribute }}_value,
            {%- if attribute == 'name' %}
                max({{ picked }}attribute_value_2 end) as {{ attribute }}_value_2,
            {%- endif %}
            max({{ picked }}source_system end) as {{ attribute }}_source_system,
            max({{ picked }}source_record_id end) as {{ attribute }}_source_record_id
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from survivors
    group by customer_id
),

consent_columns as (
    select
        customer_id,
        {%- for channel in channels %}
            {%- set picked = "case when channel = '" ~ channel ~ "' then " %}
            max({{ picked }}cast(has_consent as integer) end) = 1 as has_{{ channel }}_consent,
            max({{ picked }}source_system end) as {{ channel }}_consent_source_system,
            max({{ picked }}source_record_id end) as {{ channel }}_consent_source_record_id,
            max({{ picked }}signalled_at end) as {{ channel }}_consent_at
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from latest_consent
    group by customer_id
)

select
    customers.customer_id,
    {%- for attribute in attributes %}
        {%- if attribute == 'name' %}
            survivor_columns.name_value as first_name,
            survivor_columns.name_value_2 as last_name,
        {%- elif attribute == 'birth_date' %}
            cast(survivor_columns.birth_date_value as date) as birth_date,
        {%- else %}
            survivor_columns.{{ attribute }}_value as {{ attribute }},
        {%- endif %}
        survivor_columns.{{ attribute }}_source_system,
        survivor_columns.{{ attribute }}_source_record_id,
    {%- endfor %}
    {%- for channel in channels %}
        consent_columns.has_{{ channel }}_consent,
        consent_columns.{{ channel }}_consent_source_system,
        consent_columns.{{ channel }}_consent_source_record_id,
        consent_columns.{{ channel }}_consent_at,
    {%- endfor %}
    customers.record_count,
    customers.first_seen_at,
    customers.last_seen_at
from customers
left join survivor_columns
    on customers.customer_id = survivor_columns.customer_id
left join consent_columns
    on customers.customer_id = consent_columns.customer_id
