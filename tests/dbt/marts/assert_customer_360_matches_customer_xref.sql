-- customer_360 has exactly the customers of customer_xref: every customer in
-- customer_360 has a source record in customer_xref, and every customer of
-- customer_xref has a row in customer_360. Fails with each customer found on
-- one side only.
with

profiles as (
    select distinct customer_id from {{ ref('customer_360') }}
),

xref_customers as (
    select distinct customer_id from {{ ref('customer_xref') }}
),

only_in_customer_360 as (
    select
        profiles.customer_id,
        'in customer_360, not in customer_xref' as problem
    from profiles
    left join xref_customers
        on profiles.customer_id = xref_customers.customer_id
    where xref_customers.customer_id is null
),

only_in_xref as (
    select
        xref_customers.customer_id,
        'in customer_xref, not in customer_360' as problem
    from xref_customers
    left join profiles
        on xref_customers.customer_id = profiles.customer_id
    where profiles.customer_id is null
)

select * from only_in_customer_360
union all
select * from only_in_xref
