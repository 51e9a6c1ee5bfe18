-- One row per customer with a LINE deeplink tag up to the as-of date: the
-- distinct tags, comma separated in alphabetical order.
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

customer_tags as (
    select distinct
        touchpoints.customer_id,
        touchpoints.tag
    from touchpoints
    cross join as_of
    where
        touchpoints.source_system = 'line'
        and touchpoints.tag is not null
        and touchpoints.touchpoint_date <= as_of.as_of_date
),

final as (
    select
        customer_id,
        count(*) as line_deeplink_tag_count,
        {{ dbt.listagg('tag', "', '", 'order by tag') }} as line_deeplink_tags
    from customer_tags
    group by customer_id
)

select * from final
