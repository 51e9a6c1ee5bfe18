{{ config(alias='fct_survey_responses') }}
-- fct_survey_responses for BI users: same rows and columns, personal data masked or hashed.
select
    {{ bi_masked_columns('fct_survey_responses') }}
from {{ ref('fct_survey_responses') }}
