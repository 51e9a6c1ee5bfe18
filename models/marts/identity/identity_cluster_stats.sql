-- One row per customer: how many records of each source it holds, how many links
-- made it and how many were dropped around it, and whether it is a large cluster
-- (more than var identity_large_cluster_records records).
{%- set source_systems = ['crm', 'ecommerce_customer', 'ecommerce_order', 'pos', 'web',
    'email', 'line', 'support', 'survey'] %}
with

records as (
    select * from {{ ref('int_identity_records_resolved') }}
),

edges as (
    select * from {{ ref('identity_edges') }}
),

records_per_customer as (
    select
        records.customer_id,
        count(*) as record_count,
        {%- for source_system in source_systems %}
            count(case when records.source_system = '{{ source_system }}' then 1 end)
                as {{ source_system }}_records,
        {%- endfor %}
        min(records.first_seen_at) as first_seen_at,
        max(records.last_seen_at) as last_seen_at
    from records
    group by records.customer_id
),

accepted_links as (
    select
        customer_id_a as customer_id,
        count(*) as accepted_links
    from edges
    where link_status = 'accepted'
    group by customer_id_a
),

dropped_links as (
    select
        customer_id,
        count(*) as dropped_links
    from (
        select customer_id_a as customer_id from edges
        where link_status = 'dropped'
        union all
        select customer_id_b as customer_id from edges
        where link_status = 'dropped'
    ) as dropped_ends
    group by customer_id
)

select
    records_per_customer.*,
    coalesce(accepted_links.accepted_links, 0) as accepted_links,
    coalesce(dropped_links.dropped_links, 0) as dropped_links,
    records_per_customer.record_count > {{ var('identity_large_cluster_records', 200) }}
        as is_large_cluster
from records_per_customer
left join accepted_links
    on records_per_customer.customer_id = accepted_links.customer_id
left join dropped_links
    on records_per_customer.customer_id = dropped_links.customer_id
