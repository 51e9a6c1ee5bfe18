{{ config(unique_key='customer_id') }}

with

source as (

    select * from {{ source('ecommerce', 'customers') }}

),

keyed as (

    select
        *,
        trim(customer_id) as customer_key,
        {{ to_utc_timestamp('updated_at') }} as version_at
    from source
    where {{ staging_rejection_reason('ecommerce_customers') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['customer_key']) }}

),

latest as (

    {{ dedupe_latest('touched', ['customer_key'], 'version_at') }}

),

normalized as (

    select
        customer_key as customer_id,
        {{ normalize_email('email') }} as email,
        {{ normalize_thai_phone('phone') }} as phone,
        {{ clean_person_name('first_name') }} as first_name,
        {{ clean_person_name('last_name') }} as last_name,
        {{ normalize_person_name("coalesce(first_name, '') || ' ' || coalesce(last_name, '')") }}
            as full_name_normalized,
        {{ parse_bool('accepts_marketing') }} as has_marketing_consent,
        {{ to_utc_timestamp('created_at') }} as created_at,
        version_at as updated_at,
        _file,
        _line_no,
        _loaded_at,
        email as _raw_email,
        phone as _raw_phone,
        first_name as _raw_first_name,
        last_name as _raw_last_name,
        accepts_marketing as _raw_accepts_marketing,
        created_at as _raw_created_at,
        updated_at as _raw_updated_at
    from latest

),

checked as (

    select
        *,
        {{ name_script('full_name_normalized') }} as name_script,
        {{ invalid_fields({
            'email': 'email',
            'phone': 'phone',
            'first_name': 'first_name',
            'last_name': 'last_name',
            'accepts_marketing': 'has_marketing_consent',
            'created_at': 'created_at',
            'updated_at': 'updated_at',
        }) }} as invalid_fields
    from normalized

)

select
    customer_id,
    email,
    phone,
    first_name,
    last_name,
    full_name_normalized,
    name_script,
    has_marketing_consent,
    created_at,
    updated_at,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
