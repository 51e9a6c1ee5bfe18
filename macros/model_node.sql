{#- The graph node of a model by name, or none (the BI masks and the erasure purge
    read the columns' meta and the model's unique_id from it). -#}
{% macro model_node(model_name) %}
    {% for node in graph.nodes.values()
        if node.resource_type == 'model' and node.name == model_name %}
        {{ return(node) }}
    {% endfor %}
    {{ return(none) }}
{% endmacro %}
