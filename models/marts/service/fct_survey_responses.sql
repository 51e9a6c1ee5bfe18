-- One row per survey response (NPS and CSAT), with the customer when the
-- response names one, and the NPS category of NPS answers. Free-text comments
-- stay in staging.
with

responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

xref as (
    select * from {{ ref('customer_xref') }}
),

survey_customers as (
    select
        source_record_id as response_id,
        customer_id
    from xref
    where source_system = 'survey'
),

final as (
    select
        cast(responses.response_id as {{ dbt.type_string() }}) as response_id,
        cast(survey_customers.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(responses.survey_type as {{ dbt.type_string() }}) as survey_type,
        cast(responses.score as integer) as score,
        cast(
            case when responses.survey_type = 'nps' then {{ nps_category('responses.score') }} end
            as {{ dbt.type_string() }}
        ) as nps_category,
        cast(responses.submitted_at as {{ dbt.type_timestamp() }}) as submitted_at,
        cast(responses.submitted_at as date) as submitted_date
    from responses
    left join survey_customers
        on responses.response_id = survey_customers.response_id
)

select * from final
