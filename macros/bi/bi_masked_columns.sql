{#- The select list of a mart for BI users: every column of the mart, in order,
    with the ones tagged `meta: {pii: ...}` in its yml masked or hashed, so the
    bi schema keeps the mart's shape without clear personal data. Before the
    graph is known (parsing) it selects *. -#}
{% macro bi_masked_columns(model_name) %}
    {% if not execute %}
        {{ return('*') }}
    {% endif %}
    {% set node = model_node(model_name) %}
    {% if node is none or not node.columns %}
        {{ return('*') }}
    {% endif %}
    {% set items = [] %}
    {% for column in node.columns.values() %}
        {% do items.append(bi_mask(column.name, column.meta.get('pii')) ~ ' as ' ~ column.name) %}
    {% endfor %}
    {{ return(items | join(',\n    ')) }}
{% endmacro %}

{#- How one column is shown to BI users, by its pii tag. -#}
{% macro bi_mask(column, pii) %}
    {% if pii is none %}
        {{ return(column) }}
    {% elif pii == 'email' %}
        {{ return(mask_email(column)) }}
    {% elif pii == 'phone' %}
        {{ return(mask_phone(column)) }}
    {% elif pii == 'name' %}
        {{ return("left(" ~ column ~ ", 1) || '.'") }}
    {% elif pii == 'birth_date' %}
        {{ return('cast(' ~ dbt.date_trunc('year', column) ~ ' as date)') }}
    {% elif pii in ('free_text', 'address') %}
        {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
    {% else %}
        {#- identifiers and record ids: a salted hash still joins across marts -#}
        {{ return(privacy_hash(column)) }}
    {% endif %}
{% endmacro %}

{#- j***@example.co.th: first letter and the domain, enough to spot a typo. -#}
{% macro mask_email(column) %}
    {{ return(
        "case when " ~ column ~ " is not null then left(" ~ column ~ ", 1) || '***@' || "
        ~ "split_part(" ~ column ~ ", '@', 2) end"
    ) }}
{% endmacro %}

{#- +66*****5678: country code and the last four digits. -#}
{% macro mask_phone(column) %}
    {{ return(
        "case when " ~ column ~ " is not null then left(" ~ column ~ ", 3) || '*****' || "
        ~ "right(" ~ column ~ ", 4) end"
    ) }}
{% endmacro %}
