-- Seed rfm_segment_rules names a segment for every recency x frequency score
-- cell (1-5 x 1-5), so no customer with orders is left without one. Fails
-- with each uncovered cell.
with

scores as (
    select score_values.score
    from (values (1), (2), (3), (4), (5)) as score_values (score)
),

cells as (
    select
        recency.score as recency_score,
        frequency.score as frequency_score
    from scores as recency
    cross join scores as frequency
),

rules as (
    select * from {{ ref('rfm_segment_rules') }}
),

covered as (
    select distinct
        cells.recency_score,
        cells.frequency_score
    from cells
    inner join rules
        on
            cells.recency_score
            between rules.recency_score_min and rules.recency_score_max
            and cells.frequency_score
            between rules.frequency_score_min and rules.frequency_score_max
)

select cells.*
from cells
left join covered
    on
        cells.recency_score = covered.recency_score
        and cells.frequency_score = covered.frequency_score
where covered.recency_score is null
