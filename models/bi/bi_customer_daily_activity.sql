{{ config(alias='customer_daily_activity') }}
-- customer_daily_activity for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_daily_activity') }}
from {{ ref('customer_daily_activity') }}
