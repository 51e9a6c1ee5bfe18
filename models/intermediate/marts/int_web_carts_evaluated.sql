-- One row per cart: a customer's web or app session with an add-to-cart or a
-- checkout start. A cart is abandoned when no purchase (an analytics purchase
-- event or an online order) follows its first cart event within
-- var('cart_abandonment_window_hours') after its last one; a cart whose
-- window has not ended by the as-of date is still open, not abandoned.
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date_resolved') }}
),

carts as (
    select
        customer_id,
        session_id,
        min(occurred_at) as cart_started_at,
        max(occurred_at) as last_cart_activity_at,
        max(case when touchpoint_type = 'checkout_start' then 1 else 0 end) = 1 as has_checkout
    from touchpoints
    where
        source_system = 'web'
        and touchpoint_type in ('add_to_cart', 'checkout_start')
        and session_id is not null
    group by customer_id, session_id
),

purchases as (
    select
        customer_id,
        occurred_at as purchased_at
    from touchpoints
    where
        (source_system = 'web' and touchpoint_type = 'purchase')
        or (source_system = 'ecommerce_order' and touchpoint_type = 'order_placed')
),

carts_windowed as (
    select
        carts.customer_id,
        carts.session_id,
        carts.cart_started_at,
        carts.last_cart_activity_at,
        carts.has_checkout,
        {{ dbt.dateadd(
            'hour', var('cart_abandonment_window_hours'), 'carts.last_cart_activity_at'
        ) }} as window_ends_at,
        as_of.as_of_date
    from carts
    cross join as_of
    where cast(carts.cart_started_at as date) <= as_of.as_of_date
),

carts_purchased as (
    select
        carts_windowed.customer_id,
        carts_windowed.session_id,
        min(purchases.purchased_at) as purchased_at
    from carts_windowed
    inner join purchases
        on
            carts_windowed.customer_id = purchases.customer_id
            and carts_windowed.cart_started_at <= purchases.purchased_at
            and carts_windowed.window_ends_at >= purchases.purchased_at
    group by carts_windowed.customer_id, carts_windowed.session_id
),

final as (
    select
        carts_windowed.customer_id,
        carts_windowed.session_id,
        carts_windowed.cart_started_at,
        carts_windowed.last_cart_activity_at,
        carts_windowed.has_checkout,
        carts_purchased.purchased_at,
        carts_purchased.purchased_at is not null as is_purchased,
        carts_purchased.purchased_at is null
        and cast(carts_windowed.window_ends_at as date) <= carts_windowed.as_of_date
            as is_abandoned
    from carts_windowed
    left join carts_purchased
        on
            carts_windowed.customer_id = carts_purchased.customer_id
            and carts_windowed.session_id = carts_purchased.session_id
)

select * from final
