"""support/tickets: chat, call-centre, email and LINE tickets (quote-all CSV, latest
updated_at wins). A ticket carries the identifier its channel knows, in messy forms."""

from __future__ import annotations

import numpy as np

from .. import rates
from ..calendar import DAY, HOUR, LOCAL, MINUTE, OFFSET, format_ts_mixed
from ..catalog import TICKET_CATEGORIES, TICKET_CATEGORY_WEIGHTS
from ..context import ChunkContext, uniform_ts
from ..identifier_forms import placeholder_emails, render_emails, render_phones
from ..ids import chunk_keys, numeric_ids
from ..rows import Rows, nulls, obj

CHANNELS = obj(["chat", "email", "phone", "line"])
CHAT, EMAIL, PHONE, LINE = range(4)
CHANNEL_WEIGHTS = np.array([0.35, 0.25, 0.25, 0.15])
STATUSES = obj(["open", "pending", "resolved", "closed"])


def _channels(p, person: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    e_vis = p.e1_visible[person] | p.e2_visible[person]
    p_vis = p.phone_visible[person]
    allowed = np.stack([e_vis | p_vis, e_vis, p_vis, p.line_visible[person]], axis=1)
    weights = allowed * CHANNEL_WEIGHTS
    cum = np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)
    return (rng.random(len(person))[:, None] > cum).sum(axis=1)


def support_tickets(ctx: ChunkContext) -> Rows:
    p, rng = ctx.persons, ctx.rng("support")
    start, end = ctx.window(rates.SUPPORT_HISTORY_DAYS)
    person = np.repeat(np.arange(p.n), p.support_tickets)
    n = len(person)
    channel = _channels(p, person, rng)
    e_vis = p.e1_visible[person] | p.e2_visible[person]
    p_vis = p.phone_visible[person]
    draw = rng.random((5, n))

    show_email = e_vis & (
        (channel == EMAIL)
        | ((channel == CHAT) & ((draw[0] < 0.6) | ~p_vis))
        | ((channel == PHONE) & (draw[0] < 0.15))
        | ((channel == LINE) & (draw[0] < 0.1))
    )
    show_phone = (channel == PHONE) | ((channel == CHAT) & p_vis & ((draw[1] < 0.5) | ~show_email))
    show_phone |= (np.isin(channel, (EMAIL, LINE))) & p.has_phone[person] & (draw[1] < 0.25)
    show_line = (channel == LINE) | (p.line_visible[person] & (draw[2] < 0.05))
    placeholder = (
        (channel == CHAT) & show_phone & ~show_email & (draw[3] < rates.SUPPORT_PLACEHOLDER_EMAIL)
    )

    email = nulls(n)
    rows = np.flatnonzero(show_email)
    clean = np.where(p.e1_visible[person], p.email1[person], p.email2[person]).astype(object)
    email[rows] = render_emails(clean[rows], rng, mess=1.5)
    rows = np.flatnonzero(placeholder)
    email[rows] = placeholder_emails(rng, len(rows))
    phone = nulls(n)
    rows = np.flatnonzero(show_phone)
    phone[rows] = render_phones(p.phone[person[rows]], rng)
    line = nulls(n)
    rows = np.flatnonzero(show_line)
    line[rows] = p.line_id[person[rows]]
    spaced = rows[rng.random(len(rows)) < rates.LINE_ID_SPACES_IN_SUPPORT]
    line[spaced] = [" " + v + " " for v in line[spaced].tolist()]

    # lifecycle: open -> pending -> resolved -> closed; one export row per change
    opened = uniform_ts(rng, start, end, n)
    pending = np.where(draw[4] < 0.7, opened + rng.integers(10 * MINUTE, 4 * HOUR, n), -1)
    resolved = np.maximum(opened, pending) + rng.integers(HOUR, 72 * HOUR, n)
    closed = resolved + rng.integers(DAY, 4 * DAY, n)
    stamps = np.stack([opened, pending, resolved, closed], axis=1)
    reached = (stamps >= 0) & (stamps < end)
    before = reached & (stamps < ctx.cal.day1_end)
    last_before = np.where(before.any(axis=1), 3 - np.argmax(before[:, ::-1], axis=1), -1)
    backfill = np.flatnonzero(last_before >= 0)
    later_ticket, later_status = np.nonzero(reached & (stamps >= ctx.cal.day1_end))
    ticket = np.concatenate([backfill, later_ticket])
    status = np.concatenate([last_before[backfill], later_status])
    updated = stamps[ticket, status]

    csat = np.where(
        rng.random(n) < 0.55, rng.choice(5, size=n, p=[0.06, 0.08, 0.16, 0.3, 0.4]) + 1, 0
    )
    csat_text = obj([str(v) if v else None for v in csat.tolist()])
    style = (rng.random(n) < 0.4).astype(int)  # per ticket: with offset or Bangkok local
    styles = (OFFSET, LOCAL)
    ticket_id = numeric_ids(chunk_keys(ctx.chunk, n, rng), 9, "ticket", "TK")
    is_resolved = status >= 2
    resolved_at = format_ts_mixed(resolved[ticket], styles, style[ticket])
    resolved_at[~is_resolved] = None
    csat_row = csat_text[ticket]
    csat_row[status != 3] = None
    columns = {
        "ticket_id": ticket_id[ticket],
        "channel": CHANNELS[channel[ticket]],
        "email": email[ticket],
        "phone": phone[ticket],
        "line_user_id": line[ticket],
        "category": rng.choice(TICKET_CATEGORIES, size=n, p=TICKET_CATEGORY_WEIGHTS)[ticket],
        "status": STATUSES[status],
        "csat_score": csat_row,
        "opened_at": format_ts_mixed(opened[ticket], styles, style[ticket]),
        "resolved_at": resolved_at,
        "updated_at": format_ts_mixed(updated, styles, style[ticket]),
    }
    return Rows(
        table="support_tickets",
        columns=columns,
        ts=updated,
        owner=p.g[person[ticket]],
        system="support",
        record_key=ctx.chunk * 10**7 + ticket,
        record_id=columns["ticket_id"],
    )
