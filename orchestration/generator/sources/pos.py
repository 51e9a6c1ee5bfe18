"""pos/transactions and pos/transaction_lines: store receipts.

Members show their loyalty id (and sometimes a phone); non-members may give their phone;
most of the rest buy anonymously. Cashiers sometimes type the store's own phone or a
placeholder, and a member who forgot the card may leave only the store phone behind.
"""

from __future__ import annotations

import numpy as np

from .. import rates
from ..calendar import LOCAL, format_ts
from ..catalog import (
    CATEGORIES,
    PAYMENT_METHODS,
    PAYMENT_WEIGHTS,
    PRICE_SATANG,
    PRODUCT_WEIGHTS,
    SKUS,
)
from ..context import ChunkContext, day_time_ts, money, starts_of
from ..identifier_forms import placeholder_phones, render_loyalty, render_phones
from ..ids import chunk_keys, numeric_ids
from ..rows import Rows, nulls, obj
from .crm import PROVINCE_EN, PROVINCE_THAI


def _receipts(ctx: ChunkContext, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(local person or -1, is member receipt) per receipt."""
    p, cal = ctx.persons, ctx.cal
    days = cal.window_days(rates.POS_HISTORY_DAYS)
    members = np.flatnonzero(p.loyalty)
    member_counts = rng.poisson(rates.POS_VISITS_PER_MEMBER_YEAR / 365 * days, len(members))
    shoppers = np.flatnonzero(p.pos_phone_shopper)
    shopper_counts = 1 + rng.poisson(
        rates.POS_VISITS_PER_PHONE_SHOPPER_YEAR / 365 * days, len(shoppers)
    )
    anonymous = rng.poisson(rates.ANONYMOUS_RECEIPTS_PER_PERSON * p.n)
    person = np.concatenate(
        [
            np.repeat(members, member_counts),
            np.repeat(shoppers, shopper_counts),
            np.full(anonymous, -1),
        ]
    )
    member = np.concatenate(
        [np.ones(member_counts.sum(), bool), np.zeros(shopper_counts.sum() + anonymous, bool)]
    )
    return person.astype(np.int64), member


def pos_receipts(ctx: ChunkContext) -> tuple[Rows, Rows]:
    p, stores, rng = ctx.persons, ctx.stores, ctx.rng("pos")
    person, member = _receipts(ctx, rng)
    n = len(person)
    known = person >= 0
    pi = np.maximum(person, 0)
    start, end = ctx.window(rates.POS_HISTORY_DAYS)
    ts = day_time_ts(rng, start, end, n, 10, 22)
    store = np.where(known & (rng.random(n) < 0.8), p.home_store[pi], rng.integers(0, stores.n, n))
    store_phone = stores.phone[store]

    loyalty = nulls(n)
    phone = nulls(n)
    draw = rng.random((2, n))
    forgot = member & (draw[0] < rates.POS_MEMBER_FORGOT_CARD)
    with_card = member & ~forgot
    rows = np.flatnonzero(with_card)
    loyalty[rows] = render_loyalty(p.loyalty_id[pi[rows]], rng)
    u = draw[1]
    own = (with_card & (u < rates.POS_MEMBER_PHONE) & p.has_phone[pi]) | (
        forgot & p.phone_visible[pi]
    )
    shopper = known & ~member
    typed_store = shopper & (u < rates.POS_STORE_PHONE_ONLY)
    own |= shopper & ~typed_store
    cut = rates.POS_MEMBER_PHONE
    typed_store |= with_card & (u >= cut) & (u < cut + rates.POS_STORE_PHONE_WITH_LOYALTY)
    typed_store |= forgot & ~p.phone_visible[pi]
    typed_store &= np.not_equal(store_phone, None)
    cut += rates.POS_STORE_PHONE_WITH_LOYALTY
    placeholder = with_card & (u >= cut) & (u < cut + rates.POS_PLACEHOLDER_PHONE_WITH_LOYALTY)
    rows = np.flatnonzero(own)
    phone[rows] = render_phones(p.phone[pi[rows]], rng)
    rows = np.flatnonzero(typed_store & ~own)
    phone[rows] = render_phones(store_phone[rows], rng)
    rows = np.flatnonzero(placeholder)
    phone[rows] = placeholder_phones(rng, len(rows))
    # a phone shopper whose number the cashier replaced with the store's has none of their own
    person_bearing = known & (np.not_equal(loyalty, None) | np.not_equal(phone, None))

    # lines
    counts = 1 + np.minimum(rng.poisson(rates.POS_EXTRA_LINES, n), 7)
    receipt_of_line = np.repeat(np.arange(n), counts)
    m = len(receipt_of_line)
    product = rng.choice(len(SKUS), size=m, p=PRODUCT_WEIGHTS)
    quantity = 1 + (rng.random(m) < 0.15) + (rng.random(m) < 0.05)
    price = PRICE_SATANG[product]
    price = np.where(rng.random(m) < 0.15, price * 9 // 10, price)
    total = np.bincount(receipt_of_line, weights=quantity * price, minlength=n).astype(np.int64)
    starts = starts_of(counts)
    line_no = np.arange(m) - np.repeat(starts, counts) + 1

    transaction_id = numeric_ids(chunk_keys(ctx.chunk, n, rng), 10, "pos", "TX")
    province = ctx.stores.province[store]
    store_province = np.where(rng.random(n) < 0.7, PROVINCE_EN[province], PROVINCE_THAI[province])
    owner = np.where(known, p.g[pi], -1)
    receipts = Rows(
        table="pos_transactions",
        columns={
            "transaction_id": transaction_id,
            "store_id": stores.store_id[store],
            "store_province": store_province.astype(object),
            "loyalty_id": loyalty,
            "phone": phone,
            "txn_ts": format_ts(ts, LOCAL),
            "total_amount": money(total),
            "payment_method": rng.choice(PAYMENT_METHODS, size=n, p=PAYMENT_WEIGHTS),
            "status": np.where(rng.random(n) < rates.POS_VOIDED, "voided", "completed").astype(
                object
            ),
        },
        ts=ts,
        owner=owner,
        system="pos",
        record_key=np.where(person_bearing, ctx.chunk * 10**7 + np.arange(n), -1),
        record_id=transaction_id,
    )
    lines = Rows(
        table="pos_transaction_lines",
        columns={
            "transaction_id": transaction_id[receipt_of_line],
            "line_no": obj([str(v) for v in line_no.tolist()]),
            "sku": SKUS[product],
            "category": CATEGORIES[product],
            "quantity": obj([str(v) for v in quantity.tolist()]),
            "unit_price": money(price),
        },
        ts=ts[receipt_of_line],
        owner=owner[receipt_of_line],
    )
    return receipts, lines
