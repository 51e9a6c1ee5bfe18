-- to_utc_timestamp: offsets in every ISO-8601 form, local time (+07:00) when
-- there is none, garbage to null. The portable default body is checked too, as
-- the engine running the test may have its own. Every row returned differs.
with

cases as (

    select
        cases_list.raw_value,
        cast(cases_list.expected as {{ dbt.type_timestamp() }}) as expected
    from (
        values
        ('2024-03-05T14:22:10+07:00', '2024-03-05 07:22:10'),
        ('2024-03-05T14:22:10+0700', '2024-03-05 07:22:10'),
        ('2024-03-05T14:22:10+07', '2024-03-05 07:22:10'),
        ('2024-03-05T07:22:10Z', '2024-03-05 07:22:10'),
        ('2024-03-05t07:22:10.250z', '2024-03-05 07:22:10.25'),
        ('2024-03-05T14:22:10-05:00', '2024-03-05 19:22:10'),
        ('2024-03-05T14:22:10+05:30', '2024-03-05 08:52:10'),
        ('2024-03-05T14:22:10 +07:00', '2024-03-05 07:22:10'),
        ('2024-03-05 14:22:10 -03:30', '2024-03-05 17:52:10'),
        ('2024-03-05T14:22:10.1234561+07:00', '2024-03-05 07:22:10.123456'),
        ('2024-3-5 14:22:10', null),
        ('2024-03-05T24:00:00', null),
        ('2023-02-29 10:00:00', null),
        ('2024-02-29 10:00:00', '2024-02-29 03:00:00'),
        ('2024-03-05 14:22:10', '2024-03-05 07:22:10'),
        ('2024-03-05T14:22:10', '2024-03-05 07:22:10'),
        (' 2024-03-05T14:22 ', '2024-03-05 07:22:00'),
        ('2024-03-05', '2024-03-04 17:00:00'),
        ('2024-01-01T03:00:00', '2023-12-31 20:00:00'),
        ('2024-02-30T10:00:00', null),
        ('2024-13-05 10:00:00', null),
        ('05/03/2024 14:22', null),
        ('not a time', null),
        ('', null),
        (null, null)
    ) as cases_list (raw_value, expected)

),

parsed as (

    select
        raw_value,
        expected,
        {{ to_utc_timestamp('raw_value') }} as actual,
        {{ customer360.default__to_utc_timestamp('raw_value') }} as actual_portable
    from cases

)

select
    raw_value,
    expected,
    actual,
    actual_portable
from parsed
where actual is distinct from expected or actual_portable is distinct from expected
