{{ config(alias='customer_golden_records') }}
-- customer_golden_records for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_golden_records') }}
from {{ ref('customer_golden_records') }}
