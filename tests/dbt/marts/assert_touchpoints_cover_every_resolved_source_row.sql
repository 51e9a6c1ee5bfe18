-- fct_touchpoints loses no touchpoint and invents none: per source, the rows
-- it holds equal the staged rows that have a time and resolve to a customer
-- (counted here straight from staging and customer_xref). Fails with each
-- source whose counts differ.
with

xref as (
    select * from {{ ref('customer_xref') }}
),

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

expected as (
    select
        'email' as source_system,
        count(*) as expected_rows
    from {{ ref('stg_email__events') }} as events
    inner join xref
        on xref.source_system = 'email' and events.email = xref.source_record_id
    where events.occurred_at is not null
    union all
    select
        'line' as source_system,
        count(*) as expected_rows
    from {{ ref('stg_line__events') }} as events
    inner join xref
        on xref.source_system = 'line' and events.line_user_id = xref.source_record_id
    where events.occurred_at is not null
    union all
    select
        'web' as source_system,
        count(*) as expected_rows
    from {{ ref('stg_web__events') }} as events
    left join xref as account_customers
        on account_customers.source_system = 'ecommerce_customer'
            and events.customer_id = account_customers.source_record_id
    left join xref as device_customers
        on device_customers.source_system = 'web'
            and events.anonymous_id = device_customers.source_record_id
    where
        events.occurred_at is not null
        and coalesce(account_customers.customer_id, device_customers.customer_id) is not null
    union all
    select
        'support' as source_system,
        count(*) + sum(case when tickets.resolved_at is not null then 1 else 0 end) as expected_rows
    from {{ ref('stg_support__tickets') }} as tickets
    inner join xref
        on xref.source_system = 'support' and tickets.ticket_id = xref.source_record_id
    where tickets.opened_at is not null
    union all
    select
        'survey' as source_system,
        count(*) as expected_rows
    from {{ ref('stg_surveys__responses') }} as responses
    inner join xref
        on xref.source_system = 'survey' and responses.response_id = xref.source_record_id
    where responses.submitted_at is not null
),

actual as (
    select
        source_system,
        count(*) as actual_rows
    from touchpoints
    where
        source_system in ('email', 'web', 'support', 'survey')
        or (source_system = 'line' and touchpoint_type <> 'member_bound')
    group by source_system
),

compared as (
    select
        expected.source_system,
        expected.expected_rows,
        coalesce(actual.actual_rows, 0) as actual_rows
    from expected
    left join actual
        on expected.source_system = actual.source_system
)

select *
from compared
where expected_rows <> actual_rows
