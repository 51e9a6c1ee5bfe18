-- One row per proposed link between two records: every record carrying a usable
-- identifier value is linked to one anchor record of that value (a star: k - 1 links
-- for a value on k records, not k * (k - 1) / 2), labelled with the identifier, the
-- rule and its level. With var identity_fuzzy_enabled, CRM contacts that share no
-- identifier but have similar names (same script), birth date and province are
-- linked by the fuzzy rule, with the similarity.
with

identifiers as (
    select * from {{ ref('int_identifiers_screened') }}
    where is_usable
),

exact_identifiers as (
    select * from identifiers
    where identifier_type <> 'name_dob_province'
),

anchors as (
    select
        identifier_type,
        identifier_value,
        min(record_num) as anchor_record_num
    from exact_identifiers
    group by identifier_type, identifier_value
    having count(*) > 1
),

anchor_records as (
    select distinct
        anchors.identifier_type,
        anchors.identifier_value,
        anchors.anchor_record_num,
        exact_identifiers.record_key as anchor_record_key
    from anchors
    inner join exact_identifiers
        on
            anchors.identifier_type = exact_identifiers.identifier_type
            and anchors.identifier_value = exact_identifiers.identifier_value
            and anchors.anchor_record_num = exact_identifiers.record_num
),

star_edges as (
    select
        anchor_records.anchor_record_num as record_num_a,
        exact_identifiers.record_num as record_num_b,
        anchor_records.anchor_record_key as record_key_a,
        exact_identifiers.record_key as record_key_b,
        exact_identifiers.identifier_type,
        exact_identifiers.identifier_value,
        exact_identifiers.rule_name,
        exact_identifiers.link_level,
        cast(null as {{ dbt.type_float() }}) as name_similarity
    from exact_identifiers
    inner join anchor_records
        on
            exact_identifiers.identifier_type = anchor_records.identifier_type
            and exact_identifiers.identifier_value = anchor_records.identifier_value
    where exact_identifiers.record_num <> anchor_records.anchor_record_num
)

{% if var('identity_fuzzy_enabled', false) %}
    ,

    crm_contacts as (
        select * from {{ ref('stg_crm__contacts') }}
    ),

    fuzzy_candidates as (
        select
            identifiers.record_num,
            identifiers.record_key,
            identifiers.identifier_type,
            identifiers.identifier_value,
            identifiers.rule_name,
            identifiers.link_level,
            crm_contacts.full_name_normalized
        from identifiers
        inner join crm_contacts
            on identifiers.source_record_id = crm_contacts.contact_id
        where
            identifiers.identifier_type = 'name_dob_province'
            and identifiers.source_system = 'crm'
    ),

    fuzzy_pairs as (
        select
            left_record.record_num as record_num_a,
            right_record.record_num as record_num_b,
            left_record.record_key as record_key_a,
            right_record.record_key as record_key_b,
            left_record.identifier_type,
            left_record.identifier_value,
            left_record.rule_name,
            left_record.link_level,
            {{ identity_name_similarity(
                'left_record.full_name_normalized', 'right_record.full_name_normalized') }}
            as name_similarity
        from fuzzy_candidates as left_record
        inner join fuzzy_candidates as right_record
            on
                left_record.identifier_value = right_record.identifier_value
                and left_record.record_num < right_record.record_num
    ),

    pairs_sharing_an_identifier as (
        select distinct
            fuzzy_pairs.record_num_a,
            fuzzy_pairs.record_num_b
        from fuzzy_pairs
        inner join exact_identifiers as left_identifier
            on fuzzy_pairs.record_num_a = left_identifier.record_num
        inner join exact_identifiers as right_identifier
            on
                fuzzy_pairs.record_num_b = right_identifier.record_num
                and left_identifier.identifier_type = right_identifier.identifier_type
                and left_identifier.identifier_value = right_identifier.identifier_value
    ),

    fuzzy_edges as (
        select fuzzy_pairs.*
        from fuzzy_pairs
        left join pairs_sharing_an_identifier
            on
                fuzzy_pairs.record_num_a = pairs_sharing_an_identifier.record_num_a
                and fuzzy_pairs.record_num_b = pairs_sharing_an_identifier.record_num_b
        where
            pairs_sharing_an_identifier.record_num_a is null
            and fuzzy_pairs.name_similarity >= {{ var('identity_fuzzy_min_similarity', 0.92) }}
    )

    select * from star_edges
    union all
    select * from fuzzy_edges
{% else %}

    select * from star_edges
{% endif %}
