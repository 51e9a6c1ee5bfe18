-- normalize_gender: codes, English and Thai words to M/F/X; anything else null.
-- Every row returned differs.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected
    from (
        values
        ('M', 'M'),
        (' male ', 'M'),
        ('ชาย', 'M'),
        ('f', 'F'),
        ('Female', 'F'),
        ('หญิง', 'F'),
        ('X', 'X'),
        ('other', 'X'),
        ('ไม่ระบุ', 'X'),
        ('unknown', null),
        ('', null),
        (null, null)
    ) as cases_list (raw_value, expected)

),

normalized as (

    select
        raw_value,
        expected,
        {{ normalize_gender('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from normalized
where actual is distinct from expected
