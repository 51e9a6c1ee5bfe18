{#- Incremental staging: a day's batch restages only the keys it touched.

    The watermark is the latest `_loaded_at` already staged in {{ this }}. A key
    is touched when any of its raw rows was loaded at or after the watermark;
    every raw version of a touched key (old files included) is deduplicated
    again, and the model replaces those keys (delete+insert by unique_key).
    `>=` rather than `>`: a load stamps all its files with one `_loaded_at` and
    commits them one by one, so rows with the watermark's own timestamp may have
    arrived after the last run. Restaging them again is harmless (the result of
    a key depends only on its raw versions); missing them would not be. -#}
{% macro staging_watermark() -%}
    {%- if is_incremental() -%}
        (
            select coalesce(max(_loaded_at), cast('1900-01-01' as {{ dbt.type_timestamp() }}))
            from {{ this }}
        )
    {%- else -%}
        cast('1900-01-01' as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}


{#- The rows of `relation` whose key (`key_columns`) has a row loaded since the
    last run: all rows on a full build, all versions of the touched keys on an
    incremental one. -#}
{% macro staging_touched_keys(relation, key_columns) -%}
    {%- set keys = key_columns | join(', ') -%}
    select *
    from {{ relation }}
    {%- if is_incremental() %}
    where ({{ keys }}) in (
        select {{ keys }}
        from {{ relation }}
        where _loaded_at >= {{ customer360.staging_watermark() }}
    )
    {%- endif %}
{%- endmacro %}


{#- Rows of a raw table not yet staged (stg_quarantine: raw rows never change,
    so only newly loaded ones need judging). -#}
{% macro staging_loaded_since_last_run() -%}
    {%- if is_incremental() -%}
        _loaded_at >= {{ customer360.staging_watermark() }}
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}


{#- Post-hook of a model derived row by row from a parent staging model (both
    carrying the parent version's `_file` and `_line_no`): delete the rows whose
    parent version is no longer the current one. delete+insert replaces only the
    keys a run produces rows for; this removes rows of parents whose new version
    produces none, and is a no-op after a full build. Runs its statements
    itself (delete_where) and renders to nothing. -#}
{% macro delete_rows_of_replaced_versions(parent, key_column) -%}
    {%- if is_incremental() -%}
        {% do customer360.delete_where(this, "not exists (
            select 1
            from " ~ parent ~ " as parents
            where
                parents." ~ key_column ~ " = current_rows." ~ key_column ~ "
                and parents._file = current_rows._file
                and parents._line_no = current_rows._line_no
        )", alias='current_rows') %}
    {%- endif -%}
{%- endmacro %}
