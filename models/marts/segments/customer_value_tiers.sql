-- One row per customer: revenue of the last 12 months
-- (var revenue_recent_window_days), its percent rank among the customers
-- with such revenue, and the value tier: the tier of seed value_tiers with
-- the highest min_revenue_percentile the rank reaches. Customers without
-- revenue in the window are tier `none`.
with

customers as (
    select * from {{ ref('customer_golden_records') }}
),

customer_orders as (
    select * from {{ ref('int_customer_orders_aggregated') }}
),

tiers as (
    select * from {{ ref('value_tiers') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

ranked as (
    select
        customer_id,
        revenue_last_12_months,
        percent_rank() over (order by revenue_last_12_months asc) as revenue_percentile
    from customer_orders
    where revenue_last_12_months > 0
),

tier_matches as (
    select
        ranked.customer_id,
        tiers.value_tier,
        tiers.tier_rank,
        row_number() over (
            partition by ranked.customer_id order by tiers.min_revenue_percentile desc
        ) as match_rank
    from ranked
    inner join tiers
        on ranked.revenue_percentile >= tiers.min_revenue_percentile
),

final as (
    select
        cast(customers.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(coalesce(ranked.revenue_last_12_months, 0) as decimal(18, 2))
            as revenue_last_12_months,
        cast(ranked.revenue_percentile as decimal(9, 4)) as revenue_percentile,
        cast(coalesce(tier_matches.value_tier, 'none') as {{ dbt.type_string() }}) as value_tier,
        cast(tier_matches.tier_rank as integer) as value_tier_rank,
        as_of.as_of_date
    from customers
    cross join as_of
    left join ranked
        on customers.customer_id = ranked.customer_id
    left join tier_matches
        on
            customers.customer_id = tier_matches.customer_id
            and tier_matches.match_rank = 1
)

select * from final
