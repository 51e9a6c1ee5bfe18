{#- The purge reaches raw rows through their staged row's key (purge_raw_rows): every
    version of a key whose current version is an erased person's. An older version of
    a key whose current version belongs to someone else (a contact whose email changed
    hands) keeps the erased value, so each raw table's identifier columns (source
    columns with `meta: {pii: <identifier type>}`) are read themselves: values of the
    rows loaded since the table's last scan (erasure_marks.sql) against the whole
    list and, when the list has new hashes, every value against those (by value when
    the run holds their clear values). Values are normalized as staging normalizes
    them, once per distinct value: a raw column repeats its values many times. -#}
{% macro purge_raw_identifier_versions(hashes, everything, clear_terms) %}
    {% do erasure_marks_table() %}
    {% for relation, columns in erasure_raw_identifier_tables() %}
        {% set scanned_through = erasure_mark(relation) %}
        {% set first_scan = run_query(
            'select ' ~ scanned_through ~ ' is null').columns[0].values()[0] %}
        {#- rows whose values are hashed against the whole list: those loaded since the
            last scan, or every row on the first scan or when the list has new hashes
            and no clear values are at hand -#}
        {% set hashed_rows = none if first_scan or (everything and clear_terms is none)
            else '_loaded_at >= ' ~ scanned_through %}
        {% set matches = [] %}
        {% for column in columns %}
            {% set term = "'" ~ column.meta.pii ~ ":' || "
                ~ erasure_raw_identifier('distinct_values.raw_value', column.meta.pii) %}
            {% set erased = [erased_raw_values(relation, column.name, hashed_rows,
                privacy_hash(term) ~ ' in (' ~ hashes ~ ')')] %}
            {% if hashed_rows and everything and clear_terms is not none %}
                {% do erased.append(erased_raw_values(relation, column.name, none,
                    term ~ ' in (select clear_value from ' ~ clear_terms ~ ')')) %}
            {% endif %}
            {% do matches.append(column.name ~ ' in (' ~ erased | join(' union ') ~ ')') %}
        {% endfor %}
        {% set match = '(' ~ matches | join(' or ') ~ ')' %}
        {% set noted %}
            from raw._erasure_purged as purged
            where purged.table_name = '{{ relation.identifier }}' and purged.purged_from = 'raw'
        {% endset %}
        {% set noted_before = run_query('select count(*) ' ~ noted).columns[0].values()[0] %}
        {% do run_query(
            "insert into raw._erasure_purged (table_name, file, line_no, purged_from, purged_at) "
            ~ "select '" ~ relation.identifier ~ "', _file, _line_no, 'raw', "
            ~ dbt.current_timestamp() ~ " from " ~ relation ~ " where " ~ match) %}
        {#- delete the rows just noted (every noted row is gone already): matching the
            values again would cost as much as the insert -#}
        {% if run_query('select count(*) ' ~ noted).columns[0].values()[0] > noted_before %}
            {% do delete_where(relation, "(_file, _line_no) in (select purged.file, "
                ~ "purged.line_no " ~ noted ~ ")") %}
        {% endif %}
        {% do erasure_set_mark(relation) %}
    {% endfor %}
{% endmacro %}

{#- [relation, identifier columns] of every loaded raw table with a column tagged `pii`. -#}
{% macro erasure_raw_identifier_tables() %}
    {% set tables = [] %}
    {% for source in graph.sources.values() %}
        {% set columns = [] %}
        {% for column in source.columns.values() if column.meta.get('pii') %}
            {% do columns.append(column) %}
        {% endfor %}
        {% set relation = adapter.get_relation(source.database, source.schema, source.identifier)
            if columns else none %}
        {% if relation is not none %}
            {% do tables.append([relation, columns]) %}
        {% endif %}
    {% endfor %}
    {{ return(tables) }}
{% endmacro %}

{#- The distinct values of a raw column (of the rows `rows_filter` selects, or all)
    that `value_filter` finds erased; it reads each value as `distinct_values.raw_value`. -#}
{% macro erased_raw_values(relation, column_name, rows_filter, value_filter) %}
    {% set values %}
        select distinct_values.raw_value
        from (
            select distinct {{ column_name }} as raw_value from {{ relation }}
            {% if rows_filter %}where {{ rows_filter }}{% endif %}
        ) as distinct_values
        where {{ value_filter }}
    {% endset %}
    {{ return(values) }}
{% endmacro %}

{#- A raw identifier as staging normalizes it (the staging models use these macros). -#}
{% macro erasure_raw_identifier(column, identifier_type) %}
    {% if identifier_type == 'email' %}
        {{ return(normalize_email(column)) }}
    {% elif identifier_type == 'phone' %}
        {{ return(normalize_thai_phone(column)) }}
    {% elif identifier_type == 'loyalty_id' %}
        {{ return(normalize_loyalty_id(column)) }}
    {% elif identifier_type == 'line_user_id' %}
        {{ return(normalize_line_user_id(column)) }}
    {% else %}
        {{ return(clean_text(column)) }}
    {% endif %}
{% endmacro %}
