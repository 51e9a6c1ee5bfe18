-- clean_person_name, normalize_person_name and name_script on Thai and English
-- honorifics (spaced and glued), stray whitespace and names that only look like
-- an honorific. Every row returned is an input with a result that differs.
with

cases as (

    select
        cases_list.raw_value,
        cases_list.expected_clean,
        cases_list.expected_normalized,
        cases_list.expected_script
    from (
        values
        ('  นาย  สมชาย ', 'สมชาย', 'สมชาย', 'thai'),
        ('นายสมชาย', 'สมชาย', 'สมชาย', 'thai'),
        ('นางสาวสมศรี', 'สมศรี', 'สมศรี', 'thai'),
        ('นางสาว สมศรี', 'สมศรี', 'สมศรี', 'thai'),
        ('น.ส.สมศรี', 'สมศรี', 'สมศรี', 'thai'),
        ('น.ส. สมศรี ใจดี', 'สมศรี ใจดี', 'สมศรี ใจดี', 'thai'),
        ('นางมาลี', 'มาลี', 'มาลี', 'thai'),
        ('ด.ช.ปิติ', 'ปิติ', 'ปิติ', 'thai'),
        ('ด.ญ. มานี', 'มานี', 'มานี', 'thai'),
        ('คุณสมชาย', 'สมชาย', 'สมชาย', 'thai'),
        ('คุณากร', 'คุณากร', 'คุณากร', 'thai'),
        ('นางสาวิตรี', 'สาวิตรี', 'สาวิตรี', 'thai'),
        ('เอกชัย', 'เอกชัย', 'เอกชัย', 'thai'),
        ('Mr. John', 'John', 'john', 'latin'),
        ('MR JOHN  SMITH', 'JOHN SMITH', 'john smith', 'latin'),
        ('mrs.Smith', 'Smith', 'smith', 'latin'),
        ('Ms Jane', 'Jane', 'jane', 'latin'),
        ('Miss Jane Doe', 'Jane Doe', 'jane doe', 'latin'),
        ('Khun Somchai', 'Somchai', 'somchai', 'latin'),
        ('Dr. Wichai', 'Wichai', 'wichai', 'latin'),
        ('dr wichai', 'wichai', 'wichai', 'latin'),
        ('คุณ John', 'John', 'john', 'latin'),
        ('Mrinal', 'Mrinal', 'mrinal', 'latin'),
        ('Drew', 'Drew', 'drew', 'latin'),
        ('Missy', 'Missy', 'missy', 'latin'),
        ('Khunpol', 'Khunpol', 'khunpol', 'latin'),
        ('Somchai', 'Somchai', 'somchai', 'latin'),
        ('Mr.', null, null, null),
        ('นาย', null, null, null),
        ('123', '123', '123', null),
        ('', null, null, null),
        ('   ', null, null, null),
        (null, null, null, null)
    ) as cases_list (raw_value, expected_clean, expected_normalized, expected_script)

),

tab_case as (

    select
        'Somchai' || chr(9) || ' Jaidee' as raw_value,
        'Somchai Jaidee' as expected_clean,
        'somchai jaidee' as expected_normalized,
        'latin' as expected_script

),

all_cases as (

    select * from cases
    union all
    select * from tab_case

),

normalized as (

    select
        raw_value,
        expected_clean,
        expected_normalized,
        expected_script,
        {{ clean_person_name('raw_value') }} as actual_clean,
        {{ normalize_person_name('raw_value') }} as actual_normalized,
        {{ name_script(normalize_person_name('raw_value')) }} as actual_script
    from all_cases

)

select
    raw_value,
    expected_clean,
    actual_clean,
    expected_normalized,
    actual_normalized,
    expected_script,
    actual_script
from normalized
where
    actual_clean is distinct from expected_clean
    or actual_normalized is distinct from expected_normalized
    or actual_script is distinct from expected_script
