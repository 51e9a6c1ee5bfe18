{#- Incremental facts keep their watermarks in a small state table beside the
    intermediate models (`intermediate.<model>__watermarks`, one row), written
    by the fact's post-hook in the same transaction as the fact, so the two
    never disagree. The facts carry no lineage columns (their contracts are for
    BI tools), hence the state table. Without it (first build, or dropped) the
    watermarks are the beginning of time and the whole fact is reprocessed. -#}
{#- `state` names other state tables of a fact the same way (`<fact>__<state>`), and
    `fact` reaches another model's, e.g. fct_touchpoints' touched customers. -#}
{% macro incremental_state_relation(state='watermarks', fact=none) -%}
    {{ return(api.Relation.create(
        database=this.database,
        schema=generate_schema_name('intermediate', model),
        identifier=(fact or this.identifier) ~ '__' ~ state,
        type='table'
    )) }}
{%- endmacro %}


{#- A scalar SQL expression: the watermark `name` recorded by the last build,
    or the beginning of time on a full build or when none was recorded. -#}
{% macro incremental_watermark(name) -%}
    {%- set state = customer360.incremental_state_relation() -%}
    {%- set beginning = "cast('1900-01-01' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- if is_incremental() and execute
        and adapter.get_relation(state.database, state.schema, state.identifier) is not none -%}
        (select coalesce(max({{ name }}), {{ beginning }}) from {{ state }})
    {%- else -%}
        {{ beginning }}
    {%- endif -%}
{%- endmacro %}


{#- Post-hook: record the watermarks (name -> SQL expression evaluated now) for
    the next build. Runs inside the model's transaction. -#}
{% macro record_incremental_watermarks(watermarks) -%}
    {%- set state = customer360.incremental_state_relation() -%}
    {%- do run_query('drop table if exists ' ~ state) -%}
    create table {{ state }} as
    select
        {%- for name, expression in watermarks.items() %}
        cast(({{ expression }}) as {{ dbt.type_timestamp() }}) as {{ name }}
        {{- "," if not loop.last }}
        {%- endfor %}
{%- endmacro %}


{#- Post-hook of the facts keyed to staged records and customer ids (fct_touchpoints,
    fct_orders, fct_order_lines): the newest `_loaded_at` of their staged inputs
    (`inputs`: tuples whose last item is the relation) and the newest customer id
    assignment. The assignments one is read with `>`: an identity build writes all its
    rows in one statement, with one time. -#}
{% macro record_loaded_and_assigned_watermarks(inputs) -%}
    {%- set loaded = [] -%}
    {%- for input in inputs -%}
        {%- do loaded.append('select max(_loaded_at) as loaded_at from ' ~ input[-1]) -%}
    {%- endfor -%}
    {{ return(customer360.record_incremental_watermarks({
        'loaded_at': 'select max(loaded_at) from (' ~ loaded | join(' union all ') ~ ') as inputs',
        'assigned_at': 'select max(assigned_at) from ' ~ ref('customer_id_assignments'),
    })) }}
{%- endmacro %}
