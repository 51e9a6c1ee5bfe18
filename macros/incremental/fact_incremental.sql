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
    or the beginning of time on a full build or when none was recorded. With `rules`
    (a string of the model's rule vars, incremental_rules), also when the last build
    ran with other rules: rows written under the old rules are all in scope again. -#}
{% macro incremental_watermark(name, rules=none) -%}
    {%- set state = customer360.incremental_state_relation() -%}
    {%- set beginning = "cast('1900-01-01' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- set found = adapter.get_relation(state.database, state.schema, state.identifier)
        if is_incremental() and execute else none -%}
    {%- if found is none -%}
        {{ beginning }}
    {%- elif rules is none -%}
        (select coalesce(max({{ name }}), {{ beginning }}) from {{ state }})
    {%- elif 'rules' not in adapter.get_columns_in_relation(found) | map(attribute='name') | list -%}
        {{ beginning }}
    {%- else -%}
        (select coalesce(max({{ name }}), {{ beginning }}) from {{ state }}
            where rules = '{{ rules }}')
    {%- endif -%}
{%- endmacro %}


{#- Post-hook: record the watermarks (name -> SQL expression evaluated now) for
    the next build, and the `rules` they were computed under when given. Runs inside
    the model's transaction. -#}
{% macro record_incremental_watermarks(watermarks, rules=none) -%}
    {%- set state = customer360.incremental_state_relation() -%}
    {%- do run_query('drop table if exists ' ~ state) -%}
    create table {{ state }} as
    select
        {%- for name, expression in watermarks.items() %}
        cast(({{ expression }}) as {{ dbt.type_timestamp() }}) as {{ name }}
        {{- "," if not loop.last or rules is not none }}
        {%- endfor %}
        {%- if rules is not none %}
        cast('{{ rules }}' as {{ dbt.type_string() }}) as rules
        {%- endif %}
{%- endmacro %}


{#- The rule vars an incremental fact's rows depend on, as one string: a build under
    other values reprocesses everything (incremental_watermark). -#}
{% macro incremental_rules(var_names) -%}
    {%- set values = [] -%}
    {%- for name in var_names -%}
        {%- do values.append(name ~ '=' ~ (var(name) | join(',') if var(name) is iterable
            and var(name) is not string else var(name))) -%}
    {%- endfor -%}
    {{ return(values | join(';') | replace("'", "")) }}
{%- endmacro %}


{#- Post-hook of the facts keyed to staged records and customer ids (fct_touchpoints,
    fct_orders, fct_order_lines): the newest `_loaded_at` of their staged inputs
    (`inputs`: tuples whose last item is the relation) and the newest customer id
    assignment. The assignments one is read with `>`: an identity build writes all its
    rows in one statement, with one time. -#}
{% macro record_loaded_and_assigned_watermarks(inputs, rules=none) -%}
    {%- set loaded = [] -%}
    {%- for input in inputs -%}
        {%- do loaded.append('select max(_loaded_at) as loaded_at from ' ~ input[-1]) -%}
    {%- endfor -%}
    {{ return(customer360.record_incremental_watermarks({
        'loaded_at': 'select max(loaded_at) from (' ~ loaded | join(' union all ') ~ ') as inputs',
        'assigned_at': 'select max(assigned_at) from ' ~ ref('customer_id_assignments'),
    }, rules)) }}
{%- endmacro %}
