-- One row per customer with a support ticket or a survey response up to the
-- as-of date: tickets, resolution time, CSAT (tickets and CSAT surveys
-- together) and the latest NPS answer.
with

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

survey_responses as (
    select * from {{ ref('fct_survey_responses') }}
),

xref as (
    select * from {{ ref('customer_xref') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

ticket_customers as (
    select
        source_record_id as ticket_id,
        customer_id
    from xref
    where source_system = 'support'
),

customer_tickets as (
    select
        ticket_customers.customer_id,
        tickets.ticket_id,
        tickets.status,
        tickets.csat_score,
        tickets.opened_at,
        tickets.resolved_at
    from tickets
    inner join ticket_customers
        on tickets.ticket_id = ticket_customers.ticket_id
    cross join as_of
    where cast(tickets.opened_at as date) <= as_of.as_of_date
),

customer_responses as (
    select
        survey_responses.customer_id,
        survey_responses.response_id,
        survey_responses.survey_type,
        survey_responses.score,
        survey_responses.nps_category,
        survey_responses.submitted_at
    from survey_responses
    cross join as_of
    where
        survey_responses.customer_id is not null
        and survey_responses.submitted_date <= as_of.as_of_date
),

ticket_summary as (
    select
        customer_id,
        count(*) as tickets_total,
        sum(case when status in ('open', 'pending') then 1 else 0 end) as tickets_open,
        avg(
            case
                when resolved_at >= opened_at then {{ hours_between('opened_at', 'resolved_at') }}
            end
        ) as average_resolution_hours,
        max(opened_at) as last_ticket_opened_at
    from customer_tickets
    group by customer_id
),

csat_scores as (
    select
        customer_id,
        csat_score as score
    from customer_tickets
    where csat_score is not null
    union all
    select
        customer_id,
        score
    from customer_responses
    where survey_type = 'csat' and score is not null
),

csat_summary as (
    select
        customer_id,
        avg(score * 1.0) as average_csat_score,
        count(*) as csat_responses
    from csat_scores
    group by customer_id
),

latest_nps as (
    select
        customer_id,
        score as latest_nps_score,
        nps_category as latest_nps_category,
        submitted_at as latest_nps_at
    from (
        select
            customer_id,
            score,
            nps_category,
            submitted_at,
            row_number() over (
                partition by customer_id order by submitted_at desc, response_id desc
            ) as recency_rank
        from customer_responses
        where survey_type = 'nps' and score is not null
    ) as ranked
    where recency_rank = 1
),

customers as (
    select customer_id from ticket_summary
    union
    select customer_id from csat_summary
    union
    select customer_id from latest_nps
),

final as (
    select
        customers.customer_id,
        ticket_summary.average_resolution_hours,
        ticket_summary.last_ticket_opened_at,
        csat_summary.average_csat_score,
        latest_nps.latest_nps_score,
        latest_nps.latest_nps_category,
        latest_nps.latest_nps_at,
        coalesce(ticket_summary.tickets_total, 0) as tickets_total,
        coalesce(ticket_summary.tickets_open, 0) as tickets_open,
        coalesce(csat_summary.csat_responses, 0) as csat_responses
    from customers
    left join ticket_summary
        on customers.customer_id = ticket_summary.customer_id
    left join csat_summary
        on customers.customer_id = csat_summary.customer_id
    left join latest_nps
        on customers.customer_id = latest_nps.customer_id
)

select * from final
