{#- What an incremental build of fct_touchpoints reprocesses (its `scope`):
    1. records whose staged rows changed: loaded at or after the last build's
       `loaded_at` watermark (`>=`, see staging_watermark). Orders count by their
       header and their lines (an order's amount depends on its lines);
    2. every record of a customer that got a new customer_id assignment since
       the last build: identity models rebuild fully and a merge or split moves
       old records to another customer_id, which the fact carries. Their rows
       are re-emitted under the new id, and delete+insert by record replaces
       the rows under the old one.
    The pre-hook deletes (1) first, so a record whose new version gives no
    touchpoint (its time became null) loses its old rows too.
    Every build also notes the customers whose touchpoints it may have changed
    (touchpoint_touched_customers) for customer_daily_activity. -#}
{% macro touchpoint_staged_inputs() -%}
    {{ return([
        ('web', 'event_id', ref('stg_web__events')),
        ('email', 'event_id', ref('stg_email__events')),
        ('line', 'event_id', ref('stg_line__events')),
        ('line', 'line_user_id', ref('stg_line__member_bindings')),
        ('support', 'ticket_id', ref('stg_support__tickets')),
        ('survey', 'response_id', ref('stg_surveys__responses')),
        ('crm', 'contact_id', ref('stg_crm__contacts')),
        ('ecommerce_customer', 'customer_id', ref('stg_ecommerce__customers')),
        ('ecommerce_order', 'order_id', ref('stg_ecommerce__orders')),
        ('ecommerce_order', 'order_id', ref('stg_ecommerce__order_items')),
        ('pos', 'transaction_id', ref('stg_pos__transactions')),
        ('pos', 'transaction_id', ref('stg_pos__transaction_lines')),
    ]) }}
{%- endmacro %}

{#- The rule vars touchpoints depend on (channel app or web; an order's amount is its
    revenue): watermarks recorded under other values put every record in scope. -#}
{% macro touchpoint_rules() -%}
    {{ return(customer360.incremental_rules(['app_device_types',
        'completed_online_order_statuses', 'completed_store_order_statuses'])) }}
{%- endmacro %}

{#- (1): source_system and source_record_id of the records restaged since the last build. -#}
{% macro touchpoint_records_changed() -%}
    {%- for source_system, record_id, relation in customer360.touchpoint_staged_inputs() %}
    select
        '{{ source_system }}' as source_system,
        {{ record_id }} as source_record_id
    from {{ relation }}
    where _loaded_at >= {{ customer360.incremental_watermark('loaded_at', customer360.touchpoint_rules()) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- (2): customers with a new assignment since the last build. -#}
{% macro touchpoint_customers_reassigned() -%}
    select customer_id
    from {{ ref('customer_id_assignments') }}
    where assigned_at > {{ customer360.incremental_watermark('assigned_at', customer360.touchpoint_rules()) }}
{%- endmacro %}

{#- Pre-hook: note the customers of the rows (1) takes away, then delete them. A full
    build notes a null customer: every customer's activity is to be recomputed. -#}
{% macro touchpoint_delete_restaged() -%}
    {#- dbt renders hooks when it parses the project too: nothing runs then -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set touched = customer360.touchpoint_touched_customers_created() -%}
    {%- if is_incremental() -%}
        {%- set restaged = "(source_system, source_record_id) in ("
            ~ customer360.touchpoint_records_changed() ~ ")" -%}
        {% do run_query('insert into ' ~ touched ~ ' select distinct customer_id from '
            ~ this ~ ' where ' ~ restaged) %}
        {% do customer360.delete_where(this, restaged) %}
    {%- else -%}
        {% do run_query('insert into ' ~ touched ~ ' select cast(null as '
            ~ dbt.type_string() ~ ')') %}
    {%- endif -%}
{%- endmacro %}

{#- Customers whose touchpoints a build of fct_touchpoints may have changed, kept until
    customer_daily_activity has recomputed them (its post-hook empties the table); a
    null customer_id stands for all of them. -#}
{% macro touchpoint_touched_customers() -%}
    {{ return(customer360.incremental_state_relation('touched_customers', 'fct_touchpoints')) }}
{%- endmacro %}

{#- The same, created when missing: dbt's relation cache does not know a table made by
    a hook of this invocation, so the hooks that write it do not ask the cache. -#}
{% macro touchpoint_touched_customers_created() -%}
    {%- set touched = customer360.touchpoint_touched_customers() -%}
    {% do run_query('create table if not exists ' ~ touched ~ ' as select cast(null as '
        ~ dbt.type_string() ~ ') as customer_id where 1 = 0') %}
    {{ return(touched) }}
{%- endmacro %}

{#- Post-hook, before the watermarks move: note the customers of the rows this build
    wrote (those of the restaged records, and the reassigned customers themselves), and
    the previous ids of the records reassigned since the last build (the customers that
    delete+insert took rows from). -#}
{% macro touchpoint_note_touched_customers() -%}
    {%- if execute and is_incremental() -%}
        {%- set assigned_since = customer360.incremental_watermark('assigned_at', customer360.touchpoint_rules()) -%}
        {%- set assignments = ref('customer_id_assignments') -%}
        {% do run_query('insert into ' ~ customer360.touchpoint_touched_customers() ~ '
            select customer_id from ' ~ this ~ '
            where (source_system, source_record_id) in ('
                ~ customer360.touchpoint_records_changed() ~ ')
            union
            ' ~ customer360.touchpoint_customers_reassigned() ~ '
            union
            select earlier.customer_id from ' ~ assignments ~ ' as earlier
            where earlier.assigned_at <= ' ~ assigned_since ~ '
                and earlier.record_key in (
                    select record_key from ' ~ assignments ~ '
                    where assigned_at > ' ~ assigned_since ~ ')') %}
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: the watermarks of the next build. The assignments one is `>`:
    an identity build writes all its rows in one statement, with one time. -#}
{% macro touchpoint_record_watermarks() -%}
    {{ return(customer360.record_loaded_and_assigned_watermarks(
        customer360.touchpoint_staged_inputs(), customer360.touchpoint_rules())) }}
{%- endmacro %}
