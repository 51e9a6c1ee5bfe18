"""email/events: the email service provider's log of sends, opens, clicks and bounces."""

from __future__ import annotations

import numpy as np

from .. import rates
from ..calendar import HOUR, UTC_OFFSET, format_ts
from ..catalog import SITE
from ..context import ChunkContext
from ..identifier_forms import render_emails
from ..ids import hex_ids
from ..rows import Rows, nulls, obj

EVENT_TYPES = obj(["sent", "delivered", "open", "click", "bounce", "unsubscribe", "complaint"])
SENT, DELIVERED, OPEN, CLICK, BOUNCE, UNSUBSCRIBE, COMPLAINT = range(7)
# QA addresses the marketing team keeps on every list (chunk 0 only): (address, bounces)
TEST_ADDRESSES = (("test@test.com", False), ("noemail@noemail.com", True))


def _list_members(ctx: ChunkContext) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(person, slot, clean address) of everyone subscribed; slot 0 = email1, 1 = email2."""
    p = ctx.persons
    one = np.flatnonzero(p.subscribe_e1)
    two = np.flatnonzero(p.subscribe_e2)
    person = np.concatenate([one, two])
    slot = np.concatenate([np.zeros(len(one), np.int64), np.ones(len(two), np.int64)])
    address = np.concatenate([p.email1[one], p.email2[two]]).astype(object)
    return person, slot, address


def email_events(ctx: ChunkContext) -> Rows:
    p, rng = ctx.persons, ctx.rng("email")
    start, end = ctx.window(rates.EMAIL_HISTORY_DAYS)
    send_ts, campaign_ids = ctx.campaigns.of("email")
    in_window = (send_ts >= start) & (send_ts < end)
    send_ts, campaign_ids = send_ts[in_window], campaign_ids[in_window]
    person, slot, address = _list_members(ctx)
    stored = render_emails(address, rng, mess=rates.EMAIL_MESS_IN_ESP)  # as the ESP holds it
    member_g = p.g[person] if len(person) else np.array([], np.int64)
    if ctx.chunk == 0:
        extra = len(TEST_ADDRESSES)
        person = np.concatenate([person, np.full(extra, -1)])
        stored = np.concatenate([stored, obj([a for a, _ in TEST_ADDRESSES])])
        address = np.concatenate([address, obj([None] * extra)])
        member_g = np.concatenate([member_g, np.full(extra, -1)])
        slot = np.concatenate([slot, np.zeros(extra, np.int64)])
    n_members = len(person)
    chosen = rng.random((n_members, len(send_ts))) < rates.EMAIL_AUDIENCE_SHARE
    chosen[person < 0, :] = True
    member, campaign = np.nonzero(chosen)
    k = len(member)
    sent = send_ts[campaign] + rng.integers(0, 2 * HOUR, k)
    bounce_always = np.zeros(n_members, bool)
    if ctx.chunk == 0:
        bounce_always[-len(TEST_ADDRESSES) :] = [b for _, b in TEST_ADDRESSES]
    bounced = (rng.random(k) < rates.EMAIL_BOUNCE) | bounce_always[member]
    delivered = sent + rng.integers(1, 60, k)
    opened = ~bounced & (rng.random(k) < rates.EMAIL_OPEN) & (person[member] >= 0)
    open_ts = delivered + np.minimum(rng.exponential(5 * HOUR, k).astype(np.int64), 72 * HOUR)
    clicked = opened & (rng.random(k) < rates.EMAIL_CLICK_OF_OPEN)
    click_ts = open_ts + rng.integers(5, 600, k)
    unsub = opened & (rng.random(k) < rates.EMAIL_UNSUBSCRIBE_OF_OPEN)
    unsub_ts = open_ts + rng.integers(10, 300, k)
    complaint = ~bounced & (rng.random(k) < rates.EMAIL_COMPLAINT) & (person[member] >= 0)
    complaint_ts = delivered + rng.integers(HOUR, 48 * HOUR, k)

    parts = [
        (np.arange(k), SENT, sent),
        (np.flatnonzero(bounced), BOUNCE, delivered),
        (np.flatnonzero(~bounced), DELIVERED, delivered),
        (np.flatnonzero(opened), OPEN, open_ts),
        (np.flatnonzero(clicked), CLICK, click_ts),
        (np.flatnonzero(unsub), UNSUBSCRIBE, unsub_ts),
        (np.flatnonzero(complaint), COMPLAINT, complaint_ts),
    ]
    pair = np.concatenate([rows for rows, _, _ in parts])
    etype = np.concatenate([np.full(len(rows), code) for rows, code, _ in parts])
    ts = np.concatenate([stamps[rows] for rows, _, stamps in parts])
    keep = ts < end
    pair, etype, ts = pair[keep], etype[keep], ts[keep]
    n = len(pair)
    mem = member[pair]
    cid = campaign_ids[campaign[pair]]
    link = nulls(n)
    rows = np.flatnonzero(etype == CLICK)
    link[rows] = [
        f"{SITE}/promotions/{c.lower()}?utm_source=newsletter&utm_medium=email&utm_campaign={c}"
        for c in cid[rows].tolist()
    ]
    known = person[mem] >= 0
    return Rows(
        table="email_events",
        columns={
            "event_id": hex_ids(ctx.chunk * 10**9 + rng.permutation(n), "email_event"),
            "email": stored[mem],
            "campaign_id": cid,
            "event_type": EVENT_TYPES[etype],
            "event_ts": format_ts(ts, UTC_OFFSET),
            "link_url": link,
        },
        ts=ts,
        owner=np.where(known, member_g[mem], -1),
        system="email",
        record_key=np.where(known, member_g[mem] * 2 + slot[mem], -1),
        record_id=address[mem],
    )
