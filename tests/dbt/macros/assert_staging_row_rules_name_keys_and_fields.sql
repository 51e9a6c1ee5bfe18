-- missing_key_reason names the first blank key or unparseable key column;
-- invalid_fields lists the non-empty raw values that did not survive parsing.
-- Every row returned differs from the expected reason or list.
with

cases as (

    select
        cases_list.transaction_id,
        cases_list.line_no,
        cases_list._raw_quantity,
        cases_list._raw_unit_price,
        cases_list.expected_reason,
        cases_list.expected_invalid_fields
    from (
        values
        ('T1', '1', '2', '10.00', null, null),
        (' ', '1', '2', '10.00', 'missing key: transaction_id', null),
        (null, null, null, null, 'missing key: transaction_id', null),
        ('T1', '', '2', '10.00', 'missing key: line_no', null),
        ('T1', '1.5', 'two', 'ten', 'invalid key: line_no', 'quantity,unit_price'),
        ('T1', '2', '', '  ', null, null),
        ('T1', '3', '2', 'ten', null, 'unit_price')
    ) as cases_list (
        transaction_id,
        line_no,
        _raw_quantity,
        _raw_unit_price,
        expected_reason,
        expected_invalid_fields
    )

),

parsed as (

    select
        *,
        {{ missing_key_reason(
            ['transaction_id', 'line_no'],
            {'line_no': parse_integer('line_no')}
        ) }} as actual_reason,
        {{ parse_integer('_raw_quantity') }} as quantity,
        {{ parse_amount('_raw_unit_price') }} as unit_price
    from cases

),

flagged as (

    select
        *,
        {{ invalid_fields({'quantity': 'quantity', 'unit_price': 'unit_price'}) }}
            as actual_invalid_fields
    from parsed

)

select
    transaction_id,
    line_no,
    expected_reason,
    actual_reason,
    expected_invalid_fields,
    actual_invalid_fields
from flagged
where
    actual_reason is distinct from expected_reason
    or actual_invalid_fields is distinct from expected_invalid_fields
