-- One row per candidate value of a golden-record attribute: which customer, which
-- source record supplied it and when. Contact identifiers come from the screened
-- identifiers (normalized, placeholders and junk excluded); names, birth date,
-- gender and province from the staged profiles. `attribute_value_2` carries the last name.
with

records as (
    select * from {{ ref('int_identity_records_resolved') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_screened') }}
    where is_usable and identifier_type in ('email', 'phone', 'loyalty_id', 'line_user_id')
),

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

ecommerce_customers as (
    select * from {{ ref('stg_ecommerce__customers') }}
),

ecommerce_orders as (
    select * from {{ ref('stg_ecommerce__orders') }}
),

-- contact identifiers: already keyed by record number
identifier_candidates as (
    select
        records.customer_id,
        identifiers.identifier_type as attribute_name,
        identifiers.identifier_value as attribute_value,
        cast(null as {{ dbt.type_string() }}) as attribute_value_2,
        identifiers.source_system,
        identifiers.source_record_id,
        identifiers.seen_at as observed_at
    from identifiers
    inner join records
        on identifiers.record_num = records.record_num
),

profile_candidates as (
    select
        'crm' as source_system,
        contact_id as source_record_id,
        'name' as attribute_name,
        first_name as attribute_value,
        last_name as attribute_value_2,
        updated_at as observed_at
    from crm_contacts
    where first_name is not null or last_name is not null

    union all

    select
        'ecommerce_customer' as source_system,
        customer_id as source_record_id,
        'name' as attribute_name,
        first_name as attribute_value,
        last_name as attribute_value_2,
        updated_at as observed_at
    from ecommerce_customers
    where first_name is not null or last_name is not null

    union all

    select
        'crm' as source_system,
        contact_id as source_record_id,
        'birth_date' as attribute_name,
        cast(birth_date as {{ dbt.type_string() }}) as attribute_value,
        cast(null as {{ dbt.type_string() }}) as attribute_value_2,
        updated_at as observed_at
    from crm_contacts
    where birth_date is not null

    union all

    select
        'crm' as source_system,
        contact_id as source_record_id,
        'gender' as attribute_name,
        gender as attribute_value,
        cast(null as {{ dbt.type_string() }}) as attribute_value_2,
        updated_at as observed_at
    from crm_contacts
    where gender is not null

    union all

    select
        'crm' as source_system,
        contact_id as source_record_id,
        'province' as attribute_name,
        province as attribute_value,
        cast(null as {{ dbt.type_string() }}) as attribute_value_2,
        updated_at as observed_at
    from crm_contacts
    where province is not null

    union all

    select
        'ecommerce_order' as source_system,
        order_id as source_record_id,
        'province' as attribute_name,
        shipping_province as attribute_value,
        cast(null as {{ dbt.type_string() }}) as attribute_value_2,
        ordered_at as observed_at
    from ecommerce_orders
    where shipping_province is not null
),

profile_candidates_resolved as (
    select
        records.customer_id,
        profile_candidates.attribute_name,
        profile_candidates.attribute_value,
        profile_candidates.attribute_value_2,
        profile_candidates.source_system,
        profile_candidates.source_record_id,
        profile_candidates.observed_at
    from profile_candidates
    inner join records
        on
            profile_candidates.source_system = records.source_system
            and profile_candidates.source_record_id = records.source_record_id
)

select * from identifier_candidates
union all
select * from profile_candidates_resolved
