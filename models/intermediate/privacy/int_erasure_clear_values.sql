{{ config(materialized='view') }}
-- The clear `<kind>:<value>` of everything that identifies an erased person: what
-- privacy_suppression_list hashes. A view, so no clear value is ever stored: the
-- on-run-end purge reads it once, before deleting, to find this run's erased rows by
-- value instead of hashing every row (macros/privacy/purge_erased_persons.sql).
-- Empty of a person once the purge has run: every table it reads is purged.

with

erased_records as (
    select * from {{ ref('int_erasure_records_matched') }}
),

requests as (
    select * from {{ ref('stg_privacy__erasure_requests') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

assignments as (
    select * from {{ ref('customer_id_assignments') }}
),

-- Values carried only by erased records (a family phone stays usable for the others).
erased_identifiers as (
    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        min(erased_records.request_id) as request_id
    from identifiers
    left join erased_records
        on identifiers.record_key = erased_records.record_key
    group by identifiers.identifier_type, identifiers.identifier_value
    having count(erased_records.record_key) = count(*)
),

unmatched_requests as (
    select requests.*
    from requests
    where requests.request_id not in (select erased.request_id from erased_records as erased)
)

select
    request_id,
    'identifier' as hash_kind,
    'email:' || email as clear_value
from unmatched_requests
where email is not null
union all
select
    request_id,
    'identifier' as hash_kind,
    'phone:' || phone as clear_value
from unmatched_requests
where phone is not null
union all
select
    request_id,
    'identifier' as hash_kind,
    identifier_type || ':' || identifier_value as clear_value
from erased_identifiers
union all
select
    request_id,
    'record' as hash_kind,
    'record:' || record_key as clear_value
from erased_records
union all
select distinct
    erased_records.request_id,
    'customer' as hash_kind,
    'customer:' || assignments.customer_id as clear_value
from erased_records
inner join assignments
    on erased_records.record_key = assignments.record_key
