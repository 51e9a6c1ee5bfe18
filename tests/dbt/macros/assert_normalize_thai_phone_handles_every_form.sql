-- normalize_thai_phone on every written form of the landing contract, landlines
-- and placeholders: every row returned is an input whose result differs.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected
    from (
        values
        ('081-234-5678', '+66812345678'),
        ('0812345678', '+66812345678'),
        ('+66812345678', '+66812345678'),
        ('66 81 234 5678', '+66812345678'),
        ('(081) 234 5678', '+66812345678'),
        ('+66 0812345678', '+66812345678'),
        ('+66-81-234-5678', '+66812345678'),
        ('0066812345678', '+66812345678'),
        (' 081 234 5678 ', '+66812345678'),
        ('812345678', '+66812345678'),
        ('095-555-1234', '+66955551234'),
        ('061 234 5678', '+66612345678'),
        ('02-123-4567', '+6621234567'),
        ('+66 2 123 4567', '+6621234567'),
        ('053-123-456', '+6653123456'),
        ('0000000000', null),
        ('0800000000', null),
        ('0899999999', null),
        ('1111111111', null),
        ('081234567', null),
        ('08123456789', null),
        ('+1 415 555 0100', null),
        ('12345', null),
        ('n/a', null),
        ('-', null),
        ('', null),
        (null, null)
    ) as cases_list (raw_value, expected)

),

normalized as (

    select
        raw_value,
        expected,
        {{ normalize_thai_phone('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from normalized
where actual is distinct from expected
