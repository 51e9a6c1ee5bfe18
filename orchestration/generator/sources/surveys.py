"""surveys/responses: NPS and CSAT answers with free-text comments."""

from __future__ import annotations

import numpy as np

from .. import rates
from ..calendar import LOCAL, format_ts
from ..comments import pick_comments
from ..context import ChunkContext, uniform_ts
from ..identifier_forms import placeholder_emails, render_emails, render_phones
from ..ids import chunk_keys, numeric_ids
from ..rows import Rows, nulls, obj

NPS_WEIGHTS = np.array([2, 1, 1, 2, 2, 5, 6, 10, 18, 25, 28], dtype=float)
CSAT_WEIGHTS = np.array([5, 7, 15, 33, 40], dtype=float)


def survey_responses(ctx: ChunkContext) -> Rows:
    p, rng = ctx.persons, ctx.rng("surveys")
    start, end = ctx.window(rates.SURVEY_HISTORY_DAYS)
    person = np.repeat(np.arange(p.n), p.surveys)
    n = len(person)
    draw = rng.random((4, n))
    e_vis = p.e1_visible[person] | p.e2_visible[person]
    p_vis = p.phone_visible[person]
    show_email = e_vis & ((draw[0] < 0.75) | ~p_vis)
    show_phone = p_vis & ((draw[1] < 0.5) | ~show_email)
    placeholder = show_phone & ~show_email & (draw[2] < rates.SURVEY_PLACEHOLDER_EMAIL)
    email = nulls(n)
    rows = np.flatnonzero(show_email)
    clean = np.where(p.e1_visible[person], p.email1[person], p.email2[person]).astype(object)
    email[rows] = render_emails(clean[rows], rng)
    rows = np.flatnonzero(placeholder)
    email[rows] = placeholder_emails(rng, len(rows))
    phone = nulls(n)
    rows = np.flatnonzero(show_phone)
    phone[rows] = render_phones(p.phone[person[rows]], rng)

    nps = draw[3] < 0.6
    score = np.where(
        nps,
        rng.choice(11, size=n, p=NPS_WEIGHTS / NPS_WEIGHTS.sum()),
        rng.choice(5, size=n, p=CSAT_WEIGHTS / CSAT_WEIGHTS.sum()) + 1,
    )
    sentiment = np.where(
        nps, np.digitize(score, [7, 9]), np.digitize(score, [3, 4])
    )  # 0 detractor, 1 passive, 2 promoter
    comment = pick_comments(rng, sentiment)
    comment[rng.random(n) >= 0.45] = None
    submitted = uniform_ts(rng, start, end, n)
    response_id = numeric_ids(chunk_keys(ctx.chunk, n, rng), 9, "survey", "SR")
    return Rows(
        table="survey_responses",
        columns={
            "response_id": response_id,
            "survey_type": np.where(nps, "nps", "csat").astype(object),
            "email": email,
            "phone": phone,
            "score": obj([str(v) for v in score.tolist()]),
            "comment": comment,
            "submitted_at": format_ts(submitted, LOCAL),
        },
        ts=submitted,
        owner=p.g[person],
        system="survey",
        record_key=ctx.chunk * 10**7 + np.arange(n),
        record_id=response_id,
    )
