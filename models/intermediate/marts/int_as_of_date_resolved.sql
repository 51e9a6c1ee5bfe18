-- One row: the date every window of the marts is measured back from. The var
-- `as_of_date` when set, else the date of the latest touchpoint, so the same
-- data always gives the same marts (never current_date).
{%- set as_of = var('as_of_date') %}

with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

latest_touchpoint as (
    select max(touchpoint_date) as latest_touchpoint_date
    from touchpoints
),

final as (
    select
        {% if as_of -%}
            cast('{{ as_of }}' as date)
        {%- else -%}
            cast(latest_touchpoint_date as date)
        {%- endif %} as as_of_date,
        cast(latest_touchpoint_date as date) as latest_touchpoint_date
    from latest_touchpoint
)

select * from final
