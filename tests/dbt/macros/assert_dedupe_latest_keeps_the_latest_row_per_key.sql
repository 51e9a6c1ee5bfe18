-- dedupe_latest keeps one row per key: the highest version (nulls last), then
-- the latest file, then the latest line; exact duplicates collapse; without a
-- version column the latest file wins. Every row returned is a key whose kept
-- row is not the expected one.
with

versions as (

    select
        versions_list.record_key,
        versions_list.version_no,
        versions_list._file,
        versions_list._line_no,
        versions_list.is_expected_with_version,
        versions_list.is_expected_without_version
    from (
        values
        ('A', 1, 'f2', 1, false, false),
        ('A', 3, 'f1', 5, false, false),
        ('A', 3, 'f1', 9, true, false),
        ('A', null, 'f3', 1, false, true),
        ('B', 2, 'f1', 1, true, true),
        ('C', null, 'f1', 1, false, false),
        ('C', null, 'f1', 2, true, true)
    ) as versions_list (
        record_key,
        version_no,
        _file,
        _line_no,
        is_expected_with_version,
        is_expected_without_version
    )

),

latest_by_version as (

    {{ dedupe_latest('versions', ['record_key'], 'version_no') }}

),

latest_by_file as (

    {{ dedupe_latest('versions', ['record_key']) }}

),

kept as (

    select
        'with version' as variant,
        record_key,
        is_expected_with_version as is_expected
    from latest_by_version
    union all
    select
        'without version' as variant,
        record_key,
        is_expected_without_version as is_expected
    from latest_by_file

),

kept_per_key as (

    select
        variant,
        record_key,
        count(*) as kept_rows,
        sum(case when is_expected then 1 else 0 end) as expected_rows_kept
    from kept
    group by variant, record_key

),

key_count as (

    select count(*) as keys_kept
    from kept_per_key

)

select
    variant,
    record_key,
    kept_rows,
    expected_rows_kept
from kept_per_key
where kept_rows <> 1 or expected_rows_kept <> 1

union all

select
    'both' as variant,
    'every key kept once' as record_key,
    keys_kept as kept_rows,
    6 as expected_rows_kept
from key_count
where keys_kept <> 6
