{{ config(
    pre_hook="{{ identity_build_constraint_units() }}",
    post_hook="{{ identity_drop_result() }}",
) }}
-- One row per constraint and counted record: the unit the record counts as when the
-- constraint is checked. Built at run time by identity_build_constraint_units.
-- depends_on: {{ ref('identity_constraints') }}
-- depends_on: {{ ref('int_identity_records_unioned') }}
-- depends_on: {{ ref('int_identifiers_screened') }}
-- depends_on: {{ ref('int_identity_edges_proposed') }}

-- The unit can be an email or a loyalty id: kept as a digest, enough to count
-- distinct units, so this table holds no personal data to erase.
select
    constraint_name,
    record_num,
    md5(unit_key) as unit_key
from {{ identity_scratch_relation('result') }}
