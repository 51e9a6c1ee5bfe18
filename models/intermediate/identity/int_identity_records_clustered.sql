{{ config(
    pre_hook="{{ identity_build_record_clusters() }}",
    post_hook="{{ identity_drop_result() }}",
) }}
-- One row per person-bearing record number with the cluster (a real person) it
-- belongs to: connected components over the accepted links, numbered by the cluster's
-- smallest record number. Only the two numbers, as SciPy's connected_components would
-- return them; the record's keys are joined where they are needed, by record_num.
-- Cluster numbers change from run to run; customer ids do not (see
-- customer_id_assignments).
-- depends_on: {{ ref('int_identity_edges_proposed') }}
-- depends_on: {{ ref('int_identity_links_decided') }}

with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

-- linked records that are not their cluster's smallest; every other record is its own
components as (
    select * from {{ identity_scratch_relation('result') }}
)

select
    records.record_num,
    coalesce(components.component, records.record_num) as cluster_num
from records
left join components
    on records.record_num = components.node
