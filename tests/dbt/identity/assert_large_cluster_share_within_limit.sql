-- The share of records in large clusters (more than var identity_large_cluster_records
-- records) stays under var identity_max_large_cluster_share.
with

totals as (
    select
        sum(record_count) as records,
        sum(case when is_large_cluster then record_count else 0 end) as records_in_large_clusters
    from {{ ref('identity_cluster_stats') }}
)

select
    records,
    records_in_large_clusters
from totals
where
    records_in_large_clusters
    > {{ var('identity_max_large_cluster_share', 0.01) }} * records
