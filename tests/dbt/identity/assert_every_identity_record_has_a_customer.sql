-- Every person-bearing record has exactly one customer in customer_xref.
select
    records.record_key,
    count(xref.customer_id) as customers
from {{ ref('int_identity_records_unioned') }} as records
left join {{ ref('customer_xref') }} as xref
    on
        records.source_system = xref.source_system
        and records.source_record_id = xref.source_record_id
group by records.record_key
having count(xref.customer_id) <> 1
