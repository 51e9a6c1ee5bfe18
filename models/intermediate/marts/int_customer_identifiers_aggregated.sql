-- One row per customer in customer_xref with an identifier: how many distinct
-- values of each identifier type the customer's records carry.

with

identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

xref as (
    select * from {{ ref('customer_xref') }}
),

customer_identifiers as (
    select distinct
        xref.customer_id,
        identifiers.identifier_type,
        identifiers.identifier_value
    from identifiers
    inner join xref
        on
            identifiers.source_system = xref.source_system
            and identifiers.source_record_id = xref.source_record_id
),

final as (
    select
        customer_id,
        sum(case when identifier_type = 'email' then 1 else 0 end) as email_count,
        sum(case when identifier_type = 'phone' then 1 else 0 end) as phone_count,
        sum(case when identifier_type = 'loyalty_id' then 1 else 0 end) as loyalty_id_count,
        sum(case when identifier_type = 'line_user_id' then 1 else 0 end) as line_user_id_count,
        sum(case when identifier_type = 'ecommerce_customer_id' then 1 else 0 end)
            as online_account_id_count,
        sum(case when identifier_type = 'anonymous_id' then 1 else 0 end) as anonymous_id_count
    from customer_identifiers
    group by customer_id
)

select * from final
