-- parse_date (campaign dates) has no birth-date range: future and old dates
-- stay, impossible ones do not; any year above 2400 is Buddhist Era.
-- Every row returned differs.
with

cases as (

    select
        cases_list.raw_value,
        cast(cases_list.expected as date) as expected
    from (
        values
        ('2100-12-31', '2100-12-31'),
        ('2999-12-31', '2456-12-31'),
        ('01/01/1800', '1800-01-01'),
        ('31/12/2568', '2025-12-31'),
        ('2025-02-29', null),
        ('', null),
        (null, null)
    ) as cases_list (raw_value, expected)

),

parsed as (

    select
        raw_value,
        expected,
        {{ parse_date('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from parsed
where actual is distinct from expected
