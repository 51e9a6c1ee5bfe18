-- One row per person-bearing record erased by a request: every record of each
-- cluster (real person) that carries an email or phone named in an erasure
-- request. Values that the identity screening found unusable as links (shared
-- family phones, store phones, placeholders) do not match: erasing through them
-- would erase strangers; such requests show up as unmatched in the erasure log.

with

requests as (
    select * from {{ ref('stg_privacy__erasure_requests') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_screened') }}
),

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

clusters as (
    select * from {{ ref('int_identity_records_clustered') }}
),

-- every record with its cluster: a record without a clusters row is its own label
record_clusters as (
    select
        records.record_num,
        records.record_key,
        records.source_system,
        records.source_record_id,
        coalesce(clusters.cluster_num, records.record_num) as cluster_num
    from records
    left join clusters
        on records.record_num = clusters.record_num
),

requested_identifiers as (
    select
        request_id,
        'email' as identifier_type,
        email as identifier_value,
        requested_at
    from requests
    where email is not null
    union all
    select
        request_id,
        'phone' as identifier_type,
        phone as identifier_value,
        requested_at
    from requests
    where phone is not null
),

matched_clusters as (
    select distinct
        requested_identifiers.request_id,
        requested_identifiers.requested_at,
        coalesce(clusters.cluster_num, identifiers.record_num) as cluster_num
    from requested_identifiers
    inner join identifiers
        on
            requested_identifiers.identifier_type = identifiers.identifier_type
            and requested_identifiers.identifier_value = identifiers.identifier_value
            and identifiers.is_usable
    left join clusters
        on identifiers.record_num = clusters.record_num
),

-- A record erased by several requests is kept once, under the earliest request.
ranked as (
    select
        matched_clusters.request_id,
        matched_clusters.requested_at,
        record_clusters.record_key,
        record_clusters.source_system,
        record_clusters.source_record_id,
        row_number() over (
            partition by record_clusters.record_key
            order by matched_clusters.requested_at, matched_clusters.request_id
        ) as request_rank
    from matched_clusters
    inner join record_clusters
        on matched_clusters.cluster_num = record_clusters.cluster_num
)

select
    request_id,
    requested_at,
    record_key,
    source_system,
    source_record_id
from ranked
where request_rank = 1
