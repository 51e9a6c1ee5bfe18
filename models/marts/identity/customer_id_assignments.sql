{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}
-- The persistent memory of customer ids: an append-only log with one row each time a
-- record gets a customer id (its first, or a new one after a merge or split). The
-- current id of a record is its latest row. Never rebuilt, not even by
-- --full-refresh, so ids survive rebuilds; appended with plain INSERTs (portable).
--
-- Per cluster of this run:
--   * a previous id belongs to the cluster holding its oldest record (a split leaves
--     the id with the part holding the oldest record);
--   * a cluster owning several previous ids (a merge) keeps the one assigned first
--     (then the one with the oldest record); the others are retired as its aliases;
--   * a cluster owning none gets a new id derived from its oldest record:
--     'C' + 16 hex digits of md5(record_key), re-hashed in the unlikely case the id
--     was ever used before. Ids are neither random nor row numbers.

with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

clusters as (
    select * from {{ ref('int_identity_records_clustered') }}
),

assignment_log as (
    {% if is_incremental() %}
        select
            record_key,
            customer_id,
            assigned_at
        from {{ this }}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as record_key,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_timestamp() }}) as assigned_at
        where 1 = 0
    {% endif %}
),

latest_assignments as (
    select
        record_key,
        customer_id
    from (
        select
            record_key,
            customer_id,
            row_number() over (
                partition by record_key order by assigned_at desc, customer_id asc
            ) as recency_rank
        from assignment_log
    ) as ranked
    where recency_rank = 1
),

known_ids as (
    select
        customer_id,
        min(assigned_at) as first_assigned_at
    from assignment_log
    group by customer_id
),

records_with_previous_id as (
    select
        records.record_key,
        records.source_system,
        records.source_record_id,
        records.first_seen_at,
        latest_assignments.customer_id as previous_customer_id,
        coalesce(clusters.cluster_num, records.record_num) as cluster_num
    from records
    -- a record without a row is its own cluster's label
    left join clusters
        on records.record_num = clusters.record_num
    left join latest_assignments
        on records.record_key = latest_assignments.record_key
),

-- the cluster holding each previous id's oldest record owns the id
previous_id_owners as (
    select
        previous_customer_id as customer_id,
        cluster_num,
        first_seen_at as oldest_record_seen_at
    from (
        select
            previous_customer_id,
            cluster_num,
            first_seen_at,
            row_number() over (
                partition by previous_customer_id
                order by first_seen_at asc nulls last, record_key asc
            ) as age_rank
        from records_with_previous_id
        where previous_customer_id is not null
    ) as ranked
    where age_rank = 1
),

-- the oldest owned id survives a merge
surviving_ids as (
    select
        cluster_num,
        customer_id
    from (
        select
            previous_id_owners.cluster_num,
            previous_id_owners.customer_id,
            row_number() over (
                partition by previous_id_owners.cluster_num
                order by
                    known_ids.first_assigned_at asc,
                    previous_id_owners.oldest_record_seen_at asc nulls last,
                    previous_id_owners.customer_id asc
            ) as survival_rank
        from previous_id_owners
        inner join known_ids
            on previous_id_owners.customer_id = known_ids.customer_id
    ) as ranked
    where survival_rank = 1
),

oldest_records as (
    select
        cluster_num,
        record_key
    from (
        select
            cluster_num,
            record_key,
            row_number() over (
                partition by cluster_num order by first_seen_at asc nulls last, record_key asc
            ) as age_rank
        from records_with_previous_id
    ) as ranked
    where age_rank = 1
),

derived_ids as (
    select
        cluster_num,
        record_key,
        {{ identity_customer_id_from_key('record_key') }} as customer_id
    from oldest_records
),

new_ids as (
    select
        derived_ids.cluster_num,
        case
            when known_ids.customer_id is null then derived_ids.customer_id
            else {{ identity_customer_id_from_key(
                "derived_ids.record_key || '|' || derived_ids.customer_id") }}
        end as customer_id
    from derived_ids
    left join known_ids
        on derived_ids.customer_id = known_ids.customer_id
    left join surviving_ids
        on derived_ids.cluster_num = surviving_ids.cluster_num
    where surviving_ids.cluster_num is null
),

cluster_ids as (
    select
        cluster_num,
        customer_id,
        false as is_new_id
    from surviving_ids
    union all
    select
        cluster_num,
        customer_id,
        true as is_new_id
    from new_ids
),

assignments as (
    select
        records_with_previous_id.record_key,
        records_with_previous_id.source_system,
        records_with_previous_id.source_record_id,
        cluster_ids.customer_id,
        records_with_previous_id.previous_customer_id,
        case
            when records_with_previous_id.previous_customer_id is null then 'new_record'
            when still_used.customer_id is null then 'merged'
            when cluster_ids.is_new_id then 'split'
            else 'moved'
        end as change_reason
    from records_with_previous_id
    inner join cluster_ids
        on records_with_previous_id.cluster_num = cluster_ids.cluster_num
    left join cluster_ids as still_used
        on records_with_previous_id.previous_customer_id = still_used.customer_id
    where
        records_with_previous_id.previous_customer_id is null
        or records_with_previous_id.previous_customer_id <> cluster_ids.customer_id
)

select
    record_key,
    source_system,
    source_record_id,
    customer_id,
    previous_customer_id,
    change_reason,
    '{{ invocation_id }}' as run_id,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
        as assigned_at
from assignments
