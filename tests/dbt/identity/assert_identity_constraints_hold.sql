-- No customer breaks a constraint of seed identity_constraints: distinct units (records
-- or values, those tied by exempt links counting once) per customer within the limit.
with

units as (
    select * from {{ ref('int_identity_units_clustered') }}
),

records as (
    select * from {{ ref('int_identity_records_resolved') }}
),

xref as (
    select * from {{ ref('customer_xref') }}
),

constraints as (
    select * from {{ ref('identity_constraints') }}
),

units_per_customer as (
    select
        xref.customer_id,
        units.constraint_name,
        count(distinct units.unit_key) as units_held
    from units
    inner join records
        on units.record_num = records.record_num
    inner join xref
        on
            records.source_system = xref.source_system
            and records.source_record_id = xref.source_record_id
    group by xref.customer_id, units.constraint_name
)

select
    units_per_customer.customer_id,
    units_per_customer.constraint_name,
    units_per_customer.units_held,
    constraints.max_per_customer
from units_per_customer
inner join constraints
    on units_per_customer.constraint_name = constraints.constraint_name
where units_per_customer.units_held > constraints.max_per_customer
