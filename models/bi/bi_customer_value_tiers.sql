{{ config(alias='customer_value_tiers') }}
-- customer_value_tiers for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_value_tiers') }}
from {{ ref('customer_value_tiers') }}
