-- Seed value_tiers has a tier starting at percentile 0, so every customer with
-- revenue in the window gets a tier. Fails when none does.
select count(*) as tiers_from_zero
from {{ ref('value_tiers') }}
having sum(case when min_revenue_percentile = 0 then 1 else 0 end) = 0
