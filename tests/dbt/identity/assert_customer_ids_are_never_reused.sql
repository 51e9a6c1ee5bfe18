-- A customer id names one cluster at a time: no id is the current id of records that
-- are in different clusters of this run.
select
    xref.customer_id,
    count(distinct records.cluster_num) as clusters
from {{ ref('customer_xref') }} as xref
inner join {{ ref('int_identity_records_resolved') }} as records
    on
        xref.source_system = records.source_system
        and xref.source_record_id = records.source_record_id
group by xref.customer_id
having count(distinct records.cluster_num) > 1
