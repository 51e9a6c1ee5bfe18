-- One row per connected-components run of the latest identity resolution: how many
-- rounds it took against its hard bound, and whether it converged (the macro also
-- fails the run when it does not).
-- depends_on: {{ ref('int_identity_units_clustered') }}
-- depends_on: {{ ref('int_identity_links_decided') }}
-- depends_on: {{ ref('int_identity_records_clustered') }}
{%- set models = ['int_identity_units_clustered', 'int_identity_links_decided',
    'int_identity_records_clustered'] %}

{% for model in models %}
    select
        model_name,
        phase,
        nodes,
        initial_edges,
        rounds,
        pointer_jumps,
        max_rounds,
        is_converged,
        run_id
    from {{ identity_work_relation('cc_stats', ref(model)) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
