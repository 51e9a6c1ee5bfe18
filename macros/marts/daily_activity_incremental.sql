{#- customer_daily_activity is a sum over each customer's touchpoints, so a build
    recomputes only the customers fct_touchpoints noted as touched since (its
    touchpoint_touched_customers table): their rows are deleted, then recomputed
    from all their touchpoints and appended. A null customer in that table (a full
    build of fct_touchpoints), or no table at all (or one dbt's relation cache does not
    know yet: made by this invocation), recomputes every customer. -#}

{#- Whether this build recomputes only the touched customers (not all of them). -#}
{% macro daily_activity_recomputes_some() -%}
    {%- if not (is_incremental() and execute) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set touched = customer360.touchpoint_touched_customers() -%}
    {%- if adapter.get_relation(touched.database, touched.schema, touched.identifier) is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set everyone = run_query('select count(*) from ' ~ touched
        ~ ' where customer_id is null').columns[0].values()[0] -%}
    {{ return(everyone == 0) }}
{%- endmacro %}

{#- Pre-hook: delete the rows about to be recomputed (all of them when every customer is). -#}
{% macro daily_activity_delete_touched() -%}
    {%- if execute and is_incremental() -%}
        {%- if customer360.daily_activity_recomputes_some() -%}
            {% do customer360.delete_where(this, 'customer_id in (select customer_id from '
                ~ customer360.touchpoint_touched_customers() ~ ')') %}
        {%- else -%}
            {% do customer360.delete_where(this, '1 = 1') %}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: the touched customers are recomputed; forget them. -#}
{#- (dbt renders hooks when it parses the project too: nothing runs then.) -#}
{% macro daily_activity_forget_touched() -%}
    {%- if execute -%}
        {% do customer360.delete_where(
            customer360.touchpoint_touched_customers_created(), '1 = 1') %}
    {%- endif -%}
{%- endmacro %}
