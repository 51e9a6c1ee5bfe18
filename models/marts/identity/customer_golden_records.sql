-- One row per customer: the golden profile. Each attribute is chosen among the
-- customer's records by its survivorship rule in the seed identity_survivorship
-- (source_priority, most_recent, most_frequent, most_complete) and carries its
-- provenance (`<attribute>_source_system`, `<attribute>_source_record_id`). Consent
-- per channel is the most recent signal from any source.
{%- set attributes = ['name', 'email', 'phone', 'birth_date', 'gender', 'province',
    'loyalty_id', 'line_user_id'] %}
{%- set channels = ['email', 'sms', 'line'] %}
with

xref as (
    select * from {{ ref('customer_xref') }}
),

records as (
    select * from {{ ref('int_identity_records_clustered') }}
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
        xref.customer_id,
        count(*) as record_count,
        min(records.first_seen_at) as first_seen_at,
        max(records.last_seen_at) as last_seen_at
    from xref
    inner join records
        on
            xref.source_system = records.source_system
            and xref.source_record_id = records.source_record_id
    group by xref.customer_id
),

scored_candidates as (
    select
        candidates.*,
        survivorship.survivorship_rule,
        {{ dbt.position(
            "'|' || candidates.source_system || '|'",
            "'|' || survivorship.source_priority || '|'") }} as source_rank,
        count(*) over (
            partition by
                candidates.customer_id,
                candidates.attribute_name,
                candidates.attribute_value,
                candidates.attribute_value_2
        ) as value_frequency,
        length(coalesce(candidates.attribute_value, ''))
        + length(coalesce(candidates.attribute_value_2, ''))
            as value_completeness
    from candidates
    inner join survivorship
        on candidates.attribute_name = survivorship.attribute_name
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
)

select
    customers.customer_id,
    {%- for attribute in attributes %}
        {%- if attribute == 'name' %}
            {{ attribute }}_survivor.attribute_value as first_name,
            {{ attribute }}_survivor.attribute_value_2 as last_name,
        {%- elif attribute == 'birth_date' %}
            cast({{ attribute }}_survivor.attribute_value as date) as birth_date,
        {%- else %}
            {{ attribute }}_survivor.attribute_value as {{ attribute }},
        {%- endif %}
        {{ attribute }}_survivor.source_system as {{ attribute }}_source_system,
        {{ attribute }}_survivor.source_record_id as {{ attribute }}_source_record_id,
    {%- endfor %}
    {%- for channel in channels %}
        {{ channel }}_consent.has_consent as has_{{ channel }}_consent,
        {{ channel }}_consent.source_system as {{ channel }}_consent_source_system,
        {{ channel }}_consent.source_record_id as {{ channel }}_consent_source_record_id,
        {{ channel }}_consent.signalled_at as {{ channel }}_consent_at,
    {%- endfor %}
    customers.record_count,
    customers.first_seen_at,
    customers.last_seen_at
from customers
{%- for attribute in attributes %}
    left join survivors as {{ attribute }}_survivor
        on
            customers.customer_id = {{ attribute }}_survivor.customer_id
            and {{ attribute }}_survivor.attribute_name = '{{ attribute }}'
{%- endfor %}
{%- for channel in channels %}
    left join latest_consent as {{ channel }}_consent
        on
            customers.customer_id = {{ channel }}_consent.customer_id
            and {{ channel }}_consent.channel = '{{ channel }}'
{%- endfor %}
