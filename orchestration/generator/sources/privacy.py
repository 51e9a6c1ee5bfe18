"""privacy/erasure_requests: PDPA right-to-erasure requests naming a person's email and/or
phone as the CRM knows them. Rows carry no owner, so the erasure filter keeps them."""

from __future__ import annotations

import numpy as np

from ..calendar import OFFSET, format_ts
from ..context import ChunkContext
from ..identifier_forms import render_emails, render_phones
from ..ids import numeric_ids
from ..persons import PHONE_REAL
from ..rows import Rows, nulls


def erasure_requests(ctx: ChunkContext) -> tuple[Rows, list[str]]:
    """The requests, and truth lines `request_id,person_id`."""
    p, rng = ctx.persons, ctx.rng("privacy")
    person = np.flatnonzero(p.erase_ts >= 0)
    n = len(person)
    draw = rng.random((2, n))
    with_email = draw[0] < 0.85
    phone_known = p.strong_phone[person] & (p.crm_phone_mode[person] == PHONE_REAL)
    with_phone = phone_known & ((draw[1] < 0.6) | ~with_email)
    with_email |= ~with_phone
    email = nulls(n)
    rows = np.flatnonzero(with_email)
    email[rows] = render_emails(p.email1[person[rows]], rng, mailto=False)
    phone = nulls(n)
    rows = np.flatnonzero(with_phone)
    phone[rows] = render_phones(p.phone[person[rows]], rng)
    request_id = numeric_ids(p.g[person], 8, "erasure", "ER")
    ts = p.erase_ts[person]
    rows_out = Rows(
        table="privacy_erasure_requests",
        columns={
            "request_id": request_id,
            "email": email,
            "phone": phone,
            "requested_at": format_ts(ts, OFFSET),
        },
        ts=ts,
        owner=np.full(n, -1, dtype=np.int64),
    )
    truth = [f"{r},{pid}" for r, pid in zip(request_id.tolist(), p.person_ids(person), strict=True)]
    return rows_out, truth
