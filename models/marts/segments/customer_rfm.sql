-- One row per customer with at least one completed order up to the as-of
-- date: recency (days since the last completed order), frequency (completed
-- orders), monetary (revenue), their 1-5 scores and the named RFM segment.
-- A score is 1 + floor(5 x percent rank) among these customers (recency
-- ranked so that more recent is better), so ties share a score; the segment
-- is the first rule of seed rfm_segment_rules (by priority) whose recency and
-- frequency score ranges hold.
with

customer_orders as (
    select * from {{ ref('int_customer_orders_aggregated') }}
),

segment_rules as (
    select * from {{ ref('rfm_segment_rules') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

buyers as (
    select
        customer_id,
        days_since_last_order as recency_days,
        completed_orders as frequency,
        revenue_total as monetary
    from customer_orders
    where completed_orders > 0
),

ranked as (
    select
        customer_id,
        recency_days,
        frequency,
        monetary,
        percent_rank() over (order by recency_days desc) as recency_percent_rank,
        percent_rank() over (order by frequency asc) as frequency_percent_rank,
        percent_rank() over (order by monetary asc) as monetary_percent_rank
    from buyers
),

scored as (
    select
        customer_id,
        recency_days,
        frequency,
        monetary,
        least(5, 1 + cast(floor(recency_percent_rank * 5) as integer)) as recency_score,
        least(5, 1 + cast(floor(frequency_percent_rank * 5) as integer)) as frequency_score,
        least(5, 1 + cast(floor(monetary_percent_rank * 5) as integer)) as monetary_score
    from ranked
),

segment_matches as (
    select
        scored.customer_id,
        segment_rules.rfm_segment,
        row_number() over (
            partition by scored.customer_id order by segment_rules.priority
        ) as match_rank
    from scored
    inner join segment_rules
        on
            scored.recency_score between segment_rules.recency_score_min
            and segment_rules.recency_score_max
            and scored.frequency_score between segment_rules.frequency_score_min
            and segment_rules.frequency_score_max
),

final as (
    select
        cast(scored.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(scored.recency_days as integer) as recency_days,
        cast(scored.frequency as {{ dbt.type_bigint() }}) as frequency,
        cast(scored.monetary as decimal(18, 2)) as monetary,
        cast(scored.recency_score as integer) as recency_score,
        cast(scored.frequency_score as integer) as frequency_score,
        cast(scored.monetary_score as integer) as monetary_score,
        cast(
            cast(scored.recency_score as {{ dbt.type_string() }})
            || cast(scored.frequency_score as {{ dbt.type_string() }})
            || cast(scored.monetary_score as {{ dbt.type_string() }})
            as {{ dbt.type_string() }}
        ) as rfm_cell,
        cast(segment_matches.rfm_segment as {{ dbt.type_string() }}) as rfm_segment,
        as_of.as_of_date
    from scored
    cross join as_of
    left join segment_matches
        on
            scored.customer_id = segment_matches.customer_id
            and segment_matches.match_rank = 1
)

select * from final
