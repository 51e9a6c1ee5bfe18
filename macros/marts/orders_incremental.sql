{#- What an incremental build of fct_orders or fct_order_lines reprocesses: the orders
    (sales_channel, order_id) of
    1. a header or a line restaged since the model's last build (its `loaded_at`
       watermark, `>=` as in staging_watermark): an order's line count and quantity
       come from its lines, a line's customer, time and completion from its order;
    2. a customer that got a new customer_id assignment since the model's last build
       (its `assigned_at` watermark): a merge or a split moves old orders to another id.
    Each model keeps its own watermarks (intermediate.<model>__watermarks), so
    fct_order_lines re-reads what fct_orders rewrote since fct_order_lines last ran.
    The watermarks hold the completed-order statuses they were computed under
    (order_rules): a build under other statuses reprocesses every order.
    delete+insert on the model's key replaces the rows of the orders in scope. -#}
{% macro order_staged_inputs() -%}
    {{ return([
        ('online', 'order_id', ref('stg_ecommerce__orders')),
        ('online', 'order_id', ref('stg_ecommerce__order_items')),
        ('store', 'transaction_id', ref('stg_pos__transactions')),
        ('store', 'transaction_id', ref('stg_pos__transaction_lines')),
    ]) }}
{%- endmacro %}

{% macro order_rules() -%}
    {{ return(customer360.incremental_rules(
        ['completed_online_order_statuses', 'completed_store_order_statuses'])) }}
{%- endmacro %}

{#- A select of (sales_channel, order_id) in scope of this incremental build. -#}
{% macro orders_in_incremental_scope() -%}
    {%- set loaded_since = customer360.incremental_watermark('loaded_at', customer360.order_rules()) -%}
    {%- for sales_channel, order_id, relation in customer360.order_staged_inputs() %}
    select
        '{{ sales_channel }}' as sales_channel,
        {{ order_id }} as order_id
    from {{ relation }}
    where _loaded_at >= {{ loaded_since }}
    union
    {%- endfor %}
    select
        case xref.source_system when 'pos' then 'store' else 'online' end as sales_channel,
        xref.source_record_id as order_id
    from {{ ref('customer_xref') }} as xref
    where
        xref.source_system in ('ecommerce_order', 'pos')
        and xref.customer_id in (
            select assignments.customer_id
            from {{ ref('customer_id_assignments') }} as assignments
            where assignments.assigned_at
                > {{ customer360.incremental_watermark('assigned_at', customer360.order_rules()) }}
        )
{%- endmacro %}

{#- In fct_orders and fct_order_lines: the `where` that keeps a staged header or line
    table's rows of the orders in scope of one channel (`order_id_column` holds the order
    id), read from the model's `orders_in_scope` CTE (orders_in_incremental_scope); nothing
    when the build is not incremental. It starts on a new line: call it as
    `{{- orders_in_scope_filter(...) }}` after the `from`. -#}
{% macro orders_in_scope_filter(order_id_column, sales_channel) -%}
    {%- if is_incremental() %}
        where {{ order_id_column }} in (select order_id from orders_in_scope where sales_channel = '{{ sales_channel }}')
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: the watermarks of the next build (`assigned_at` is `>`: an identity build
    writes all its assignments with one time), with the rules they hold for. -#}
{% macro order_record_watermarks() -%}
    {{ return(customer360.record_loaded_and_assigned_watermarks(
        customer360.order_staged_inputs(), customer360.order_rules())) }}
{%- endmacro %}

{#- Pre-hook of fct_order_lines: delete the lines of the orders in scope before they are
    written again. A new version of an order can have fewer lines (staging drops the
    items of versions no longer current), and delete+insert by line would keep the
    lines the new version dropped. -#}
{% macro order_lines_delete_in_scope() -%}
    {%- if execute and is_incremental() -%}
        {% do customer360.delete_where(this, '(sales_channel, order_id) in (select sales_channel, order_id from ('
            ~ customer360.orders_in_incremental_scope() ~ ') as orders_in_scope)') %}
    {%- endif -%}
{%- endmacro %}
