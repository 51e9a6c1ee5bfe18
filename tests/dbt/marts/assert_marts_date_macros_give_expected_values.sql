-- The portable date macros of the marts give the expected values on this
-- engine: days_between, date_add_days, timestamp_add_days, hours_between,
-- age_in_years, nps_category and completed_order_condition. Fails with each
-- case that differs.
with

date_cases as (
    select
        cast(cases.start_text as date) as start_date,
        cast(cases.end_text as date) as end_date,
        cases.expected_days
    from (
        values
        ('2026-01-01', '2026-01-31', 30),
        ('2026-01-31', '2026-01-01', -30),
        ('2024-02-28', '2024-03-01', 2),
        ('2025-12-31', '2026-01-01', 1),
        ('2026-06-30', '2026-06-30', 0)
    ) as cases (start_text, end_text, expected_days)
),

date_results as (
    select
        'days_between' as macro_name,
        cast(start_date as {{ dbt.type_string() }}) as case_input,
        {{ days_between('start_date', 'end_date') }} = expected_days as is_expected
    from date_cases
    union all
    select
        'date_add_days' as macro_name,
        cast(start_date as {{ dbt.type_string() }}) as case_input,
        {{ date_add_days('start_date', 'expected_days') }} = end_date as is_expected
    from date_cases
),

timestamp_cases as (
    select
        cast(cases.start_text as {{ dbt.type_timestamp() }}) as start_at,
        cast(cases.end_text as {{ dbt.type_timestamp() }}) as end_at,
        cases.expected_hours
    from (
        values
        ('2026-01-01 00:00:00', '2026-01-02 12:00:00', 36.0),
        ('2026-01-01 10:00:00', '2026-01-01 10:30:00', 0.5),
        ('2026-03-01 23:00:00', '2026-03-01 22:00:00', -1.0)
    ) as cases (start_text, end_text, expected_hours)
),

timestamp_results as (
    select
        'hours_between' as macro_name,
        cast(start_at as {{ dbt.type_string() }}) as case_input,
        abs({{ hours_between('start_at', 'end_at') }} - expected_hours) < 0.0001 as is_expected
    from timestamp_cases
    union all
    select
        'timestamp_add_days' as macro_name,
        cast(start_at as {{ dbt.type_string() }}) as case_input,
        {{ timestamp_add_days('start_at', 2) }}
        = cast('2026-01-03 00:00:00' as {{ dbt.type_timestamp() }}) as is_expected
    from timestamp_cases
    where start_at = cast('2026-01-01 00:00:00' as {{ dbt.type_timestamp() }})
),

age_cases as (
    select
        cast(cases.birth_text as date) as birth_date,
        cast(cases.on_text as date) as on_date,
        cases.expected_age
    from (
        values
        ('1990-03-15', '2026-03-14', 35),
        ('1990-03-15', '2026-03-15', 36),
        ('2000-02-29', '2026-02-28', 25),
        ('2000-02-29', '2026-03-01', 26)
    ) as cases (birth_text, on_text, expected_age)
),

nps_cases as (
    select
        cases.score,
        cases.expected_category
    from (
        values
        (10, 'promoter'),
        (9, 'promoter'),
        (8, 'passive'),
        (7, 'passive'),
        (6, 'detractor'),
        (0, 'detractor')
    ) as cases (score, expected_category)
),

status_cases as (
    select
        cases.sales_channel,
        cases.status,
        cases.expected_completed
    from (
        values
        ('online', 'placed', false),
        ('online', 'paid', true),
        ('online', 'shipped', true),
        ('online', 'delivered', true),
        ('online', 'cancelled', false),
        ('online', 'refunded', false),
        ('store', 'completed', true),
        ('store', 'voided', false)
    ) as cases (sales_channel, status, expected_completed)
),

other_results as (
    select
        'age_in_years' as macro_name,
        cast(birth_date as {{ dbt.type_string() }}) as case_input,
        {{ age_in_years('birth_date', 'on_date') }} = expected_age as is_expected
    from age_cases
    union all
    select
        'nps_category' as macro_name,
        cast(score as {{ dbt.type_string() }}) as case_input,
        {{ nps_category('score') }} = expected_category as is_expected
    from nps_cases
    union all
    select
        'completed_order_condition' as macro_name,
        sales_channel || ':' || status as case_input,
        case
            when sales_channel = 'online' then {{ completed_order_condition('online', 'status') }}
            else {{ completed_order_condition('store', 'status') }}
        end = expected_completed as is_expected
    from status_cases
),

results as (
    select * from date_results
    union all
    select * from timestamp_results
    union all
    select * from other_results
)

select *
from results
where not coalesce(is_expected, false)
