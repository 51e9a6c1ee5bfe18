{{ config(
    pre_hook="{{ identity_build_record_clusters() }}",
    post_hook="{{ identity_drop_result() }}",
) }}
-- One row per record that joined a smaller record's cluster (a real person), with that
-- cluster's label: its smallest record number. Connected components over the accepted
-- links. A record without a row is its own cluster's label (a cluster's smallest record,
-- or a record with no accepted link): readers take
-- coalesce(cluster_num, record_num) from a left join, as SciPy's labels are read.
-- Leaving those rows out spares a join and a write of every record.
-- Cluster numbers change from run to run; customer ids do not (see
-- customer_id_assignments).
-- depends_on: {{ ref('int_identity_edges_proposed') }}
-- depends_on: {{ ref('int_identity_links_decided') }}

select
    node as record_num,
    component as cluster_num
from {{ identity_scratch_relation('result') }}
