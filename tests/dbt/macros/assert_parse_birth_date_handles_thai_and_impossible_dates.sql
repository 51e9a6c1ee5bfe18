-- parse_birth_date (and parse_date under it) on ISO and day-first dates,
-- Buddhist-Era years and impossible dates. Every row returned differs.
with

cases as (

    select
        cases_list.raw_value,
        cast(cases_list.expected as date) as expected
    from (
        values
        ('1990-03-15', '1990-03-15'),
        (' 1990-03-15 ', '1990-03-15'),
        ('1990-03-15 00:00:00', '1990-03-15'),
        ('1990/03/15', '1990-03-15'),
        ('15/03/1990', '1990-03-15'),
        ('15-03-1990', '1990-03-15'),
        ('15.03.1990', '1990-03-15'),
        ('5/3/1990', '1990-03-05'),
        ('15/03/2533', '1990-03-15'),
        ('2533-03-15', '1990-03-15'),
        ('05/03/2533', '1990-03-05'),
        ('29/02/2000', '2000-02-29'),
        ('29/02/2543', '2000-02-29'),
        ('29/02/2544', null),
        ('29/02/1900', null),
        ('31/04/1990', null),
        ('1990-13-01', null),
        ('00/01/1990', null),
        ('3/15/1990', null),
        ('15/03/33', null),
        ('1850-01-01', null),
        ('2999-01-01', null),
        ('unknown', null),
        ('', null),
        (null, null)
    ) as cases_list (raw_value, expected)

),

parsed as (

    select
        raw_value,
        expected,
        {{ parse_birth_date('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from parsed
where actual is distinct from expected
