{{ config(
    pre_hook="{{ identity_build_link_decisions() }}",
    post_hook="{{ identity_drop_result() }}",
) }}
-- One row per identifier value that links records (a link group): accepted, or
-- dropped with the constraint its merge would break. Built at run time by
-- identity_build_link_decisions, level by level, strongest first.
-- depends_on: {{ ref('identity_constraints') }}
-- depends_on: {{ ref('int_identity_edges_proposed') }}
-- depends_on: {{ ref('int_identity_units_clustered') }}

select
    identifier_type,
    identifier_value,
    rule_name,
    link_level,
    clusters_touched,
    decision,
    constraint_name,
    conflict_kind
from {{ identity_scratch_relation('result') }}
