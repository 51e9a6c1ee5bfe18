"""web/events: the website and app tracker (JSONL, null keys left out).

Every device of a known person identifies itself at least once: account holders log in
(customer_id), others submit a form with their email, guest buyers type their email at
checkout. A few second devices never do (rates.WEB_UNLINKED_DEVICE_SHARE); households with
two accounts may share a tablet; anonymous visitors stay anonymous.
"""

from __future__ import annotations

import numpy as np

from .. import rates
from ..calendar import UTC_Z, format_ts
from ..catalog import (
    CART_PAGE,
    CHECKOUT_DONE_PAGE,
    CHECKOUT_PAGE,
    FORM_PAGES,
    LOGIN_PAGE,
    PRODUCT_PAGES,
    PRODUCT_WEIGHTS,
    SEARCH_PAGES,
    SIGNUP_PAGE,
    SKUS,
    STATIC_PAGES,
    UTM_SOURCES,
)
from ..context import ChunkContext, starts_of, uniform_ts
from ..identifier_forms import render_emails
from ..ids import hex_ids, uuid_ids
from ..persons import ANONYMOUS_VISITOR
from ..rows import Rows, nulls, obj
from .ecommerce import OrderFacts, account_email

TYPES = obj(
    [
        "page_view",
        "product_view",
        "add_to_cart",
        "remove_from_cart",
        "checkout_start",
        "purchase",
        "search",
        "signup",
        "login",
        "form_submit",
    ]
)
PAGE, PRODUCT, ADD, REMOVE, CHECKOUT, PURCHASE, SEARCH, SIGNUP, LOGIN, FORM = range(10)
BROWSE_TYPES = np.array([PAGE, PRODUCT, SEARCH, ADD, REMOVE, CHECKOUT])
BROWSE_WEIGHTS = np.array([0.40, 0.30, 0.10, 0.10, 0.04, 0.06])
# session modes
ANON, LOGIN_SESSION, PERSISTED, FORM_SESSION, SIGNUP_SESSION, BUY_LOGGED, BUY_GUEST = range(7)
DEVICE_TYPES = obj(["mobile", "desktop", "tablet"])
DEVICE_TYPE_WEIGHTS = np.array([[0.65, 0.35, 0.0], [0.45, 0.5, 0.05], [0.4, 0.2, 0.4]])
PURCHASE_STEPS = {
    BUY_LOGGED: [PAGE, PRODUCT, ADD, CHECKOUT, PURCHASE],
    BUY_GUEST: [PAGE, PRODUCT, ADD, CHECKOUT, FORM, PURCHASE],
}


def _devices(ctx: ChunkContext, rng: np.random.Generator):
    """Own devices: (person, device number, key, type)."""
    p = ctx.persons
    person = np.repeat(np.arange(p.n), p.web_devices)
    first = starts_of(p.web_devices)
    number = np.arange(len(person)) - np.repeat(first, p.web_devices)
    draw = rng.random(len(person))
    cum = DEVICE_TYPE_WEIGHTS.cumsum(axis=1)[np.minimum(number, 2)]
    dtype = (draw[:, None] > cum).sum(axis=1)
    return person, number, p.g[person] * 4 + number, np.minimum(dtype, 2)


def _normal_sessions(ctx: ChunkContext, rng: np.random.Generator):
    """Browsing sessions: (device row, person, key, type, start, mode)."""
    p = ctx.persons
    start, end = ctx.window(rates.WEB_HISTORY_DAYS)
    person, number, key, dtype = _devices(ctx, rng)
    account = p.has_ecom[person]
    unlinked = account & (number >= 1) & (rng.random(len(person)) < rates.WEB_UNLINKED_DEVICE_SHARE)
    per_day = rates.WEB_SESSIONS_PER_DEVICE / rates.WEB_HISTORY_DAYS
    counts = 1 + rng.poisson(per_day * ctx.cal.window_days(rates.WEB_HISTORY_DAYS), len(person))
    device = np.repeat(np.arange(len(person)), counts)
    first = starts_of(counts)
    nth = np.arange(len(device)) - np.repeat(first, counts)
    sp = person[device]
    mode = np.full(len(device), ANON)
    linked_account = account[device] & ~unlinked[device]
    mode[linked_account & (rng.random(len(device)) < rates.WEB_PERSISTED_LOGIN_SHARE)] = PERSISTED
    mode[linked_account & (nth == 0)] = LOGIN_SESSION
    form_person = p.newsletter | p.crm_web_visitor | p.guest_buyer
    anon_visitor = p.kind == ANONYMOUS_VISITOR
    form_person |= anon_visitor & (rng.random(p.n) < rates.ANONYMOUS_FORM_PLACEHOLDER)
    mode[form_person[sp] & (nth == 0)] = FORM_SESSION
    s_start = uniform_ts(rng, start, end, len(device))

    # shared tablets: each account holder of the household logs in on it
    members = np.flatnonzero(p.shares_tablet)
    t_counts = 1 + rng.poisson(1.5, len(members))
    t_person = np.repeat(members, t_counts)
    t_first = starts_of(t_counts)
    t_nth = np.arange(len(t_person)) - np.repeat(t_first, t_counts)
    t_key = p.g[p.family_head[t_person]] * 4 + 3
    t_mode = np.where(t_nth == 0, LOGIN_SESSION, PERSISTED)
    t_start = uniform_ts(rng, start, end, len(t_person))

    # signups within the window happen on the first device
    signup = np.flatnonzero(p.has_ecom & (p.ecom_created >= start) & (p.ecom_created < end))
    su_device = np.searchsorted(person, signup)  # devices are grouped by person, number 0 first

    return (
        np.concatenate([sp, t_person, signup]),
        np.concatenate([key[device], t_key, key[su_device]]),
        np.concatenate([dtype[device], np.full(len(t_person), 2), dtype[su_device]]),
        np.concatenate([s_start, t_start, p.ecom_created[signup]]),
        np.concatenate([mode, t_mode, np.full(len(signup), SIGNUP_SESSION)]),
        (person, key, dtype),
    )


def web_events(ctx: ChunkContext, facts: OrderFacts) -> Rows:
    p, rng = ctx.persons, ctx.rng("web")
    start, end = ctx.window(rates.WEB_HISTORY_DAYS)
    s_person, s_key, s_type, s_time, s_mode, (d_person, d_key, d_type) = _normal_sessions(ctx, rng)

    # purchase sessions end with the order; they happen on one of the buyer's own devices
    buy = np.flatnonzero(facts.placed_ts >= start)
    b_person = facts.person[buy]
    first_device = np.searchsorted(d_person, b_person)
    n_devices = p.web_devices[b_person]
    b_device = first_device + (rng.random(len(buy)) * n_devices).astype(np.int64)
    b_mode = np.where(facts.logged_in[buy], BUY_LOGGED, BUY_GUEST)

    n_normal = len(s_person)
    person = np.concatenate([s_person, b_person])
    key = np.concatenate([s_key, d_key[b_device]])
    dtype = np.concatenate([s_type, d_type[b_device]])
    anchor = np.concatenate([s_time, facts.placed_ts[buy]])
    mode = np.concatenate([s_mode, b_mode])
    n_sessions = len(person)

    # events per session
    n_ev = 1 + np.minimum(rng.poisson(rates.WEB_EXTRA_EVENTS_PER_SESSION, n_sessions), 19)
    n_ev = np.where(np.isin(mode, (LOGIN_SESSION, FORM_SESSION)), np.maximum(n_ev, 2), n_ev)
    n_ev = np.where(mode == SIGNUP_SESSION, 2, n_ev)
    n_ev = np.where(mode == BUY_LOGGED, 5, np.where(mode == BUY_GUEST, 6, n_ev))
    session = np.repeat(np.arange(n_sessions), n_ev)
    first_event = starts_of(n_ev)
    pos = np.arange(len(session)) - np.repeat(first_event, n_ev)
    last = pos == n_ev[session] - 1
    m = mode[session]
    etype = rng.choice(BROWSE_TYPES, size=len(session), p=BROWSE_WEIGHTS)
    etype[pos == 0] = PAGE
    etype[(m == LOGIN_SESSION) & (pos == 1)] = LOGIN
    etype[(m == SIGNUP_SESSION) & (pos == 1)] = SIGNUP
    etype[(m == FORM_SESSION) & last] = FORM
    for buy_mode, steps in PURCHASE_STEPS.items():
        rows = np.flatnonzero(m == buy_mode)
        etype[rows] = np.array(steps)[pos[rows]]

    # time: gaps of about 40 s; purchase sessions end at the order time
    gaps = 1 + rng.exponential(40, len(session)).astype(np.int64)
    gaps[pos == 0] = 0
    offset = np.cumsum(gaps)
    offset -= np.repeat(offset[first_event], n_ev)
    total = offset[first_event + n_ev - 1]
    buying = m >= BUY_LOGGED
    ts = np.where(buying, anchor[session] - total[session] + offset, anchor[session] + offset)
    millis = rng.integers(0, 1000, len(session))

    ev_person = person[session]
    customer = nulls(len(session))
    logged = (m == PERSISTED) | (m == BUY_LOGGED) | ((m == LOGIN_SESSION) & (pos >= 1))
    logged |= (m == SIGNUP_SESSION) & (pos >= 1)
    customer[logged] = p.customer_id[ev_person[logged]]

    email = nulls(len(session))
    form_rows = np.flatnonzero((etype == FORM) | (etype == SIGNUP))
    fp = ev_person[form_rows]
    fm = m[form_rows]
    clean = np.where(p.has_email[fp], p.email1[fp], "test@test.com").astype(object)
    clean[fm == SIGNUP_SESSION] = account_email(ctx, fp[fm == SIGNUP_SESSION])
    typed = render_emails(clean, rng, mess=1.0, mailto=False)
    guest = fm == BUY_GUEST
    order_of_session = np.full(n_sessions, -1)
    order_of_session[n_normal:] = buy
    typed[guest] = facts.checkout_email[order_of_session[session[form_rows[guest]]]]
    email[form_rows] = typed

    product = rng.choice(len(SKUS), size=len(session), p=PRODUCT_WEIGHTS)
    buy_rows = np.flatnonzero(buying)
    product[buy_rows] = facts.first_sku[order_of_session[session[buy_rows]]]
    has_sku = np.isin(etype, (PRODUCT, ADD, REMOVE))
    sku = nulls(len(session))
    sku[has_sku] = SKUS[product[has_sku]]
    order_id = nulls(len(session))
    purchase_rows = np.flatnonzero(etype == PURCHASE)
    order_id[purchase_rows] = facts.order_id[order_of_session[session[purchase_rows]]]

    page = STATIC_PAGES[rng.integers(0, len(STATIC_PAGES), len(session))]
    page[has_sku] = PRODUCT_PAGES[product[has_sku]]
    page[etype == REMOVE] = CART_PAGE
    page[etype == SEARCH] = SEARCH_PAGES[
        rng.integers(0, len(SEARCH_PAGES), (etype == SEARCH).sum())
    ]
    page[etype == CHECKOUT] = CHECKOUT_PAGE
    page[etype == PURCHASE] = CHECKOUT_DONE_PAGE
    page[etype == LOGIN] = LOGIN_PAGE
    page[etype == SIGNUP] = SIGNUP_PAGE
    page[etype == FORM] = FORM_PAGES[rng.integers(0, len(FORM_PAGES), (etype == FORM).sum())]
    page[(etype == FORM) & (m == BUY_GUEST)] = CHECKOUT_PAGE

    utm_source, utm_medium, utm_campaign = (
        nulls(len(session)),
        nulls(len(session)),
        nulls(len(session)),
    )
    landing = np.flatnonzero((pos == 0) & (rng.random(len(session)) < 0.3))
    source = rng.integers(0, len(UTM_SOURCES), len(landing))
    for code, (src, medium, channel) in enumerate(UTM_SOURCES):
        rows = landing[source == code]
        utm_source[rows] = src
        utm_medium[rows] = medium
        utm_campaign[rows] = ctx.campaigns.pick_active((channel,), ts[rows], rng)

    keep = np.flatnonzero(ts < end)
    session_ids = hex_ids(ctx.chunk * 10**8 + np.arange(n_sessions), "web_session")
    anon = uuid_ids(key, "anonymous_id")
    n_keep = len(keep)
    columns = {
        "event_id": hex_ids(ctx.chunk * 10**9 + rng.permutation(n_keep), "web_event"),
        "anonymous_id": anon[session[keep]],
        "customer_id": customer[keep],
        "email": email[keep],
        "event_type": TYPES[etype[keep]],
        "event_ts": format_ts(ts[keep], UTC_Z, millis[keep]),
        "session_id": session_ids[session[keep]],
        "page_url": page[keep],
        "sku": sku[keep],
        "order_id": order_id[keep],
        "utm_source": utm_source[keep],
        "utm_medium": utm_medium[keep],
        "utm_campaign": utm_campaign[keep],
        "device_type": DEVICE_TYPES[dtype[session[keep]]],
    }
    return Rows(
        table="web_events",
        columns=columns,
        ts=ts[keep],
        owner=p.g[ev_person[keep]],
        system="web",
        record_key=key[session[keep]],
        record_id=columns["anonymous_id"],
    )
