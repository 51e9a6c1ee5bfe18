{{ config(alias='fct_order_lines') }}
-- fct_order_lines for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('fct_order_lines') }}
from {{ ref('fct_order_lines') }}
