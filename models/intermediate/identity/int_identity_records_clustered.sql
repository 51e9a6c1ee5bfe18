{{ config(
    pre_hook="{{ identity_build_record_clusters() }}",
    post_hook="{{ identity_drop_result() }}",
) }}
-- One row per person-bearing record with the cluster (a real person) it belongs to:
-- connected components over the accepted links, numbered by the cluster's smallest
-- record number. Cluster numbers change from run to run; customer ids do not (see
-- customer_id_assignments).
-- depends_on: {{ ref('int_identity_edges_proposed') }}
-- depends_on: {{ ref('int_identity_links_decided') }}

with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

components as (
    select * from {{ identity_work_relation('result') }}
)

select
    records.record_key,
    records.record_num,
    records.source_system,
    records.source_record_id,
    records.first_seen_at,
    records.last_seen_at,
    coalesce(components.component, records.record_num) as cluster_num
from records
left join components
    on records.record_num = components.node
