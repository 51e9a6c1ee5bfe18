{{ config(alias='fct_touchpoints') }}
-- fct_touchpoints for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('fct_touchpoints') }}
from {{ ref('fct_touchpoints') }}
