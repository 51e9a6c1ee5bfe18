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
    it was built or by an earlier purge of every table; none at all when this
    invocation read no raw source and every hash on the list is applied (its tables
    were built from tables already purged against every hash).
    How rows are found: tables already purged against every applied hash need only
    the new ones, whose clear values this run still holds (int_erasure_clear_values):
    they are matched by value, with no hash computed per row. Tables this invocation
    built from raw sources, and any purge where a new hash has no clear value at hand,
    are matched by hashing each row against the whole list; in an incremental staging
    table, only the rows loaded since its last check (erasure_marks.sql). -#}
{% macro purge_erased_persons(results=none) %}
    {% if not execute or flags.WHICH not in ('build', 'run') %}
        {{ return('') }}
    {% endif %}
    {% set suppression_node = model_node('privacy_suppression_list') %}
    {% set suppression = adapter.get_relation(
        suppression_node.database, suppression_node.schema, suppression_node.alias) %}
    {% if suppression is none %}
        {% do erasure_mark_before_the_first_list(results) %}
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
    {% do erasure_marks_table() %}
    {% set unapplied %}
        select suppressed_hash from {{ suppression }}
        where suppressed_hash not in (select applied.suppressed_hash from raw._erasure_hashes_applied as applied)
    {% endset %}
    {% set built = [] %}
    {% for result in results or [] %}
        {% do built.append(result.node.unique_id) %}
    {% endfor %}
    {% set unapplied_count = run_query(
        'select count(*) from (' ~ unapplied ~ ') as unapplied').columns[0].values()[0] %}
    {% set everything = results is none
        or (suppression_node.unique_id in built and unapplied_count > 0) %}
    {% set clear_terms = erasure_clear_terms(unapplied) if everything and results is not none else none %}
    {#- tables built from raw sources in this invocation may hold persons erased long ago -#}
    {% set built_from_sources = [] %}
    {% for unique_id in built
        if unique_id in graph.nodes and graph.nodes[unique_id].resource_type == 'model' %}
        {% for parent in graph.nodes[unique_id].depends_on.nodes if parent.startswith('source.') %}
            {% do built_from_sources.append(unique_id) %}
        {% endfor %}
    {% endfor %}
    {#- Built only from tables that met every hash on the list (no raw source read, no
        hash unapplied): they hold no erased person, so there is nothing to look for. -#}
    {% set from_purged_tables = not everything and not built_from_sources and unapplied_count == 0 %}
    {#- against the same hashes as the last check: staging rows loaded since it will do -#}
    {% set since_last_check = not everything and unapplied_count == 0 %}
    {% do purge_quarantine_lines(hashes, everything, clear_terms) %}
    {% do purge_unkeyed_raw_rows(hashes, everything, clear_terms) %}
    {% set purged = [] %}
    {% set checked_staging = [] %}
    {% for node in graph.nodes.values()
        if node.resource_type == 'model'
        and node.config.materialized in ('table', 'incremental')
        and (everything or (node.unique_id in built and not from_purged_tables)) %}
        {% set by_value = clear_terms is not none
            and (node.unique_id not in built or not built_from_sources) %}
        {% set condition = erasure_condition(node, hashes, clear_terms if by_value else none) %}
        {% set relation = adapter.get_relation(node.database, node.schema, node.alias) %}
        {% set tracked = erasure_tracks_staged_rows(node, relation) %}
        {% if condition and tracked and since_last_check %}
            {% set condition = erasure_rows_since_last_check(relation, condition) %}
        {% endif %}
        {% if condition and relation is not none %}
            {% set erasure = node.config.meta.get('erasure', {}) %}
            {% if erasure.get('raw_table') %}
                {% do purge_raw_rows(erasure.raw_table, erasure.raw_key, relation, condition,
                    erasure.get('raw_key_sql')) %}
            {% endif %}
            {% do delete_where(relation, condition) %}
            {% do purged.append(node.name) %}
            {#- a check by value met only the new hashes: it does not move the mark -#}
            {% if tracked and not by_value %}
                {% do checked_staging.append(relation) %}
            {% endif %}
        {% endif %}
    {% endfor %}
    {% do purge_raw_identifier_versions(hashes, everything, clear_terms) %}
    {% do erasure_mark_checked_staging(checked_staging) %}
    {% if everything %}
        {% do run_query('insert into raw._erasure_hashes_applied ' ~ unapplied) %}
    {% endif %}
    {% if clear_terms is not none %}
        {% do run_query('drop table if exists ' ~ clear_terms) %}
    {% endif %}
    {#- Hooks run in the master connection's open transaction: make the purge stick. -#}
    {% do adapter.commit() %}
    {% if from_purged_tables %}
        {% do log('erasure purge: checked 0 tables (none: this invocation built only from '
            ~ 'tables already purged against every hash on the list)', info=true) %}
    {% else %}
        {% do log('erasure purge: checked ' ~ purged | length ~ ' tables ('
            ~ ('every table: the suppression list has new hashes' if everything
                else 'the tables this invocation built') ~ ')'
            ~ '; rows found ' ~ ('by salted hash' if clear_terms is none
                else 'by value' if not built_from_sources
                else 'by value, and by salted hash in the tables built from raw sources')
            ~ ('; in staging tables, only rows loaded since their last check'
                if checked_staging and since_last_check else ''),
            info=true) %}
    {% endif %}
{% endmacro %}

{#- Whether a purge of this table notes how far it checked the table's rows: an
    incremental staging model with `_loaded_at`, not being rebuilt whole. -#}
{% macro erasure_tracks_staged_rows(node, relation) %}
    {% if relation is none or node.config.materialized != 'incremental'
        or not node.original_file_path.startswith('models/staging/')
        or flags.FULL_REFRESH or node.config.full_refresh %}
        {{ return(false) }}
    {% endif %}
    {% set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list %}
    {{ return('_loaded_at' in columns) }}
{% endmacro %}

{#- A staging row loaded before the last check of its table was checked then against
    every hash applied so far, and it cannot change since: an incremental build restages
    only keys with raw rows loaded since its watermark, and the purge deletes every raw
    version of a key it purges. Against the same hashes only the rows loaded since need
    checking (`>=`: rows of the last check's own load time may have arrived after it). -#}
{% macro erasure_rows_since_last_check(relation, condition) %}
    {% set last_check = erasure_mark(relation) %}
    {{ return('(' ~ last_check ~ ' is null or _loaded_at >= ' ~ last_check ~ ') and ' ~ condition) }}
{% endmacro %}

{#- Before the first suppression list every row has met every hash there is (none):
    the staging tables this invocation built and the raw tables are marked as checked,
    so the purge that applies the first list matches their rows by value rather than
    hashing every row. -#}
{% macro erasure_mark_before_the_first_list(results) %}
    {% set built = [] %}
    {% for result in results or [] if result.node.resource_type == 'model' %}
        {% set relation = adapter.get_relation(
            result.node.database, result.node.schema, result.node.alias) %}
        {% if erasure_tracks_staged_rows(result.node, relation) %}
            {% do built.append(relation) %}
        {% endif %}
    {% endfor %}
    {% set raw_tables = erasure_raw_identifier_tables() %}
    {#- nothing loaded or staged yet (and maybe no raw schema): nothing to mark -#}
    {% if not built and not raw_tables %}
        {{ return('') }}
    {% endif %}
    {% do erasure_marks_table() %}
    {% do erasure_mark_checked_staging(built) %}
    {% for relation, columns in raw_tables %}
        {% do erasure_set_mark(relation) %}
    {% endfor %}
    {% do adapter.commit() %}
{% endmacro %}

{#- After the purge: how far each checked staging table's rows have been checked. -#}
{% macro erasure_mark_checked_staging(relations) %}
    {% for relation in relations %}
        {% do erasure_set_mark(relation) %}
    {% endfor %}
{% endmacro %}

{#- A temporary table of the clear values behind the unapplied hashes, read from
    int_erasure_clear_values before anything is deleted; none when some unapplied hash
    has no clear value at hand (say, a list built by a run whose purge failed and whose
    data has changed since): the purge then hashes every row. -#}
{% macro erasure_clear_terms(unapplied) %}
    {{ return(adapter.dispatch('erasure_clear_terms', 'customer360')(unapplied)) }}
{% endmacro %}

{% macro default__erasure_clear_terms(unapplied) %}
    {% set clear_values = privacy_relation_of('int_erasure_clear_values') %}
    {% if clear_values is none %}
        {{ return(none) }}
    {% endif %}
    {% set scratch = '_erasure_clear_terms' %}
    {% do run_query('drop table if exists ' ~ scratch) %}
    {% do run_query(
        'create temporary table ' ~ scratch ~ ' as select distinct clear_value, suppressed_hash from ('
        ~ 'select clear_value, ' ~ privacy_hash('clear_value') ~ ' as suppressed_hash from '
        ~ clear_values ~ ') as hashed where suppressed_hash in (' ~ unapplied ~ ')') %}
    {% set uncovered = run_query(
        'select count(*) from (' ~ unapplied ~ ') as unapplied where suppressed_hash not in ('
        ~ 'select covered.suppressed_hash from ' ~ scratch ~ ' as covered)').columns[0].values()[0] %}
    {% if uncovered > 0 %}
        {% do run_query('drop table if exists ' ~ scratch) %}
        {{ return(none) }}
    {% endif %}
    {{ return(scratch) }}
{% endmacro %}

{#- Spark has no transaction-scoped temporary table to hold clear values: it hashes every row. -#}
{% macro spark__erasure_clear_terms(unapplied) %}
    {{ return(none) }}
{% endmacro %}

{#- The where-clause that finds an erased person's rows in one model, or none. -#}
{% macro erasure_condition(node, hashes, clear_terms=none) %}
    {% set identifier_types = ['email', 'phone', 'loyalty_id', 'line_user_id',
        'anonymous_id', 'ecommerce_customer_id'] %}
    {% set terms = [] %}
    {% for column in node.columns.values() %}
        {% set pii = column.meta.get('pii') %}
        {% set erase_by = column.meta.get('erase_by') %}
        {% if pii in identifier_types %}
            {% do terms.append("'" ~ pii ~ ":' || " ~ column.name) %}
        {% elif erase_by in ('customer', 'record') %}
            {% do terms.append("'" ~ erase_by ~ ":' || " ~ column.name) %}
        {% endif %}
    {% endfor %}
    {% set record_keys = node.config.meta.get('erasure', {}).get('record_key') %}
    {% if record_keys is string %}
        {% set record_keys = [record_keys] %}
    {% endif %}
    {% for record_key in record_keys or [] %}
        {% do terms.append("'record:' || " ~ record_key) %}
    {% endfor %}
    {#- a column pair holding identifiers of several types, e.g. identifier_type || ':' || value -#}
    {% set identifier_key = node.config.meta.get('erasure', {}).get('identifier_key') %}
    {% if identifier_key %}
        {% do terms.append(identifier_key) %}
    {% endif %}
    {% if not terms %}
        {{ return(none) }}
    {% endif %}
    {% set clauses = [] %}
    {% for term in terms %}
        {% if clear_terms is not none %}
            {% do clauses.append('(' ~ term ~ ') in (select clear_value from ' ~ clear_terms ~ ')') %}
        {% else %}
            {% do clauses.append(privacy_hash(term) ~ ' in (' ~ hashes ~ ')') %}
        {% endif %}
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

{#- Quarantined lines are raw text no model reads: an erased person's email or
    phone is looked for in the text itself. Lines quarantined since the last scan
    (raw._erasure_quarantine_scans) are checked against the whole suppression list,
    so a broken line re-sent after the erasure goes too; when the list has new
    hashes, every line is checked against those: by value where this run holds
    their clear values (`clear_terms`), else by hash. -#}
{% macro purge_quarantine_lines(hashes, everything, clear_terms) %}
    {% set quarantine = adapter.get_relation(target.database, 'raw', '_quarantine') %}
    {% if quarantine is none %}
        {{ return('') }}
    {% endif %}
    {% set scanned_through = erasure_scan_mark('raw._erasure_quarantine_scans') %}
    {% set new_lines %}
        select file, line_no, raw_text from {{ quarantine }}
        where {{ scanned_through }} is null or loaded_at >= {{ scanned_through }}
    {% endset %}
    {% set all_lines %}select file, line_no, raw_text from {{ quarantine }}{% endset %}
    {% set hits = erased_text_lines(new_lines, all_lines, hashes, everything, clear_terms) %}
    {% do run_query(
        "insert into raw._erasure_purged select quarantine.table_name, quarantine.file, "
        ~ "quarantine.line_no, quarantine.line_count, 'quarantine', "
        ~ dbt.current_timestamp() ~ " from " ~ quarantine ~ " as quarantine where "
        ~ "(quarantine.file, quarantine.line_no) in (" ~ hits ~ ")"
    ) %}
    {% do delete_where(quarantine, "(file, line_no) in (select file, line_no from "
        ~ "raw._erasure_purged where purged_from = 'quarantine')") %}
    {#- after the scan, which read its new lines against the previous mark -#}
    {% do run_query(
        "insert into raw._erasure_quarantine_scans select max(loaded_at) from " ~ quarantine) %}
{% endmacro %}

{#- Raw rows that fail their table's key rule (listed in stg_quarantine) are never
    staged, so no staged key leads the purge to them: their text columns are scanned
    like quarantined lines (raw._erasure_unkeyed_scans marks how far), and a hit is
    deleted from raw and noted in raw._erasure_purged. -#}
{% macro purge_unkeyed_raw_rows(hashes, everything, clear_terms) %}
    {% set unkeyed = privacy_relation_of('stg_quarantine') %}
    {% if unkeyed is none %}
        {{ return('') }}
    {% endif %}
    {% set scanned_through = erasure_scan_mark('raw._erasure_unkeyed_scans') %}
    {% set tables = run_query('select distinct source_table from ' ~ unkeyed).columns[0].values() %}
    {% for raw_table in staging_key_rules() if raw_table in tables %}
        {% set relation = adapter.get_relation(target.database, 'raw', raw_table) %}
        {% if relation is not none %}
            {% set text_columns = [] %}
            {% for column in adapter.get_columns_in_relation(relation)
                if not column.name.startswith('_') %}
                {% do text_columns.append(adapter.quote(column.name)) %}
            {% endfor %}
            {% set rows_of %}
                select _file as file, _line_no as line_no,
                    concat_ws(' ', {{ text_columns | join(', ') }}) as raw_text
                from {{ relation }}
                where (_file, _line_no) in (
                    select unkeyed._file, unkeyed._line_no from {{ unkeyed }} as unkeyed
                    where unkeyed.source_table = '{{ raw_table }}'
            {% endset %}
            {% set new_rows = rows_of ~ ' and (' ~ scanned_through ~ ' is null or unkeyed._loaded_at >= '
                ~ scanned_through ~ '))' %}
            {% set all_rows = rows_of ~ ')' %}
            {% set match = '(_file, _line_no) in ('
                ~ erased_text_lines(new_rows, all_rows, hashes, everything, clear_terms) ~ ')' %}
            {% do run_query(
                "insert into raw._erasure_purged (table_name, file, line_no, purged_from, purged_at) "
                ~ "select '" ~ raw_table ~ "', _file, _line_no, 'raw', " ~ dbt.current_timestamp()
                ~ " from " ~ relation ~ " where " ~ match) %}
            {% do delete_where(relation, match) %}
        {% endif %}
    {% endfor %}
    {% do run_query(
        "insert into raw._erasure_unkeyed_scans select max(_loaded_at) from " ~ unkeyed) %}
{% endmacro %}

{#- How far `scans_table` (one row per scan) says text was scanned: a subquery, null
    before the first scan. Creates the table on first use. -#}
{% macro erasure_scan_mark(scans_table) %}
    {% call statement('erasure_scans_table') %}
        create table if not exists {{ scans_table }} (scanned_through timestamp)
    {% endcall %}
    {{ return('(select max(scans.scanned_through) from ' ~ scans_table ~ ' as scans)') }}
{% endmacro %}

{#- A select of (file, line_no) of the text lines that name an erased person: new
    lines hashed against the whole list; when the list has new hashes, every line
    against those, by value where this run holds their clear values, else by hash. -#}
{% macro erased_text_lines(new_lines, all_lines, hashes, everything, clear_terms) %}
    {% if everything and clear_terms is none %}
        {{ return(text_lines_with_hashed_terms(all_lines, hashes)) }}
    {% endif %}
    {% set hits = [text_lines_with_hashed_terms(new_lines, hashes)] %}
    {% if everything %}
        {% do hits.append(text_lines_with_clear_terms(all_lines, clear_terms)) %}
    {% endif %}
    {{ return(hits | join(' union ')) }}
{% endmacro %}

{#- (file, line_no) of the lines whose email-like tokens, LINE user ids, loyalty ids or
    Thai phone numbers (every run of 8 or 9 of the line's digits, read as +66 and the
    national number) hash into the suppression list. -#}
{% macro text_lines_with_hashed_terms(lines_sql, hashes) %}
    {% set digits = regex_replace_all('raw_text', '[^0-9]', '') %}
    {% set longest = run_query(
        'select max(length(' ~ digits ~ ')) from (' ~ lines_sql ~ ') as lines'
    ).columns[0].values()[0] %}
    {% set probes = '(select file, line_no, lower(raw_text) as text_probe from ('
        ~ lines_sql ~ ') as lines) as probes' %}
    {#- email-like tokens, LINE user ids (U and 32 hex) and loyalty ids (L and digits) -#}
    {% set token_terms = [
        ('[a-z0-9._%+-]+@[a-z0-9.-]+[.][a-z]{2,}', "'email:' || " ~ normalize_email('tokens.token')),
        ('u[0-9a-f]{32}', "'line_user_id:' || " ~ normalize_line_user_id('tokens.token')),
        ('l[0-9]+', "'loyalty_id:' || " ~ normalize_loyalty_id('tokens.token')),
    ] %}
    {% set hits %}
        select distinct candidates.file, candidates.line_no
        from (
            {%- for pattern, term in token_terms %}
                {% if not loop.first %}union all{% endif %}
                select tokens.file, tokens.line_no, {{ term }} as term
                from (
                    {{ regex_extract_all_rows(probes, 'text_probe', pattern, ['file', 'line_no']) }}
                ) as tokens
            {%- endfor %}
            {% if longest and longest >= 8 %}
                union all
                select digit_lines.file, digit_lines.line_no,
                    'phone:+66' || substr(digit_lines.digits, positions.n, widths.width) as term
                from (
                    select file, line_no, {{ digits }} as digits from ({{ lines_sql }}) as lines
                ) as digit_lines
                cross join (select 8 as width union all select 9 as width) as widths
                inner join ({{ integer_series(longest) }}) as positions
                    on positions.n <= length(digit_lines.digits) - widths.width + 1
            {% endif %}
        ) as candidates
        where {{ privacy_hash('candidates.term') }} in ({{ hashes }})
    {% endset %}
    {{ return(hits) }}
{% endmacro %}

{#- (file, line_no) of the lines holding, as text, an email, LINE user id, loyalty id or
    phone among the clear values of this run's new hashes: the lower-cased text holds
    the first three, the line's digits the national number. -#}
{% macro text_lines_with_clear_terms(lines_sql, clear_terms) %}
    {% set hits %}
        select lines.file, lines.line_no
        from (
            select file, line_no, lower(raw_text) as text_probe,
                {{ regex_replace_all('raw_text', '[^0-9]', '') }} as digit_probe
            from ({{ lines_sql }}) as quarantined
        ) as lines
        inner join (
            select
                case
                    when clear_value like 'email:%' then substr(clear_value, 7)
                    when clear_value like 'line_user_id:%' then lower(substr(clear_value, 14))
                    when clear_value like 'loyalty_id:%' then lower(substr(clear_value, 12))
                end as text_needle,
                case when clear_value like 'phone:+66%' then substr(clear_value, 10) end as national
            from {{ clear_terms }}
            where clear_value like 'email:%' or clear_value like 'phone:+66%'
                or clear_value like 'line_user_id:%' or clear_value like 'loyalty_id:%'
        ) as needles
            on position(needles.text_needle in lines.text_probe) > 0
            or position(needles.national in lines.digit_probe) > 0
    {% endset %}
    {{ return(hits) }}
{% endmacro %}
