"""line/events (webhook log, JSONL) and line/member_bindings (LINE users who registered)."""

from __future__ import annotations

import numpy as np

from .. import rates
from ..calendar import DAY, LOCAL, OFFSET, format_ts
from ..catalog import LINE_FOLLOW_TAGS, LINE_TAGS
from ..context import ChunkContext, uniform_ts
from ..identifier_forms import render_loyalty, render_phones
from ..ids import hex_ids
from ..rows import JSON_NULL, Rows, nulls, obj

EVENT_TYPES = obj(["follow", "message", "postback", "link_click", "unfollow"])
FOLLOW, MESSAGE, POSTBACK, LINK_CLICK, UNFOLLOW = range(5)
OTHER_TYPES = np.array([MESSAGE, POSTBACK, LINK_CLICK, UNFOLLOW])
OTHER_WEIGHTS = np.array([0.35, 0.20, 0.40, 0.05])


def _follow_ts(ctx: ChunkContext, users: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return uniform_ts(
        rng, ctx.cal.day1_start - rates.LINE_FIRST_FOLLOW_DAYS * DAY, ctx.cal.end, len(users)
    )


def line_rows(ctx: ChunkContext) -> tuple[Rows, Rows]:
    p, rng = ctx.persons, ctx.rng("line")
    start, end = ctx.window(rates.LINE_HISTORY_DAYS)
    users = np.flatnonzero(p.line_user)
    follow = _follow_ts(ctx, users, rng)
    per_day = rates.LINE_EVENTS_PER_USER / rates.LINE_HISTORY_DAYS
    counts = rng.poisson(per_day * ctx.cal.window_days(rates.LINE_HISTORY_DAYS), len(users))
    user_of = np.repeat(np.arange(len(users)), counts)
    other_ts = uniform_ts(rng, np.maximum(start, follow[user_of]), end, len(user_of))
    other_type = rng.choice(OTHER_TYPES, size=len(user_of), p=OTHER_WEIGHTS)
    user = np.concatenate([np.arange(len(users)), user_of])
    etype = np.concatenate([np.full(len(users), FOLLOW), other_type])
    ts = np.concatenate([follow, other_ts])
    keep = ts < end
    user, etype, ts = user[keep], etype[keep], ts[keep]
    n = len(user)

    tag = nulls(n)
    tagged = np.isin(etype, (POSTBACK, LINK_CLICK)) & (rng.random(n) < 0.8)
    tag[tagged] = LINE_TAGS[rng.integers(0, len(LINE_TAGS), tagged.sum())]
    follow_tagged = (etype == FOLLOW) & (rng.random(n) < 0.3)
    tag[follow_tagged] = LINE_FOLLOW_TAGS[
        rng.integers(0, len(LINE_FOLLOW_TAGS), follow_tagged.sum())
    ]
    untagged = np.flatnonzero(~tagged & ~follow_tagged)
    tag[untagged[rng.random(len(untagged)) < 0.5]] = JSON_NULL  # null, or the key left out
    campaign = nulls(n)
    clicks = np.flatnonzero((etype == LINK_CLICK) & (rng.random(n) < 0.7))
    campaign[clicks] = ctx.campaigns.pick_active(("line",), ts[clicks], rng)

    pi = users[user]
    events = Rows(
        table="line_events",
        columns={
            "event_id": hex_ids(ctx.chunk * 10**9 + rng.permutation(n), "line_event"),
            "line_user_id": p.line_id[pi],
            "event_type": EVENT_TYPES[etype],
            "tag": tag,
            "campaign_id": campaign,
            "event_ts": format_ts(ts, OFFSET, rng.integers(0, 1000, n)),
        },
        ts=ts,
        owner=p.g[pi],
        system="line",
        record_key=p.g[pi],
        record_id=p.line_id[pi],
        json_nulls=frozenset({"tag"}),
    )
    return events, _bindings(ctx, users, follow, rng)


def _bindings(
    ctx: ChunkContext, users: np.ndarray, follow: np.ndarray, rng: np.random.Generator
) -> Rows:
    p, end = ctx.persons, ctx.cal.end
    bound = p.binding[users]
    pi, follow = users[bound], follow[bound]
    bound_at = uniform_ts(rng, follow, np.minimum(follow + 30 * DAY, end), len(pi))
    rebind = rng.random(len(pi)) < rates.LINE_REBIND_SHARE
    rebind_at = uniform_ts(rng, bound_at + DAY, bound_at + 200 * DAY, len(pi))
    rebind &= rebind_at < end
    person = np.concatenate([pi, pi[rebind]])
    ts = np.concatenate([bound_at, rebind_at[rebind]])
    n = len(person)
    draw = rng.random((3, n))
    show_loyalty = p.loyalty[person] & ((draw[0] < 0.95) | ~p.phone_visible[person])
    show_phone = p.phone_visible[person] & ((draw[1] < 0.7) | ~show_loyalty)
    # a household phone next to the loyalty id: a trap, never the only link
    show_phone |= p.has_phone[person] & ~p.strong_phone[person] & show_loyalty & (draw[2] < 0.3)
    loyalty = nulls(n)
    rows = np.flatnonzero(show_loyalty)
    loyalty[rows] = render_loyalty(p.loyalty_id[person[rows]], rng)
    phone = nulls(n)
    rows = np.flatnonzero(show_phone)
    phone[rows] = render_phones(p.phone[person[rows]], rng)
    return Rows(
        table="line_member_bindings",
        columns={
            "line_user_id": p.line_id[person],
            "phone": phone,
            "loyalty_id": loyalty,
            "bound_at": format_ts(ts, LOCAL),
        },
        ts=ts,
        owner=p.g[person],
        system="line",
        record_key=p.g[person],
        record_id=p.line_id[person],
    )
