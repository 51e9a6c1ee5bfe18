{#- The run-time steps of identity resolution. Each is called from the pre_hook of
    one intermediate model (so `dbt compile`, docs and linting never run them), builds
    its result in the work table `<model>__result` that the model then selects from,
    and records every connected-components run in `<model>__cc_stats`. -#}


{#- Rule names of a `|`-separated list, as a SQL list of string literals. -#}
{% macro identity_sql_string_list(pipe_separated) -%}
    {%- set names = [] -%}
    {%- for name in (pipe_separated or '').split('|') -%}
        {%- if name | trim -%}{%- do names.append("'" ~ (name | trim) ~ "'") -%}{%- endif -%}
    {%- endfor -%}
    {{ return(names | join(', ')) }}
{%- endmacro %}


{#- Writes `<model>__cc_stats`: one row per connected-components run of this model. -#}
{% macro identity_write_cc_stats(runs) -%}
    {%- set selects = [] -%}
    {%- for run in runs -%}
        {%- do selects.append(
            "select '" ~ this.identifier ~ "' as model_name, '" ~ run.phase ~ "' as phase, "
            ~ "cast(" ~ (run.stats.nodes if run.stats.nodes is not none else 'null')
            ~ " as bigint) as nodes, "
            ~ "cast(" ~ run.stats.initial_edges ~ " as bigint) as initial_edges, "
            ~ "cast(" ~ run.stats.rounds ~ " as integer) as rounds, "
            ~ "cast(" ~ run.stats.pointer_jumps ~ " as integer) as pointer_jumps, "
            ~ "cast(" ~ run.stats.max_rounds ~ " as integer) as max_rounds, "
            ~ (run.stats.converged | string | lower) ~ " as is_converged, "
            ~ "'" ~ invocation_id ~ "' as run_id") -%}
    {%- endfor -%}
    {%- if not selects -%}
        {%- do selects.append(
            "select '" ~ this.identifier ~ "' as model_name, 'none' as phase, "
            ~ "cast(0 as bigint) as nodes, cast(0 as bigint) as initial_edges, "
            ~ "cast(0 as integer) as rounds, cast(0 as integer) as pointer_jumps, "
            ~ "cast(0 as integer) as max_rounds, true as is_converged, '"
            ~ invocation_id ~ "' as run_id") -%}
    {%- endif -%}
    {% do identity_create_table_as(identity_work_relation('cc_stats'), selects | join(' union all ')) %}
{%- endmacro %}


{#- int_identity_units_clustered: for every constraint, the unit each counted record
    counts as. Counted records tied by the constraint's exempt rules form one unit
    (connected components over those links); without exempt rules every record (for
    a source-system constraint) or every value (for an identifier-type constraint) is
    its own unit. -#}
{% macro identity_build_constraint_units() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set constraints = run_query(
        "select constraint_name, counted_kind, counted_value, exempt_rules from "
        ~ ref('identity_constraints') ~ " order by constraint_name") -%}
    {%- set records = ref('int_identity_records_unioned') -%}
    {%- set identifiers = ref('int_identifiers_screened') -%}
    {%- set edges = ref('int_identity_edges_proposed') -%}
    {%- set runs = [] -%}
    {%- set selects = [] -%}
    {#- one connected-components run per distinct set of exempt rules -#}
    {%- set components_of = {} -%}
    {%- for row in constraints.rows -%}
        {%- set name, kind, value, exempt = row[0], row[1], row[2], row[3] -%}
        {%- set exempt_list = identity_sql_string_list(exempt) -%}
        {%- if exempt_list -%}
            {%- if exempt_list not in components_of -%}
                {%- set components = identity_scratch_relation(
                    'units_' ~ (components_of | length + 1)) -%}
                {%- set stats = identity_connected_components(
                    "select record_num_a as node_a, record_num_b as node_b from " ~ edges
                    ~ " where rule_name in (" ~ exempt_list ~ ")", components) -%}
                {%- do runs.append({'phase': 'exempt links of ' ~ name, 'stats': stats}) -%}
                {%- do components_of.update({exempt_list: components}) -%}
            {%- endif -%}
            {%- set components = components_of[exempt_list] -%}
            {%- set strong_unit = 'coalesce(components.component, counted.record_num)' -%}
            {%- set component_join = 'left join ' ~ components
                ~ ' as components on counted.record_num = components.node' -%}
        {%- else -%}
            {%- set strong_unit = none -%}
            {%- set component_join = '' -%}
        {%- endif -%}
        {%- if kind == 'source_system' -%}
            {%- do selects.append(
                "select '" ~ name ~ "' as constraint_name, counted.record_num, "
                ~ "cast(" ~ (strong_unit or 'counted.record_num') ~ " as "
                ~ dbt.type_string() ~ ") as unit_key from " ~ records ~ " as counted "
                ~ component_join ~ " where counted.source_system in ("
                ~ identity_sql_string_list(value) ~ ")") -%}
        {%- else -%}
            {%- do selects.append(
                "select '" ~ name ~ "' as constraint_name, counted.record_num, "
                ~ (("cast(min(" ~ strong_unit ~ ") over (partition by counted.identifier_value) as "
                    ~ dbt.type_string() ~ ")") if strong_unit else "counted.identifier_value")
                ~ " as unit_key from " ~ identifiers ~ " as counted " ~ component_join
                ~ " where counted.is_usable and counted.identifier_type in ("
                ~ identity_sql_string_list(value) ~ ")") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not selects -%}
        {%- do selects.append("select cast(null as " ~ dbt.type_string()
            ~ ") as constraint_name, cast(null as bigint) as record_num, cast(null as "
            ~ dbt.type_string() ~ ") as unit_key where 1 = 0") -%}
    {%- endif -%}
    {% do identity_create_table_as(identity_scratch_relation('result'),
        "select distinct constraint_name, record_num, unit_key from ("
        ~ selects | join(' union all ') ~ ") as units") %}
    {%- for components in components_of.values() -%}
        {% do identity_drop_table(components) %}
    {%- endfor -%}
    {% do identity_write_cc_stats(runs) %}
{%- endmacro %}


{#- int_identity_links_decided: which identifier values may link, level by level.

    Records start apart. Link levels are taken strongest first. At each level every
    identifier value (a link group) would merge the clusters of the records carrying
    it. A value whose merge alone breaks a constraint is dropped; the other values of
    the level are merged together (connected components over the clusters), and a
    merged cluster that still breaks a constraint (values that are fine alone but not
    together) is not made: all of the level's values inside it are dropped. So a
    shared family phone cannot glue two people, while each person's own links stay. -#}
{% macro identity_build_link_decisions() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set edges = ref('int_identity_edges_proposed') -%}
    {%- set units = ref('int_identity_units_clustered') -%}
    {%- set constraints = ref('identity_constraints') -%}
    {%- set levels = run_query(
        "select distinct link_level from " ~ edges ~ " order by link_level desc") -%}
    {%- set runs = [] -%}
    {%- set w = namespace(clusters=identity_scratch_relation('clusters_0')) -%}
    {% do identity_create_table_as(w.clusters,
        "select record_num, record_num as cluster_num from (
            select record_num_a as record_num from " ~ edges ~ "
            union
            select record_num_b as record_num from " ~ edges ~ "
        ) as linked_records") %}
    {%- set decided = [] -%}
    {%- for level_row in levels.rows -%}
        {%- set level = level_row[0] | int -%}
        {%- set step = loop.index -%}
        {%- set touched = identity_scratch_relation('touched_' ~ step) -%}
        {%- set merging = identity_scratch_relation('merging_' ~ step) -%}
        {%- set items = identity_scratch_relation('items_' ~ step) -%}
        {%- set value_conflicts = identity_scratch_relation('value_conflicts_' ~ step) -%}
        {%- set merged = identity_scratch_relation('merged_' ~ step) -%}
        {%- set merged_conflicts = identity_scratch_relation('merged_conflicts_' ~ step) -%}
        {%- set decisions = identity_scratch_relation('decided_' ~ step) -%}
        {%- set next_clusters = identity_scratch_relation('clusters_' ~ step) -%}
        {#- the clusters each value of this level touches -#}
        {% do identity_create_table_as(touched,
            "select distinct ends.identifier_type, ends.identifier_value, ends.rule_name,
                clusters.cluster_num
            from (
                select identifier_type, identifier_value, rule_name, record_num_a as record_num
                from " ~ edges ~ " where link_level = " ~ level ~ "
                union all
                select identifier_type, identifier_value, rule_name, record_num_b as record_num
                from " ~ edges ~ " where link_level = " ~ level ~ "
            ) as ends
            inner join " ~ w.clusters ~ " as clusters on ends.record_num = clusters.record_num") %}
        {#- the values that touch two clusters or more, with the smallest (their anchor):
            only they merge anything; a value inside one cluster is decided by the
            stronger levels that made it and cannot break a constraint -#}
        {% do identity_create_table_as(merging,
            "select touched.identifier_type, touched.identifier_value, touched.cluster_num,
                merging_values.anchor_cluster_num
            from " ~ touched ~ " as touched
            inner join (
                select identifier_type, identifier_value, min(cluster_num) as anchor_cluster_num
                from " ~ touched ~ "
                group by identifier_type, identifier_value having count(*) > 1
            ) as merging_values
                on touched.identifier_type = merging_values.identifier_type
                and touched.identifier_value = merging_values.identifier_value") %}
        {#- the counted units of the clusters those values touch: both conflict checks
            below read only those, and a record without links is in no touched cluster -#}
        {% do identity_create_table_as(items,
            "select distinct clusters.cluster_num, units.constraint_name, units.unit_key
            from " ~ units ~ " as units
            inner join " ~ w.clusters ~ " as clusters on units.record_num = clusters.record_num
            where clusters.cluster_num in (select cluster_num from " ~ merging ~ ")") %}
        {#- values whose merge alone breaks a constraint -#}
        {% do identity_create_table_as(value_conflicts,
            "select counts.identifier_type, counts.identifier_value,
                min(counts.constraint_name) as constraint_name
            from (
                select merging.identifier_type, merging.identifier_value, items.constraint_name,
                    count(distinct items.unit_key) as units
                from " ~ merging ~ " as merging
                inner join " ~ items ~ " as items on merging.cluster_num = items.cluster_num
                group by merging.identifier_type, merging.identifier_value, items.constraint_name
            ) as counts
            inner join " ~ constraints ~ " as limits
                on counts.constraint_name = limits.constraint_name
            where counts.units > limits.max_per_customer
            group by counts.identifier_type, counts.identifier_value") %}
        {#- merge the clusters through the other values -#}
        {%- set stats = identity_connected_components(
            "select merging.anchor_cluster_num as node_a, merging.cluster_num as node_b
            from " ~ merging ~ " as merging
            left join " ~ value_conflicts ~ " as conflicts
                on merging.identifier_type = conflicts.identifier_type
                and merging.identifier_value = conflicts.identifier_value
            where conflicts.identifier_type is null", merged) -%}
        {%- do runs.append({'phase': 'links of level ' ~ level, 'stats': stats}) -%}
        {#- merged clusters that break a constraint are not made -#}
        {% do identity_create_table_as(merged_conflicts,
            "select counts.component, min(counts.constraint_name) as constraint_name
            from (
                select merged.component, items.constraint_name,
                    count(distinct items.unit_key) as units
                from " ~ merged ~ " as merged
                inner join " ~ items ~ " as items on merged.node = items.cluster_num
                group by merged.component, items.constraint_name
            ) as counts
            inner join " ~ constraints ~ " as limits
                on counts.constraint_name = limits.constraint_name
            where counts.units > limits.max_per_customer
            group by counts.component") %}
        {% do identity_create_table_as(decisions,
            "select values_of_level.identifier_type, values_of_level.identifier_value,
                values_of_level.rule_name,
                cast(" ~ level ~ " as integer) as link_level,
                values_of_level.clusters_touched,
                case
                    when value_conflicts.identifier_type is not null
                        or merged_conflicts.constraint_name is not null then 'dropped'
                    else 'accepted'
                end as decision,
                coalesce(value_conflicts.constraint_name, merged_conflicts.constraint_name)
                as constraint_name,
                case
                    when value_conflicts.identifier_type is not null then 'value breaks the constraint'
                    when merged_conflicts.constraint_name is not null
                        then 'values of the level together break the constraint'
                end as conflict_kind
            from (
                select identifier_type, identifier_value, rule_name,
                    count(*) as clusters_touched, min(cluster_num) as cluster_num
                from " ~ touched ~ "
                group by identifier_type, identifier_value, rule_name
            ) as values_of_level
            left join " ~ value_conflicts ~ " as value_conflicts
                on values_of_level.identifier_type = value_conflicts.identifier_type
                and values_of_level.identifier_value = value_conflicts.identifier_value
            left join " ~ merged ~ " as merged on values_of_level.cluster_num = merged.node
            left join " ~ merged_conflicts ~ " as merged_conflicts
                on merged.component = merged_conflicts.component
                and value_conflicts.identifier_type is null
                and values_of_level.clusters_touched > 1") %}
        {%- do decided.append(decisions) -%}
        {% do identity_create_table_as(next_clusters,
            "select clusters.record_num,
                coalesce(
                    case when merged_conflicts.component is null then merged.component end,
                    clusters.cluster_num
                ) as cluster_num
            from " ~ w.clusters ~ " as clusters
            left join " ~ merged ~ " as merged on clusters.cluster_num = merged.node
            left join " ~ merged_conflicts ~ " as merged_conflicts
                on merged.component = merged_conflicts.component") %}
        {%- for work in [w.clusters, touched, merging, items, value_conflicts, merged,
                merged_conflicts] -%}
            {% do identity_drop_table(work) %}
        {%- endfor -%}
        {%- set w.clusters = next_clusters -%}
    {%- endfor -%}
    {%- set selects = [] -%}
    {%- for decisions in decided -%}
        {%- do selects.append('select * from ' ~ decisions) -%}
    {%- endfor -%}
    {%- if not selects -%}
        {%- do selects.append("select cast(null as " ~ dbt.type_string() ~ ") as identifier_type,
            cast(null as " ~ dbt.type_string() ~ ") as identifier_value,
            cast(null as " ~ dbt.type_string() ~ ") as rule_name,
            cast(null as integer) as link_level, cast(null as bigint) as clusters_touched,
            cast(null as " ~ dbt.type_string() ~ ") as decision,
            cast(null as " ~ dbt.type_string() ~ ") as constraint_name,
            cast(null as " ~ dbt.type_string() ~ ") as conflict_kind where 1 = 0") -%}
    {%- endif -%}
    {% do identity_create_table_as(identity_scratch_relation('result'), selects | join(' union all ')) %}
    {%- for decisions in decided -%}
        {% do identity_drop_table(decisions) %}
    {%- endfor -%}
    {% do identity_drop_table(w.clusters) %}
    {% do identity_write_cc_stats(runs) %}
{%- endmacro %}


{#- int_identity_records_clustered: connected components over the accepted links. -#}
{#- The accepted links are read as the proposed ones minus the dropped values: the
    same set, because identity_build_link_decisions decides every value of every
    level, and the anti-join's hash table holds the few dropped values (thousands)
    instead of every accepted one (millions). scripts/benchmark.py clusters the
    inner join on accepted decisions with SciPy and checks the partitions agree. -#}
{% macro identity_build_record_clusters() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set stats = identity_connected_components(
        "select edges.record_num_a as node_a, edges.record_num_b as node_b
        from " ~ ref('int_identity_edges_proposed') ~ " as edges
        where not exists (
            select 1 from " ~ ref('int_identity_links_decided') ~ " as decisions
            where decisions.decision = 'dropped'
                and decisions.identifier_type = edges.identifier_type
                and decisions.identifier_value = edges.identifier_value
        )",
        identity_scratch_relation('result'), include_roots=false, count_nodes=false) -%}
    {% do identity_write_cc_stats([{'phase': 'accepted links', 'stats': stats}]) %}
{%- endmacro %}


{#- post_hook: drop the result table once the model has copied it. -#}
{% macro identity_drop_result() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {% do identity_drop_table(identity_scratch_relation('result')) %}
{%- endmacro %}
