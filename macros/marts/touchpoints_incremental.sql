{#- What an incremental build of fct_touchpoints reprocesses (its `scope`):
    1. records whose staged row changed: loaded at or after the last build's
       `loaded_at` watermark (`>=`, see staging_watermark);
    2. every record of a customer that got a new customer_id assignment since
       the last build: identity models rebuild fully and a merge or split moves
       old records to another customer_id, which the fact carries. Their rows
       are re-emitted under the new id, and delete+insert by record replaces
       the rows under the old one;
    3. all order touchpoints: they come from fct_orders, rebuilt fully every run
       (an order's amount depends on its lines), and are a small share.
    The pre-hook deletes (1) and (3) first, so a record whose new version gives
    no touchpoint (its time became null) loses its old rows too. -#}
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
    ]) }}
{%- endmacro %}

{#- (1): source_system and source_record_id of the records restaged since the last build. -#}
{% macro touchpoint_records_changed() -%}
    {%- for source_system, record_id, relation in customer360.touchpoint_staged_inputs() %}
    select
        '{{ source_system }}' as source_system,
        {{ record_id }} as source_record_id
    from {{ relation }}
    where _loaded_at >= {{ customer360.incremental_watermark('loaded_at') }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- (2): customers with a new assignment since the last build. -#}
{% macro touchpoint_customers_reassigned() -%}
    select customer_id
    from {{ ref('customer_id_assignments') }}
    where assigned_at > {{ customer360.incremental_watermark('assigned_at') }}
{%- endmacro %}

{#- Pre-hook: delete (1) and (3) before the new rows are inserted. -#}
{% macro touchpoint_delete_restaged() -%}
    {%- if is_incremental() -%}
        {% do customer360.delete_where(this, "
            source_system in ('ecommerce_order', 'pos')
            or (source_system, source_record_id) in (
                " ~ customer360.touchpoint_records_changed() ~ "
            )") %}
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: the watermarks of the next build. The assignments one is `>`:
    an identity build writes all its rows in one statement, with one time. -#}
{% macro touchpoint_record_watermarks() -%}
    {%- set loaded = [] -%}
    {%- for source_system, record_id, relation in customer360.touchpoint_staged_inputs() -%}
        {%- do loaded.append('select max(_loaded_at) as loaded_at from ' ~ relation) -%}
    {%- endfor -%}
    {{ return(customer360.record_incremental_watermarks({
        'loaded_at': 'select max(loaded_at) from (' ~ loaded | join(' union all ') ~ ') as inputs',
        'assigned_at': 'select max(assigned_at) from ' ~ ref('customer_id_assignments'),
    })) }}
{%- endmacro %}
