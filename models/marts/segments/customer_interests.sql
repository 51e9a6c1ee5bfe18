-- One row per customer and interest shown in the last
-- var('interest_window_days'): product categories the customer bought
-- (completed orders, online and store) and LINE deeplink tags that start with
-- var('interest_tag_prefix') (`interest:skincare` is interest `skincare`).
-- Interests are lower case with spaces as underscores.
{%- set prefix = var('interest_tag_prefix') %}

with

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

purchase_signals as (
    select
        order_lines.customer_id,
        replace(lower(trim(order_lines.category)), ' ', '_') as interest,
        order_lines.ordered_at as signal_at,
        order_lines.quantity as purchased_quantity,
        0 as tag_events
    from order_lines
    cross join as_of
    where
        order_lines.customer_id is not null
        and order_lines.is_completed
        and order_lines.category is not null
        and order_lines.order_date <= as_of.as_of_date
        and {{ days_between('order_lines.order_date', 'as_of.as_of_date') }}
        < {{ var('interest_window_days') }}
),

tag_signals as (
    select
        touchpoints.customer_id,
        replace(
            lower(trim(substring(touchpoints.tag, {{ prefix | length + 1 }}))), ' ', '_'
        ) as interest,
        touchpoints.occurred_at as signal_at,
        0 as purchased_quantity,
        1 as tag_events
    from touchpoints
    cross join as_of
    where
        touchpoints.source_system = 'line'
        and lower(touchpoints.tag) like '{{ prefix | lower }}%'
        and touchpoints.touchpoint_date <= as_of.as_of_date
        and {{ days_between('touchpoints.touchpoint_date', 'as_of.as_of_date') }}
        < {{ var('interest_window_days') }}
),

signals as (
    select * from purchase_signals
    union all
    select * from tag_signals
),

final as (
    select
        cast(customer_id || ':' || interest as {{ dbt.type_string() }}) as customer_interest_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(interest as {{ dbt.type_string() }}) as interest,
        max(purchased_quantity) > 0 as has_purchase_signal,
        max(tag_events) > 0 as has_line_tag_signal,
        cast(sum(purchased_quantity) as {{ dbt.type_bigint() }}) as purchased_quantity,
        cast(sum(tag_events) as {{ dbt.type_bigint() }}) as line_tag_events,
        cast(min(signal_at) as {{ dbt.type_timestamp() }}) as first_signal_at,
        cast(max(signal_at) as {{ dbt.type_timestamp() }}) as last_signal_at
    from signals
    where interest is not null and interest <> ''
    group by customer_id, interest
)

select * from final
