-- Every connected-components run of identity resolution converged within its bound.
select
    model_name,
    phase,
    rounds,
    max_rounds
from {{ ref('identity_resolution_convergence') }}
where not is_converged or rounds > max_rounds
