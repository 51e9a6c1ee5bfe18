-- No customer holds more records than var identity_max_cluster_records: a giant cluster
-- means junk identifiers glued strangers together.
select
    customer_id,
    record_count
from {{ ref('identity_cluster_stats') }}
where record_count > {{ var('identity_max_cluster_records', 2000) }}
