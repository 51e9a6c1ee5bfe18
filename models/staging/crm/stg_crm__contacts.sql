{{ config(unique_key='contact_id') }}

with

source as (

    select * from {{ source('crm', 'contacts') }}

),

keyed as (

    select
        *,
        trim(contact_id) as contact_key,
        {{ to_utc_timestamp('updated_at') }} as version_at
    from source
    where {{ staging_rejection_reason('crm_contacts') }} is null

),

-- Incremental: every raw version of the keys touched since the last run.
touched as (

    {{ staging_touched_keys('keyed', ['contact_key']) }}

),

latest as (

    {{ dedupe_latest('touched', ['contact_key'], 'version_at') }}

),

normalized as (

    select
        contact_key as contact_id,
        {{ clean_person_name('first_name') }} as first_name,
        {{ clean_person_name('last_name') }} as last_name,
        {{ normalize_person_name("coalesce(first_name, '') || ' ' || coalesce(last_name, '')") }}
            as full_name_normalized,
        {{ normalize_email('email') }} as email,
        {{ normalize_thai_phone('phone') }} as phone,
        {{ parse_birth_date('birth_date') }} as birth_date,
        {{ normalize_gender('gender') }} as gender,
        {{ clean_text('province') }} as province,
        {{ normalize_loyalty_id('loyalty_id') }} as loyalty_id,
        {{ normalize_line_user_id('line_user_id') }} as line_user_id,
        {{ parse_bool('consent_email') }} as has_email_consent,
        {{ parse_bool('consent_sms') }} as has_sms_consent,
        {{ parse_bool('consent_line') }} as has_line_consent,
        {{ to_utc_timestamp('created_at') }} as created_at,
        version_at as updated_at,
        _file,
        _line_no,
        _loaded_at,
        first_name as _raw_first_name,
        last_name as _raw_last_name,
        email as _raw_email,
        phone as _raw_phone,
        birth_date as _raw_birth_date,
        gender as _raw_gender,
        loyalty_id as _raw_loyalty_id,
        line_user_id as _raw_line_user_id,
        consent_email as _raw_consent_email,
        consent_sms as _raw_consent_sms,
        consent_line as _raw_consent_line,
        created_at as _raw_created_at,
        updated_at as _raw_updated_at
    from latest

),

checked as (

    select
        *,
        {{ name_script('full_name_normalized') }} as name_script,
        {{ invalid_fields({
            'first_name': 'first_name',
            'last_name': 'last_name',
            'email': 'email',
            'phone': 'phone',
            'birth_date': 'birth_date',
            'gender': 'gender',
            'loyalty_id': 'loyalty_id',
            'line_user_id': 'line_user_id',
            'consent_email': 'has_email_consent',
            'consent_sms': 'has_sms_consent',
            'consent_line': 'has_line_consent',
            'created_at': 'created_at',
            'updated_at': 'updated_at',
        }) }} as invalid_fields
    from normalized

)

select
    contact_id,
    first_name,
    last_name,
    full_name_normalized,
    name_script,
    email,
    phone,
    birth_date,
    gender,
    province,
    loyalty_id,
    line_user_id,
    has_email_consent,
    has_sms_consent,
    has_line_consent,
    created_at,
    updated_at,
    invalid_fields,
    _file,
    _line_no,
    _loaded_at
from checked
