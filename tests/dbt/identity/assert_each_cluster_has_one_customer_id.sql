-- Every cluster of this run has exactly one customer id.
select
    records.cluster_num,
    count(distinct xref.customer_id) as customer_ids
from {{ ref('int_identity_records_resolved') }} as records
inner join {{ ref('customer_xref') }} as xref
    on
        records.source_system = xref.source_system
        and records.source_record_id = xref.source_record_id
group by records.cluster_num
having count(distinct xref.customer_id) <> 1
