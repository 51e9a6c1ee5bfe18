{{ config(alias='fct_orders') }}
-- fct_orders for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('fct_orders') }}
from {{ ref('fct_orders') }}
