-- normalize_loyalty_id: case, spaces and dashes fixed, anything but L + digits
-- rejected. Every row returned is an input whose result differs.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected
    from (
        values
        ('L0012345', 'L0012345'),
        ('l0012345', 'L0012345'),
        (' L 001 2345 ', 'L0012345'),
        ('L-001-2345', 'L0012345'),
        ('0012345', null),
        ('LX12345', null),
        ('L', null),
        ('L12.5', null),
        ('', null),
        (null, null)
    ) as cases_list (raw_value, expected)

),

normalized as (

    select
        raw_value,
        expected,
        {{ normalize_loyalty_id('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from normalized
where actual is distinct from expected
