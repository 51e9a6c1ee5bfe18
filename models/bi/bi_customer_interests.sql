{{ config(alias='customer_interests') }}
-- customer_interests for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_interests') }}
from {{ ref('customer_interests') }}
