-- divide_to_decimal gives DuckDB's digits on every engine: a double quotient
-- rounded half away from zero at the scale, so a half-cent whose double lies
-- just below the half rounds down (0.29 / 2, 9672.30 / 4) and one just above
-- rounds up (100.03 / 2); a zero or null denominator gives null. Every row
-- returned differs.
with

cases as (

    select
        cast(cases_list.numerator as decimal(18, 2)) as numerator,
        cast(cases_list.denominator as decimal(18, 2)) as denominator,
        cast(cases_list.expected_2 as decimal(18, 2)) as expected_2,
        cast(cases_list.expected_4 as decimal(9, 4)) as expected_4
    from (
        values
        ('9672.30', '4', '2418.07', '2418.0750'),
        ('0.29', '2', '0.14', '0.1450'),
        ('4.35', '2', '2.17', '2.1750'),
        ('100.01', '2', '50.01', '50.0050'),
        ('100.03', '2', '50.02', '50.0150'),
        ('-100.01', '2', '-50.01', '-50.0050'),
        ('-0.29', '2', '-0.14', '-0.1450'),
        ('1', '32', '0.03', '0.0313'),
        ('1', '8', '0.13', '0.1250'),
        ('2', '3', '0.67', '0.6667'),
        ('250.00', '1.25', '200.00', '200.0000'),
        ('7', '0', null, null),
        (null, '3', null, null),
        ('5', null, null, null)
    ) as cases_list (numerator, denominator, expected_2, expected_4)

),

divided as (

    select
        numerator,
        denominator,
        expected_2,
        expected_4,
        {{ divide_to_decimal('numerator', 'denominator', 18, 2) }} as actual_2,
        {{ divide_to_decimal('numerator', 'denominator', 9, 4) }} as actual_4
    from cases

)

select
    numerator,
    denominator,
    expected_2,
    actual_2,
    expected_4,
    actual_4
from divided
where actual_2 is distinct from expected_2 or actual_4 is distinct from expected_4
