{{ config(alias='customer_lifecycle') }}
-- customer_lifecycle for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_lifecycle') }}
from {{ ref('customer_lifecycle') }}
