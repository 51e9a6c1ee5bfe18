{{ config(alias='customer_xref') }}
-- customer_xref for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('customer_xref') }}
from {{ ref('customer_xref') }}
