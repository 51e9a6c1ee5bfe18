{{ config(alias='customer_360') }}
-- customer_360 for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_360') }}
from {{ ref('customer_360') }}
