{{ config(alias='customer_segments') }}
-- customer_segments for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_segments') }}
from {{ ref('customer_segments') }}
