{#- `dbt run-operation identity_cc_selftest --args '{nodes: 100000}'`: builds a
    chain of `nodes` nodes linked hop by hop (node numbers in hash order, as
    records are numbered, or in order with `ordered: true`), runs the
    connected-components macro on it and fails unless it finds exactly one
    component in at most ceil(log2(nodes)) rounds. With `include_roots: false` the
    output leaves out the root's own row, so it must cover every other node. Prints
    the statistics. -#}
{% macro identity_cc_selftest(
    nodes=100000, ordered=false, include_roots=true, schema='identity_selftest') -%}
    {%- set base = api.Relation.create(
        database=(target.database or none), schema=schema, identifier='cc_selftest',
        type='table') -%}
    {% do adapter.create_schema(base) %}
    {%- set chain = identity_work_relation('chain', base) -%}
    {%- set order_expr = 'step' if ordered else 'md5(cast(step as ' ~ dbt.type_string() ~ '))' -%}
    {% do identity_create_table_as(chain,
        "select step, row_number() over (order by " ~ order_expr ~ ", step) as node
        from (" ~ identity_integer_series(nodes) ~ ") as steps") %}
    {%- set output = identity_work_relation('components', base) -%}
    {%- set stats = identity_connected_components(
        "select cast(this_step.node as bigint) as node_a,
            cast(next_step.node as bigint) as node_b
        from " ~ chain ~ " as this_step
        inner join " ~ chain ~ " as next_step on next_step.step = this_step.step + 1",
        output, include_roots=include_roots) -%}
    {%- set found = identity_scalar(
        'select count(distinct component) from ' ~ output, 0) | int -%}
    {%- set covered = identity_scalar('select count(*) from ' ~ output, 0) | int
        + (0 if include_roots else found) -%}
    {%- set b = namespace(bits=0) -%}
    {%- for bit in range(64) -%}
        {%- if 2 ** b.bits < nodes -%}{%- set b.bits = b.bits + 1 -%}{%- endif -%}
    {%- endfor -%}
    {%- set bound = b.bits -%}
    {% do log('identity_cc_selftest: nodes=' ~ nodes ~ ' ordered=' ~ ordered
        ~ ' include_roots=' ~ include_roots ~ ' counted_nodes=' ~ stats.nodes
        ~ ' components=' ~ found ~ ' rounds=' ~ stats.rounds
        ~ ' pointer_jumps=' ~ stats.pointer_jumps ~ ' bound=' ~ bound, info=true) %}
    {% do identity_drop_table(chain) %}
    {% do identity_drop_table(output) %}
    {%- if found != 1 or covered != nodes or stats.nodes != nodes
        or stats.rounds > bound -%}
        {{ exceptions.raise_compiler_error('identity_cc_selftest failed: components='
            ~ found ~ ' nodes covered=' ~ covered ~ ' rounds=' ~ stats.rounds
            ~ ' (bound ' ~ bound ~ ')') }}
    {%- endif -%}
{%- endmacro %}


{#- One column `step` with the integers 1..n. -#}
{% macro identity_integer_series(n) -%}
    {{ return(adapter.dispatch('identity_integer_series', 'customer360')(n)) }}
{%- endmacro %}

{% macro default__identity_integer_series(n) -%}
    select step from generate_series(1, {{ n }}) as series (step)
{%- endmacro %}

{#- DuckDB: range() is exclusive of its end. -#}
{% macro duckdb__identity_integer_series(n) -%}
    select range as step from range(1, {{ n }} + 1)
{%- endmacro %}

{#- Spark: range() is exclusive of its end and names its column id. -#}
{% macro spark__identity_integer_series(n) -%}
    select id as step from range(1, {{ n }} + 1)
{%- endmacro %}
