{{ config(alias='customer_engagement') }}
-- customer_engagement for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_engagement') }}
from {{ ref('customer_engagement') }}
