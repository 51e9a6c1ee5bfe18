-- The cross-database building blocks: regex_matches, regex_replace_all (with
-- group references), regex_extract (null when a group does not take part),
-- json_array_length and json_extract_text. A null expected_replaced means the
-- value comes back unchanged. Every row returned differs.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected_matches,
        cases_list.expected_replaced,
        cases_list.expected_day,
        cases_list.expected_array_length,
        cases_list.expected_sku,
        cases_list.expected_qty
    from (
        values
        ('15/03/2533', true, '2533-03-15', '15', null, null, null),
        ('นายสมชาย', false, null, null, null, null, null),
        ('[{"sku": "A-1", "qty": 2}, {"sku": "B-2"}]', false, null, null, 2, null, null),
        ('{"sku": "A-1", "qty": 2, "note": null}', false, null, null, null, 'A-1', '2'),
        ('[]', false, null, null, 0, null, null),
        ('[1, 2', false, null, null, null, null, null),
        ('', false, null, null, null, null, null)
    ) as cases_list (
        raw_value,
        expected_matches,
        expected_replaced,
        expected_day,
        expected_array_length,
        expected_sku,
        expected_qty
    )

),

evaluated as (

    select
        *,
        {{ regex_matches('raw_value', '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$') }} as actual_matches,
        {{ regex_replace_all('raw_value', '^([0-9]{2})/([0-9]{2})/([0-9]{4})$', '\\3-\\2-\\1') }}
            as actual_replaced,
        {{ regex_extract('raw_value', '^([0-9]{2})/|^(x)', 1) }} as actual_day,
        {{ json_array_length('raw_value') }} as actual_array_length,
        case
            when {{ regex_matches('raw_value', '^[{]') }}
                then {{ json_extract_text('raw_value', 'sku') }}
        end as actual_sku,
        case
            when {{ regex_matches('raw_value', '^[{]') }}
                then {{ json_extract_text('raw_value', 'qty') }}
        end as actual_qty
    from cases

)

select *
from evaluated
where
    actual_matches is distinct from expected_matches
    or actual_replaced is distinct from coalesce(expected_replaced, raw_value)
    or actual_day is distinct from expected_day
    or actual_array_length is distinct from expected_array_length
    or actual_sku is distinct from expected_sku
    or actual_qty is distinct from expected_qty
