{#- Run at the end of every dbt invocation (on-run-end): delete every row that
    belongs to an erased person from every table that declares how to find them,
    then from the raw tables behind the staging models, and write what was purged
    (file and line, never the values) to raw._erasure_purged so load accounting
    still adds up. What declares it, in each model's yml:
    - a column with `meta: {pii: <identifier type>}` (email, phone, loyalty_id,
      line_user_id, anonymous_id, ecommerce_customer_id): rows whose value is on the
      suppression list;
    - a column with `meta: {erase_by: customer}` or `{erase_by: record}`: rows of an
      erased customer id or record key;
    - model `meta: {erasure: {record_key: <sql or list>, raw_table: <raw table>,
      raw_key: [..], raw_key_sql: [..], identifier_key: <sql>}}`: record-key expressions, the raw table
      rows (by key) to purge with the model's, and an expression `<type>:<value>` for
      tables that hold identifiers of several types in one column.
    Scope: every table when this invocation built the suppression list and the list
    holds hashes no purge of every table has applied yet (raw._erasure_hashes_applied,
    hashes only): they must reach tables built earlier. Otherwise only the tables this
    invocation built, since every other table was purged against the same hashes when
    it was built or by an earlier purge of every table. -#}
{% macro purge_erased_persons(results=none) %}
    {% if not execute or flags.WHICH not in ('build', 'run') %}
        {{ return('') }}
    {% endif %}
    {% set suppression_node = model_node('privacy_suppression_list') %}
    {% set suppression = adapter.get_relation(
        suppression_node.database, suppression_node.schema, suppression_node.alias) %}
    {% if suppression is none %}
        {{ return('') }}
    {% endif %}
    {% set hashes %}select suppressed_hash from {{ suppression }}{% endset %}
    {% set text = dbt.type_string() %}
    {#- auto_begin: the deletes below run in dbt's transaction on the master connection,
        committed at the end (run_query alone opens none on PostgreSQL) -#}
    {% call statement('erasure_purged_table', auto_begin=true) %}
        create table if not exists raw._erasure_purged (table_name {{ text }}, file {{ text }},
            line_no bigint, line_count integer, purged_from {{ text }}, purged_at timestamp)
    {% endcall %}
    {% call statement('erasure_hashes_applied_table') %}
        create table if not exists raw._erasure_hashes_applied (suppressed_hash {{ text }})
    {% endcall %}
    {% set unapplied %}
        select suppressed_hash from {{ suppression }}
        where suppressed_hash not in (select applied.suppressed_hash from raw._erasure_hashes_applied as applied)
    {% endset %}
    {% set built = [] %}
    {% for result in results or [] %}
        {% do built.append(result.node.unique_id) %}
    {% endfor %}
    {% set everything = results is none
        or (suppression_node.unique_id in built
            and run_query('select count(*) from (' ~ unapplied ~ ') as unapplied').columns[0].values()[0] > 0) %}
    {% if everything %}
        {% do purge_quarantine_lines() %}
    {% endif %}
    {% set purged = [] %}
    {% for node in graph.nodes.values()
        if node.resource_type == 'model'
        and node.config.materialized in ('table', 'incremental')
        and (everything or node.unique_id in built) %}
        {% set condition = erasure_condition(node, hashes) %}
        {% set relation = adapter.get_relation(node.database, node.schema, node.alias) %}
        {% if condition and relation is not none %}
            {% set erasure = node.config.meta.get('erasure', {}) %}
            {% if erasure.get('raw_table') %}
                {% do purge_raw_rows(erasure.raw_table, erasure.raw_key, relation, condition,
                    erasure.get('raw_key_sql')) %}
            {% endif %}
            {% do delete_where(relation, condition) %}
            {% do purged.append(node.name) %}
        {% endif %}
    {% endfor %}
    {% if everything %}
        {% do run_query('insert into raw._erasure_hashes_applied ' ~ unapplied) %}
    {% endif %}
    {#- Hooks run in the master connection's open transaction: make the purge stick. -#}
    {% do adapter.commit() %}
    {% do log('erasure purge: checked ' ~ purged | length ~ ' tables ('
        ~ ('every table: the suppression list has new hashes' if everything
            else 'the tables this invocation built') ~ ')', info=true) %}
{% endmacro %}

{#- The where-clause that finds an erased person's rows in one model, or none. -#}
{% macro erasure_condition(node, hashes) %}
    {% set identifier_types = ['email', 'phone', 'loyalty_id', 'line_user_id',
        'anonymous_id', 'ecommerce_customer_id'] %}
    {% set terms = [] %}
    {% for column in node.columns.values() %}
        {% set pii = column.meta.get('pii') %}
        {% set erase_by = column.meta.get('erase_by') %}
        {% if pii in identifier_types %}
            {% do terms.append(privacy_hash("'" ~ pii ~ ":' || " ~ column.name)) %}
        {% elif erase_by in ('customer', 'record') %}
            {% do terms.append(privacy_hash("'" ~ erase_by ~ ":' || " ~ column.name)) %}
        {% endif %}
    {% endfor %}
    {% set record_keys = node.config.meta.get('erasure', {}).get('record_key') %}
    {% if record_keys is string %}
        {% set record_keys = [record_keys] %}
    {% endif %}
    {% for record_key in record_keys or [] %}
        {% do terms.append(privacy_hash("'record:' || " ~ record_key)) %}
    {% endfor %}
    {#- a column pair holding identifiers of several types, e.g. identifier_type || ':' || value -#}
    {% set identifier_key = node.config.meta.get('erasure', {}).get('identifier_key') %}
    {% if identifier_key %}
        {% do terms.append(privacy_hash(identifier_key)) %}
    {% endif %}
    {% if not terms %}
        {{ return(none) }}
    {% endif %}
    {% set clauses = [] %}
    {% for term in terms %}
        {% do clauses.append(term ~ ' in (' ~ hashes ~ ')') %}
    {% endfor %}
    {{ return('(' ~ clauses | join(' or ') ~ ')') }}
{% endmacro %}

{#- Raw rows share the staged row's key; all their versions go, each noted by file and line. -#}
{% macro purge_raw_rows(raw_table, raw_key, staged_relation, condition, raw_key_sql=none) %}
    {% set raw_relation = adapter.get_relation(target.database, 'raw', raw_table) %}
    {% if raw_relation is none %}
        {{ return('') }}
    {% endif %}
    {% set raw_key_expr = [] %}
    {% set staged_key_expr = [] %}
    {% for column in raw_key %}
        {#- raw_key_sql: how a raw value becomes the staged key, where staging does more than trim -#}
        {% do raw_key_expr.append(raw_key_sql[loop.index0] if raw_key_sql else 'trim(' ~ column ~ ')') %}
        {% do staged_key_expr.append(column) %}
    {% endfor %}
    {% set match %}
        ({{ raw_key_expr | join(", ") }}) in (
            select {{ staged_key_expr | join(", ") }} from {{ staged_relation }} where {{ condition }}
        )
    {% endset %}
    {% do run_query(
        "insert into raw._erasure_purged (table_name, file, line_no, purged_from, purged_at) "
        ~ "select '" ~ raw_table ~ "', _file, _line_no, 'raw', " ~ dbt.current_timestamp()
        ~ " from " ~ raw_relation ~ " where " ~ match
    ) %}
    {% do delete_where(raw_relation, match) %}
{% endmacro %}

{#- The relation of a model by name, if it has been built. -#}
{% macro privacy_relation_of(model_name) %}
    {% set node = model_node(model_name) %}
    {% if node is none %}
        {{ return(none) }}
    {% endif %}
    {{ return(adapter.get_relation(node.database, node.schema, node.alias)) }}
{% endmacro %}

{#- Quarantined lines are raw text: find the erased persons' emails and phones in
    them while the clear values are still at hand (this run's matches), before the
    tables holding them are purged. -#}
{% macro purge_quarantine_lines() %}
    {% set matched = privacy_relation_of('int_erasure_records_matched') %}
    {% set identifiers = privacy_relation_of('int_identifiers_unioned') %}
    {% set quarantine = adapter.get_relation(target.database, 'raw', '_quarantine') %}
    {% if matched is none or identifiers is none or quarantine is none %}
        {{ return('') }}
    {% endif %}
    {% set needles %}
        select distinct
            identifiers.identifier_type,
            case
                when identifiers.identifier_type = 'phone'
                    then right(identifiers.identifier_value, 9)
                else identifiers.identifier_value
            end as needle
        from {{ identifiers }} as identifiers
        inner join {{ matched }} as matched
            on identifiers.record_key = matched.record_key
        where identifiers.identifier_type in ('email', 'phone')
    {% endset %}
    {#- Each line's probes are computed once, then joined to the needles by
        position(): an exists() with both probes inside ran them once per
        line-and-needle pair (60x slower at 100,000 persons). -#}
    {% set hits %}
        with lines as (
            select
                file,
                line_no,
                lower(raw_text) as text_probe,
                {{ regex_replace_all('raw_text', '[^0-9]', '') }} as digit_probe
            from {{ quarantine }}
        ),
        needles as ({{ needles }}),
        hit_lines as (
            select lines.file, lines.line_no
            from lines
            inner join needles
                on needles.identifier_type = 'email'
                and position(needles.needle in lines.text_probe) > 0
            union
            select lines.file, lines.line_no
            from lines
            inner join needles
                on needles.identifier_type = 'phone'
                and position(needles.needle in lines.digit_probe) > 0
        )
        select file, line_no from hit_lines
    {% endset %}
    {% do run_query(
        "insert into raw._erasure_purged select quarantine.table_name, quarantine.file, "
        ~ "quarantine.line_no, quarantine.line_count, 'quarantine', "
        ~ dbt.current_timestamp() ~ " from " ~ quarantine ~ " as quarantine where "
        ~ "(quarantine.file, quarantine.line_no) in (" ~ hits ~ ")"
    ) %}
    {% do delete_where(quarantine, "(file, line_no) in (select file, line_no from "
        ~ "raw._erasure_purged where purged_from = 'quarantine')") %}
{% endmacro %}
