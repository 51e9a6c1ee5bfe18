-- parse_bool: yes/no words in any case and with spaces; anything else null.
-- Every row returned differs.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected
    from (
        values
        ('true', true),
        (' TRUE ', true),
        ('Yes', true),
        ('y', true),
        ('1', true),
        ('t', true),
        ('false', false),
        ('No', false),
        ('N', false),
        ('0', false),
        ('F', false),
        ('maybe', null),
        ('', null),
        (null, null)
    ) as cases_list (raw_value, expected)

),

parsed as (

    select
        raw_value,
        expected,
        {{ parse_bool('raw_value') }} as actual
    from cases

)

select
    raw_value,
    expected,
    actual
from parsed
where actual is distinct from expected
