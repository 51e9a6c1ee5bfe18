{#- Connected components of an undirected graph by edge contraction.

    `edges_sql` selects (node_a, node_b) as bigint; `output_relation` gets one
    row (node, component) for every node that appears in an edge, component being
    the smallest node of its component. Each round every node hooks to the
    smallest of itself and its neighbours, the hooks are collapsed by pointer
    jumping (parent = parent of parent) until every tree is a star, and the
    edges are rewritten between the roots, dropping self-loops and duplicates.
    The edge set shrinks every round, so the rounds grow with the logarithm of
    the graph size, not with its diameter. Runs at execution time only (call it
    from a hook or an operation); raises if `max_rounds` rounds did not empty
    the edge set. Returns a dict of statistics. -#}
{% macro identity_connected_components(edges_sql, output_relation, max_rounds=none) -%}
    {{ return(adapter.dispatch('identity_connected_components', 'customer360')(
        edges_sql, output_relation, max_rounds)) }}
{%- endmacro %}


{% macro default__identity_connected_components(edges_sql, output_relation, max_rounds) -%}
    {%- set max_rounds = (max_rounds if max_rounds is not none
        else var('identity_cc_max_rounds', 40)) | int -%}
    {%- set max_jumps = var('identity_cc_max_pointer_jumps', 64) | int -%}
    {%- set w = namespace(
        edges=identity_work_relation('cc_e0', output_relation),
        labels=identity_work_relation('cc_m0', output_relation),
        rounds=0, jumps=0, remaining=0, done=false) -%}

    {% do identity_create_table_as(w.edges,
        "select distinct
            case when node_a < node_b then node_a else node_b end as node_a,
            case when node_a < node_b then node_b else node_a end as node_b
        from (" ~ edges_sql ~ ") as input_edges
        where node_a is not null and node_b is not null and node_a <> node_b") %}
    {%- set initial_edges = identity_scalar('select count(*) from ' ~ w.edges, 0) | int -%}
    {%- set w.remaining = initial_edges -%}
    {% do identity_create_table_as(w.labels,
        "select node_a as node, node_a as component from " ~ w.edges ~ "
        union
        select node_b as node, node_b as component from " ~ w.edges) %}
    {%- set nodes = identity_scalar('select count(*) from ' ~ w.labels, 0) | int -%}

    {%- for round in range(1, max_rounds + 1) -%}
        {%- if w.remaining > 0 -%}
            {%- set w.rounds = round -%}
            {%- set parents = identity_work_relation('cc_p' ~ round ~ '_0', output_relation) -%}
            {#- hook: every node points to the smallest of itself and its neighbours.
                Edges are stored smaller node first, so a node's smaller neighbours
                are the node_a of its edges as node_b; nodes with none are roots and
                are left out of the parent tables (a join miss means "root"). -#}
            {% do identity_create_table_as(parents,
                "select node_b as node, min(node_a) as parent
                from " ~ w.edges ~ "
                group by node_b") %}
            {#- pointer jumping until every node points at a root -#}
            {%- set p = namespace(current=parents, stable=false) -%}
            {%- for jump in range(1, max_jumps + 1) -%}
                {%- if not p.stable -%}
                    {#- a child whose parent has a parent is not settled yet -#}
                    {%- set unsettled = identity_scalar(
                        "select count(*) from " ~ p.current ~ " as child
                        inner join " ~ p.current ~ " as parent_row
                            on child.parent = parent_row.node", 0) | int -%}
                    {%- if unsettled == 0 -%}
                        {%- set p.stable = true -%}
                    {%- else -%}
                        {%- set w.jumps = w.jumps + 1 -%}
                        {%- set jumped = identity_work_relation(
                            'cc_p' ~ round ~ '_' ~ jump, output_relation) -%}
                        {% do identity_create_table_as(jumped,
                            "select child.node,
                                coalesce(parent_row.parent, child.parent) as parent
                            from " ~ p.current ~ " as child
                            left join " ~ p.current ~ " as parent_row
                                on child.parent = parent_row.node") %}
                        {% do identity_drop_table(p.current) %}
                        {%- set p.current = jumped -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if not p.stable -%}
                {{ exceptions.raise_compiler_error(
                    'identity_connected_components: pointer jumping did not settle in '
                    ~ max_jumps ~ ' steps (var identity_cc_max_pointer_jumps) for '
                    ~ output_relation) }}
            {%- endif -%}
            {#- every original node follows its component's root -#}
            {%- set labels = identity_work_relation('cc_m' ~ round, output_relation) -%}
            {% do identity_create_table_as(labels,
                "select label_row.node,
                    coalesce(root.parent, label_row.component) as component
                from " ~ w.labels ~ " as label_row
                left join " ~ p.current ~ " as root
                    on label_row.component = root.node") %}
            {% do identity_drop_table(w.labels) %}
            {%- set w.labels = labels -%}
            {#- contract: edges between roots, without self-loops and duplicates -#}
            {%- set edges = identity_work_relation('cc_e' ~ round, output_relation) -%}
            {% do identity_create_table_as(edges,
                "select distinct
                    case when parent_a < parent_b then parent_a else parent_b end as node_a,
                    case when parent_a < parent_b then parent_b else parent_a end as node_b
                from (
                    select
                        coalesce(root_a.parent, edge.node_a) as parent_a,
                        coalesce(root_b.parent, edge.node_b) as parent_b
                    from " ~ w.edges ~ " as edge
                    left join " ~ p.current ~ " as root_a on edge.node_a = root_a.node
                    left join " ~ p.current ~ " as root_b on edge.node_b = root_b.node
                ) as root_pair
                where parent_a <> parent_b") %}
            {% do identity_drop_table(w.edges) %}
            {% do identity_drop_table(p.current) %}
            {%- set w.edges = edges -%}
            {%- set w.remaining = identity_scalar('select count(*) from ' ~ w.edges, 0) | int -%}
        {%- endif -%}
    {%- endfor -%}

    {% do identity_drop_table(w.edges) %}
    {%- if w.remaining > 0 -%}
        {% do identity_drop_table(w.labels) %}
        {{ exceptions.raise_compiler_error(
            'identity_connected_components did not converge: ' ~ w.remaining
            ~ ' edges left after ' ~ max_rounds ~ ' rounds (var identity_cc_max_rounds) for '
            ~ output_relation) }}
    {%- endif -%}
    {% do identity_create_table_as(output_relation,
        "select node, component from " ~ w.labels) %}
    {% do identity_drop_table(w.labels) %}
    {{ return({
        'nodes': nodes,
        'initial_edges': initial_edges,
        'rounds': w.rounds,
        'pointer_jumps': w.jumps,
        'max_rounds': max_rounds,
        'converged': w.remaining == 0,
    }) }}
{%- endmacro %}
