-- One row per customer in customer_xref: how many source records of each
-- system carry the customer, and which systems know them.

with

xref as (
    select * from {{ ref('customer_xref') }}
),

records_per_system as (
    select
        customer_id,
        source_system,
        count(*) as record_count
    from xref
    group by customer_id, source_system
),

final as (
    select
        customer_id,
        sum(case when source_system = 'crm' then record_count else 0 end)
            as crm_record_count,
        sum(case when source_system = 'ecommerce_customer' then record_count else 0 end)
            as ecommerce_customer_record_count,
        sum(case when source_system = 'ecommerce_order' then record_count else 0 end)
            as ecommerce_order_record_count,
        sum(case when source_system = 'pos' then record_count else 0 end)
            as pos_record_count,
        sum(case when source_system = 'web' then record_count else 0 end)
            as web_record_count,
        sum(case when source_system = 'email' then record_count else 0 end)
            as email_record_count,
        sum(case when source_system = 'line' then record_count else 0 end)
            as line_record_count,
        sum(case when source_system = 'support' then record_count else 0 end)
            as support_record_count,
        sum(case when source_system = 'survey' then record_count else 0 end)
            as survey_record_count,
        count(*) as source_system_count,
        {{ dbt.listagg('source_system', "', '", 'order by source_system') }} as source_systems
    from records_per_system
    group by customer_id
)

select * from final
