{{ config(alias='fct_email_sends') }}
-- fct_email_sends for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('fct_email_sends') }}
from {{ ref('fct_email_sends') }}
