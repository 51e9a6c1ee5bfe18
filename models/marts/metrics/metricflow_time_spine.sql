-- One row per day from 2015-01-01 to 2035-12-31: the time spine MetricFlow
-- joins metrics to (cumulative metrics, filling days without data).
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('2015-01-01' as date)",
        "cast('2036-01-01' as date)"
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
