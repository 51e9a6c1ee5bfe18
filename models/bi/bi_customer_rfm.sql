{{ config(alias='customer_rfm') }}
-- customer_rfm for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_rfm') }}
from {{ ref('customer_rfm') }}
