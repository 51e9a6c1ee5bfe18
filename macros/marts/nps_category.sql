{#- The NPS category of a 0-10 score: promoter from var
    `nps_promoter_min_score` (9), passive from `nps_passive_min_score` (7),
    detractor below; null when there is no score. -#}
{% macro nps_category(score) -%}
    case
        when {{ score }} >= {{ var('nps_promoter_min_score') }} then 'promoter'
        when {{ score }} >= {{ var('nps_passive_min_score') }} then 'passive'
        when {{ score }} is not null then 'detractor'
    end
{%- endmacro %}
