{{ config(alias='campaign_performance') }}
-- campaign_performance for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('campaign_performance') }}
from {{ ref('campaign_performance') }}
