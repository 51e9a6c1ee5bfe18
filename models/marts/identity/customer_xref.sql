-- One row per person-bearing source record that reached the warehouse, with the
-- customer it belongs to (landing contract). The id is the record's latest
-- assignment in customer_id_assignments, stable across runs.
select
    cast(source_system as {{ dbt.type_string() }}) as source_system,
    cast(source_record_id as {{ dbt.type_string() }}) as source_record_id,
    cast(customer_id as {{ dbt.type_string() }}) as customer_id
from {{ ref('int_identity_records_resolved') }}
