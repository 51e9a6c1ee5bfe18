-- normalize_line_user_id: U + 32 hex characters, hex in lower case; anything
-- else rejected. Every row returned is an input whose result differs.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected
    from (
        values
        ('U4af4980629a1b2c3d4e5f60718293a4b', 'U4af4980629a1b2c3d4e5f60718293a4b'),
        ('  U4AF4980629A1B2C3D4E5F60718293A4B ', 'U4af4980629a1b2c3d4e5f60718293a4b'),
        ('u4af4980629a1b2c3d4e5f60718293a4b', 'U4af4980629a1b2c3d4e5f60718293a4b'),
        ('U4af4980629a1b2c3d4e5f60718293a4', null),
        ('U4af4980629a1b2c3d4e5f60718293a4bc', null),
        ('U4af4980629a1b2c3d4e5f60718293a4g', null),
        ('4af4980629a1b2c3d4e5f60718293a4bc', null),
        ('', null),
        (null, null)
    ) as cases_list (raw_value, expected)

),

normalized as (

    select
        raw_value,
        expected,
        {{ normalize_line_user_id('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from normalized
where actual is distinct from expected
