-- parse_integer, parse_amount and safe_cast: numbers written as text convert,
-- anything else gives null instead of an error. A fraction cast to integer is
-- engine-defined for safe_cast (DuckDB rounds), so it is not checked there;
-- parse_integer rejects it. Every row returned differs.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected_integer,
        cast(cases_list.expected_amount as decimal(18, 2)) as expected_amount,
        cases_list.expected_safe_integer,
        cases_list.check_safe_cast
    from (
        values
        ('3', 3, '3.00', 3, true),
        (' +3 ', 3, '3.00', 3, true),
        ('3.0', 3, '3.00', null, false),
        ('-1', -1, '-1.00', -1, true),
        ('2.5', null, '2.50', null, false),
        ('1234.567', null, '1234.57', null, false),
        ('9999999999', null, '9999999999.00', null, true),
        ('abc', null, null, null, true),
        ('1,234.00', null, null, null, true),
        ('', null, null, null, true),
        (null, null, null, null, true)
    ) as cases_list (
        raw_value, expected_integer, expected_amount, expected_safe_integer, check_safe_cast
    )

),

parsed as (

    select
        raw_value,
        expected_integer,
        expected_amount,
        expected_safe_integer,
        check_safe_cast,
        {{ parse_integer('raw_value') }} as actual_integer,
        {{ parse_amount('raw_value') }} as actual_amount,
        {{ safe_cast('raw_value', 'integer') }} as actual_safe_integer
    from cases

)

select
    raw_value,
    expected_integer,
    actual_integer,
    expected_amount,
    actual_amount,
    expected_safe_integer,
    actual_safe_integer
from parsed
where
    actual_integer is distinct from expected_integer
    or actual_amount is distinct from expected_amount
    or (check_safe_cast and actual_safe_integer is distinct from expected_safe_integer)
