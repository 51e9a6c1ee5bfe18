-- One row per customer: the golden profile, identifiers and sources, commerce,
-- behaviour, engagement, service, consent and segments, joined from
-- aggregates that are each built once (intermediate/marts) so no big fact is
-- scanned per column. Erasure is upstream: a customer removed from
-- customer_golden_records disappears from here and from every audience.

with

golden as (
    select * from {{ ref('customer_golden_records') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

sources as (
    select * from {{ ref('int_customer_sources_aggregated') }}
),

identifiers as (
    select * from {{ ref('int_customer_identifiers_aggregated') }}
),

commerce as (
    select * from {{ ref('int_customer_orders_aggregated') }}
),

behaviour as (
    select * from {{ ref('int_customer_touchpoints_aggregated') }}
),

carts as (
    select * from {{ ref('int_web_carts_evaluated') }}
),

emails as (
    select * from {{ ref('int_customer_emails_aggregated') }}
),

line_tags as (
    select * from {{ ref('int_customer_line_tags_aggregated') }}
),

service as (
    select * from {{ ref('int_customer_service_aggregated') }}
),

engagement as (
    select * from {{ ref('customer_engagement') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

lifecycle as (
    select * from {{ ref('customer_lifecycle') }}
),

value_tiers as (
    select * from {{ ref('customer_value_tiers') }}
),

interests as (
    select * from {{ ref('customer_interests') }}
),

carts_abandoned as (
    select
        carts.customer_id,
        sum(case when carts.is_abandoned then 1 else 0 end) as carts_abandoned,
        sum(
            case
                when
                    carts.is_abandoned
                    and {{ days_between('carts.cart_started_at', 'as_of.as_of_date') }}
                    < {{ var('activity_long_window_days') }}
                    then 1
                else 0
            end
        ) as carts_abandoned_last_90_days,
        max(case when carts.is_abandoned then carts.cart_started_at end) as last_cart_abandoned_at
    from carts
    cross join as_of
    group by carts.customer_id
),

customer_interest_lists as (
    select
        customer_id,
        {{ dbt.listagg('interest', "', '", 'order by interest') }} as interests
    from interests
    group by customer_id
),

joined as (
    select
        golden.customer_id,
        golden.first_name,
        golden.last_name,
        golden.email,
        golden.phone,
        golden.birth_date,
        golden.gender,
        golden.province,
        golden.loyalty_id,
        golden.line_user_id,
        golden.has_email_consent,
        golden.email_consent_source_system,
        golden.email_consent_source_record_id,
        golden.email_consent_at,
        golden.has_sms_consent,
        golden.sms_consent_source_system,
        golden.sms_consent_source_record_id,
        golden.sms_consent_at,
        golden.has_line_consent,
        golden.line_consent_source_system,
        golden.line_consent_source_record_id,
        golden.line_consent_at,
        as_of.as_of_date,
        sources.crm_record_count,
        sources.ecommerce_customer_record_count,
        sources.ecommerce_order_record_count,
        sources.pos_record_count,
        sources.web_record_count,
        sources.email_record_count,
        sources.line_record_count,
        sources.support_record_count,
        sources.survey_record_count,
        sources.source_system_count,
        sources.source_systems,
        identifiers.email_count,
        identifiers.phone_count,
        identifiers.loyalty_id_count,
        identifiers.line_user_id_count,
        identifiers.online_account_id_count,
        identifiers.anonymous_id_count,
        commerce.total_orders,
        commerce.completed_orders,
        commerce.completed_online_orders,
        commerce.completed_store_orders,
        commerce.revenue_total,
        commerce.revenue_last_12_months,
        commerce.average_order_value,
        commerce.first_order_at,
        commerce.last_order_at,
        commerce.days_since_last_order,
        commerce.favourite_category,
        commerce.preferred_channel,
        commerce.cancellation_rate,
        commerce.refund_rate,
        behaviour.sessions_last_30_days,
        behaviour.sessions_last_90_days,
        behaviour.app_sessions_last_90_days,
        behaviour.product_views_last_30_days,
        behaviour.product_views_last_90_days,
        behaviour.last_visit_at,
        carts_abandoned.carts_abandoned,
        carts_abandoned.carts_abandoned_last_90_days,
        carts_abandoned.last_cart_abandoned_at,
        emails.emails_sent,
        emails.emails_delivered,
        emails.emails_opened,
        emails.emails_clicked,
        emails.last_email_opened_at,
        emails.last_email_clicked_at,
        behaviour.last_email_unsubscribe_at,
        behaviour.last_line_follow_at,
        behaviour.last_line_unfollow_at,
        behaviour.line_interactions,
        behaviour.line_interactions_last_90_days,
        line_tags.line_deeplink_tags,
        engagement.engagement_score,
        engagement.engagement_level,
        service.tickets_total,
        service.tickets_open,
        service.average_resolution_hours,
        service.average_csat_score,
        service.latest_nps_score,
        service.latest_nps_category,
        service.latest_nps_at,
        rfm.recency_score,
        rfm.frequency_score,
        rfm.monetary_score,
        rfm.rfm_cell,
        rfm.rfm_segment,
        lifecycle.lifecycle_stage,
        lifecycle.lifecycle_stage_since,
        value_tiers.value_tier,
        customer_interest_lists.interests,
        behaviour.last_seen_at,
        coalesce(
            behaviour.first_seen_at,
            case
                when cast(golden.first_seen_at as date) <= as_of.as_of_date
                    then golden.first_seen_at
            end
        ) as first_seen_at
    from golden
    cross join as_of
    left join sources on golden.customer_id = sources.customer_id
    left join identifiers on golden.customer_id = identifiers.customer_id
    left join commerce on golden.customer_id = commerce.customer_id
    left join behaviour on golden.customer_id = behaviour.customer_id
    left join carts_abandoned on golden.customer_id = carts_abandoned.customer_id
    left join emails on golden.customer_id = emails.customer_id
    left join line_tags on golden.customer_id = line_tags.customer_id
    left join service on golden.customer_id = service.customer_id
    left join engagement on golden.customer_id = engagement.customer_id
    left join rfm on golden.customer_id = rfm.customer_id
    left join lifecycle on golden.customer_id = lifecycle.customer_id
    left join value_tiers on golden.customer_id = value_tiers.customer_id
    left join customer_interest_lists on golden.customer_id = customer_interest_lists.customer_id
),

final as (
    select
        -- identity
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(first_name as {{ dbt.type_string() }}) as first_name,
        cast(last_name as {{ dbt.type_string() }}) as last_name,
        cast(email as {{ dbt.type_string() }}) as email,
        cast(phone as {{ dbt.type_string() }}) as phone,
        cast(birth_date as date) as birth_date,
        cast({{ age_in_years('birth_date', 'as_of_date') }} as integer) as age,
        cast(gender as {{ dbt.type_string() }}) as gender,
        cast(province as {{ dbt.type_string() }}) as province,
        cast(loyalty_id as {{ dbt.type_string() }}) as loyalty_id,
        cast(line_user_id as {{ dbt.type_string() }}) as line_user_id,
        cast(coalesce(email_count, 0) as {{ dbt.type_bigint() }}) as email_count,
        cast(coalesce(phone_count, 0) as {{ dbt.type_bigint() }}) as phone_count,
        cast(coalesce(loyalty_id_count, 0) as {{ dbt.type_bigint() }}) as loyalty_id_count,
        cast(coalesce(line_user_id_count, 0) as {{ dbt.type_bigint() }}) as line_user_id_count,
        cast(coalesce(online_account_id_count, 0) as {{ dbt.type_bigint() }})
            as online_account_id_count,
        cast(coalesce(anonymous_id_count, 0) as {{ dbt.type_bigint() }}) as anonymous_id_count,
        cast(coalesce(crm_record_count, 0) as {{ dbt.type_bigint() }}) as crm_record_count,
        cast(coalesce(ecommerce_customer_record_count, 0) as {{ dbt.type_bigint() }})
            as ecommerce_customer_record_count,
        cast(coalesce(ecommerce_order_record_count, 0) as {{ dbt.type_bigint() }})
            as ecommerce_order_record_count,
        cast(coalesce(pos_record_count, 0) as {{ dbt.type_bigint() }}) as pos_record_count,
        cast(coalesce(web_record_count, 0) as {{ dbt.type_bigint() }}) as web_record_count,
        cast(coalesce(email_record_count, 0) as {{ dbt.type_bigint() }}) as email_record_count,
        cast(coalesce(line_record_count, 0) as {{ dbt.type_bigint() }}) as line_record_count,
        cast(coalesce(support_record_count, 0) as {{ dbt.type_bigint() }}) as support_record_count,
        cast(coalesce(survey_record_count, 0) as {{ dbt.type_bigint() }}) as survey_record_count,
        cast(coalesce(source_system_count, 0) as {{ dbt.type_bigint() }}) as source_system_count,
        cast(source_systems as {{ dbt.type_string() }}) as source_systems,
        cast(first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
        cast(last_seen_at as {{ dbt.type_timestamp() }}) as last_seen_at,
        -- commerce
        cast(coalesce(total_orders, 0) as {{ dbt.type_bigint() }}) as total_orders,
        cast(coalesce(completed_orders, 0) as {{ dbt.type_bigint() }}) as completed_orders,
        cast(coalesce(completed_online_orders, 0) as {{ dbt.type_bigint() }})
            as completed_online_orders,
        cast(coalesce(completed_store_orders, 0) as {{ dbt.type_bigint() }})
            as completed_store_orders,
        cast(coalesce(revenue_total, 0) as decimal(18, 2)) as revenue_total,
        cast(coalesce(revenue_last_12_months, 0) as decimal(18, 2)) as revenue_last_12_months,
        cast(average_order_value as decimal(18, 2)) as average_order_value,
        cast(first_order_at as {{ dbt.type_timestamp() }}) as first_order_at,
        cast(last_order_at as {{ dbt.type_timestamp() }}) as last_order_at,
        cast(days_since_last_order as integer) as days_since_last_order,
        cast(favourite_category as {{ dbt.type_string() }}) as favourite_category,
        cast(preferred_channel as {{ dbt.type_string() }}) as preferred_channel,
        cast(cancellation_rate as decimal(9, 4)) as cancellation_rate,
        cast(refund_rate as decimal(9, 4)) as refund_rate,
        -- behaviour
        cast(coalesce(sessions_last_30_days, 0) as {{ dbt.type_bigint() }})
            as sessions_last_30_days,
        cast(coalesce(sessions_last_90_days, 0) as {{ dbt.type_bigint() }})
            as sessions_last_90_days,
        cast(coalesce(app_sessions_last_90_days, 0) as {{ dbt.type_bigint() }})
            as app_sessions_last_90_days,
        cast(coalesce(product_views_last_30_days, 0) as {{ dbt.type_bigint() }})
            as product_views_last_30_days,
        cast(coalesce(product_views_last_90_days, 0) as {{ dbt.type_bigint() }})
            as product_views_last_90_days,
        cast(coalesce(carts_abandoned, 0) as {{ dbt.type_bigint() }}) as carts_abandoned,
        cast(coalesce(carts_abandoned_last_90_days, 0) as {{ dbt.type_bigint() }})
            as carts_abandoned_last_90_days,
        cast(last_cart_abandoned_at as {{ dbt.type_timestamp() }}) as last_cart_abandoned_at,
        cast(last_visit_at as {{ dbt.type_timestamp() }}) as last_visit_at,
        -- engagement
        cast(coalesce(emails_sent, 0) as {{ dbt.type_bigint() }}) as emails_sent,
        cast(coalesce(emails_delivered, 0) as {{ dbt.type_bigint() }}) as emails_delivered,
        cast(coalesce(emails_opened, 0) as {{ dbt.type_bigint() }}) as emails_opened,
        cast(coalesce(emails_clicked, 0) as {{ dbt.type_bigint() }}) as emails_clicked,
        {{ divide_to_decimal('emails_delivered', 'emails_sent', 9, 4) }}
            as email_delivery_rate,
        {{ divide_to_decimal('emails_opened', 'emails_delivered', 9, 4) }}
            as email_open_rate,
        {{ divide_to_decimal('emails_clicked', 'emails_delivered', 9, 4) }}
            as email_click_rate,
        cast(last_email_opened_at as {{ dbt.type_timestamp() }}) as last_email_opened_at,
        cast(last_email_clicked_at as {{ dbt.type_timestamp() }}) as last_email_clicked_at,
        last_email_unsubscribe_at is not null as has_unsubscribed_email,
        cast(last_email_unsubscribe_at as {{ dbt.type_timestamp() }}) as last_email_unsubscribe_at,
        cast(
            case
                when last_line_follow_at is null and last_line_unfollow_at is null then 'unknown'
                when last_line_unfollow_at is null then 'following'
                when last_line_follow_at is null then 'unfollowed'
                when last_line_follow_at > last_line_unfollow_at then 'following'
                else 'unfollowed'
            end as {{ dbt.type_string() }}
        ) as line_follower_status,
        cast(coalesce(line_interactions, 0) as {{ dbt.type_bigint() }}) as line_interactions,
        cast(coalesce(line_interactions_last_90_days, 0) as {{ dbt.type_bigint() }})
            as line_interactions_last_90_days,
        cast(line_deeplink_tags as {{ dbt.type_string() }}) as line_deeplink_tags,
        cast(coalesce(engagement_score, 0) as decimal(18, 4)) as engagement_score,
        cast(coalesce(engagement_level, 'low') as {{ dbt.type_string() }}) as engagement_level,
        -- service and attitude
        cast(coalesce(tickets_total, 0) as {{ dbt.type_bigint() }}) as tickets_total,
        cast(coalesce(tickets_open, 0) as {{ dbt.type_bigint() }}) as tickets_open,
        cast(average_resolution_hours as decimal(18, 2)) as average_resolution_hours,
        cast(average_csat_score as decimal(9, 2)) as average_csat_score,
        cast(latest_nps_score as integer) as latest_nps_score,
        cast(latest_nps_category as {{ dbt.type_string() }}) as latest_nps_category,
        cast(latest_nps_at as {{ dbt.type_timestamp() }}) as latest_nps_at,
        -- consent
        coalesce(has_email_consent, false) as has_email_consent,
        cast(email_consent_source_system as {{ dbt.type_string() }}) as email_consent_source_system,
        cast(email_consent_source_record_id as {{ dbt.type_string() }})
            as email_consent_source_record_id,
        cast(email_consent_at as {{ dbt.type_timestamp() }}) as email_consent_at,
        coalesce(has_sms_consent, false) as has_sms_consent,
        cast(sms_consent_source_system as {{ dbt.type_string() }}) as sms_consent_source_system,
        cast(sms_consent_source_record_id as {{ dbt.type_string() }})
            as sms_consent_source_record_id,
        cast(sms_consent_at as {{ dbt.type_timestamp() }}) as sms_consent_at,
        coalesce(has_line_consent, false) as has_line_consent,
        cast(line_consent_source_system as {{ dbt.type_string() }}) as line_consent_source_system,
        cast(line_consent_source_record_id as {{ dbt.type_string() }})
            as line_consent_source_record_id,
        cast(line_consent_at as {{ dbt.type_timestamp() }}) as line_consent_at,
        -- segments
        cast(recency_score as integer) as recency_score,
        cast(frequency_score as integer) as frequency_score,
        cast(monetary_score as integer) as monetary_score,
        cast(rfm_cell as {{ dbt.type_string() }}) as rfm_cell,
        cast(rfm_segment as {{ dbt.type_string() }}) as rfm_segment,
        cast(lifecycle_stage as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(lifecycle_stage_since as date) as lifecycle_stage_since,
        cast(coalesce(value_tier, 'none') as {{ dbt.type_string() }}) as value_tier,
        cast(interests as {{ dbt.type_string() }}) as interests,
        as_of_date
    from joined
)

select * from final
