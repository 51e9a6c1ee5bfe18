"""ecommerce/customers (CSV) and ecommerce/orders (JSONL, re-sent on every status change)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import rates
from ..calendar import DAY, HOUR, LOCAL, MINUTE, OFFSET, UTC_Z, format_ts, format_ts_mixed
from ..catalog import ITEM_JSON_HEAD, PRICE_SATANG, PRODUCT_WEIGHTS
from ..context import ChunkContext, money, uniform_ts
from ..identifier_forms import render_emails, render_phones
from ..ids import chunk_keys, numeric_ids
from ..name_forms import render_names
from ..rows import JSON_NULL, Rows, nulls, obj
from .crm import render_province

STATUSES = ("placed", "paid", "shipped", "delivered", "refunded", "cancelled")
_TYPO_DOMAINS = {"gmail.com": "gmial.com", "hotmail.com": "hotmial.com", "yahoo.com": "yaho.com"}


def account_email(ctx: ChunkContext, pi: np.ndarray) -> np.ndarray:
    p = ctx.persons
    return np.where(p.ecom_email2[pi], p.email2[pi], p.email1[pi]).astype(object)


def ecommerce_customers(ctx: ChunkContext) -> Rows:
    p, rng = ctx.persons, ctx.rng("ecommerce_customers")
    accounts = np.flatnonzero(p.has_ecom)
    created = p.ecom_created[accounts]
    updated = ctx.versions_before(created, rng)
    upd_index, upd_ts = ctx.daily_updates(created, rates.ECOM_UPDATE_DAILY_SHARE, rng)
    version = np.concatenate([np.arange(len(accounts)), upd_index])
    updated = np.concatenate([updated, upd_ts])
    pi = accounts[version]
    n = len(pi)
    phone = nulls(n)
    rows = np.flatnonzero(p.ecom_phone_shown[pi])
    phone[rows] = render_phones(p.phone[pi[rows]], rng)
    first, last = render_names(
        p.first[pi], p.last[pi], p.spelling[pi], p.female[pi], rng, rates.NAME_THAI_SCRIPT_ECOM
    )
    columns = {
        "customer_id": p.customer_id[pi],
        "email": render_emails(account_email(ctx, pi), rng, mess=0.6, mailto=False),
        "phone": phone,
        "first_name": first,
        "last_name": last,
        "accepts_marketing": np.where(p.ecom_marketing[pi], "true", "false").astype(object),
        "created_at": format_ts(created[version], OFFSET),
        "updated_at": format_ts(updated, OFFSET),
    }
    return Rows(
        table="ecommerce_customers",
        columns=columns,
        ts=updated,
        owner=p.g[pi],
        system="ecommerce_customer",
        record_key=p.g[pi],
        record_id=columns["customer_id"],
    )


@dataclass
class OrderFacts:
    """What the web tracker saw of each order: who, when, which checkout email."""

    person: np.ndarray  # local person index
    order_id: np.ndarray
    placed_ts: np.ndarray
    logged_in: np.ndarray
    checkout_email: np.ndarray  # email typed at a guest checkout (None when logged in)
    first_sku: np.ndarray  # product index of the first item


def _typo(email: str) -> str:
    local, domain = email.split("@")
    return f"{local}@{_TYPO_DOMAINS.get(domain, domain + 'm')}"


def _lifecycle(rng: np.random.Generator, placed: np.ndarray) -> np.ndarray:
    """Timestamp of each status per order (-1 = never reached), columns as STATUSES."""
    n = len(placed)
    ts = np.full((n, len(STATUSES)), -1, dtype=np.int64)
    ts[:, 0] = placed
    cancelled = rng.random(n) < rates.ORDER_CANCELLED
    paid = placed + rng.integers(MINUTE, 30 * MINUTE, n)
    shipped = paid + rng.integers(12 * HOUR, 48 * HOUR, n)
    delivered = shipped + rng.integers(24 * HOUR, 96 * HOUR, n)
    refunded = delivered + rng.integers(2 * DAY, 10 * DAY, n)
    ts[:, 1] = np.where(cancelled, -1, paid)
    ts[:, 2] = np.where(cancelled, -1, shipped)
    ts[:, 3] = np.where(cancelled, -1, delivered)
    ts[:, 4] = np.where(~cancelled & (rng.random(n) < rates.ORDER_REFUNDED), refunded, -1)
    ts[:, 5] = np.where(cancelled, placed + rng.integers(10 * MINUTE, DAY, n), -1)
    return ts


def _versions(
    ctx: ChunkContext, status_ts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order index, status index, updated_at) of every exported row: the backfill holds the
    latest status as of day 1; later days hold one row per status change that day."""
    day1_end, end = ctx.cal.day1_end, ctx.cal.end
    reached = (status_ts >= 0) & (status_ts < end)
    before = reached & (status_ts < day1_end)
    # latest status before the end of day 1 (statuses are in time order along the row,
    # except cancelled, which excludes the others)
    last_before = np.where(
        before.any(axis=1), len(STATUSES) - 1 - np.argmax(before[:, ::-1], axis=1), -1
    )
    backfill = np.flatnonzero(last_before >= 0)
    later_order, later_status = np.nonzero(reached & (status_ts >= day1_end))
    order = np.concatenate([backfill, later_order])
    status = np.concatenate([last_before[backfill], later_status])
    return order, status, status_ts[order, status]


def _orders_of(
    ctx: ChunkContext, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(person, placed_ts, logged_in) of every order."""
    p, cal = ctx.persons, ctx.cal
    start, end = ctx.window(rates.ORDER_HISTORY_DAYS)
    per_day = rates.ORDERS_PER_ACCOUNT_YEAR / 365
    holders = np.flatnonzero(p.has_ecom)
    counts = rng.poisson(per_day * cal.window_days(rates.ORDER_HISTORY_DAYS), len(holders))
    holder_person = np.repeat(holders, counts)
    low = np.maximum(start, p.ecom_created[holder_person])
    holder_ts = uniform_ts(rng, low, end, len(holder_person))
    holder_logged = rng.random(len(holder_person)) >= rates.ACCOUNT_GUEST_CHECKOUT_SHARE
    guests = np.flatnonzero(p.guest_buyer)
    guest_person = np.repeat(guests, 1 + rng.poisson(rates.GUEST_EXTRA_ORDERS, len(guests)))
    guest_ts = uniform_ts(rng, start, end, len(guest_person))
    person = np.concatenate([holder_person, guest_person])
    placed = np.concatenate([holder_ts, guest_ts])
    logged = np.concatenate([holder_logged, np.zeros(len(guest_person), bool)])
    return person, placed, logged


def _items_json(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(items JSON per order, subtotal satang per order, first product per order)."""
    counts = 1 + np.minimum(rng.poisson(0.6, n), 4)
    order_of_item = np.repeat(np.arange(n), counts)
    product = rng.choice(len(PRICE_SATANG), size=len(order_of_item), p=PRODUCT_WEIGHTS)
    quantity = 1 + (rng.random(len(product)) < 0.2) + (rng.random(len(product)) < 0.05)
    price = PRICE_SATANG[product]
    subtotal = np.bincount(order_of_item, weights=quantity * price, minlength=n).astype(np.int64)
    price_text = money(price).tolist()
    parts = [
        f'{ITEM_JSON_HEAD[pr]}{q},"unit_price":{pt}}}'
        for pr, q, pt in zip(product.tolist(), quantity.tolist(), price_text, strict=True)
    ]
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    items = obj(
        ["[" + ",".join(parts[a:b]) + "]" for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    )
    first = product[bounds[:-1]]
    return items, subtotal, first


def ecommerce_orders(ctx: ChunkContext) -> tuple[Rows, OrderFacts]:
    p, rng = ctx.persons, ctx.rng("ecommerce_orders")
    person, placed, logged = _orders_of(ctx, rng)
    n = len(person)
    order_id = numeric_ids(chunk_keys(ctx.chunk, n, rng), 10, "order", "SO")

    # identifiers, fixed per order (a re-sent order repeats them)
    clean_email = np.where(logged, account_email(ctx, person), p.email1[person]).astype(object)
    one_off = ~logged & p.has_ecom[person] & (rng.random(n) < rates.ORDER_GUEST_ONE_OFF_EMAIL)
    rows = np.flatnonzero(one_off)
    clean_email[rows] = [_typo(e) for e in clean_email[rows].tolist()]
    email = render_emails(clean_email, rng, mess=0.6, mailto=False)
    email[logged & (rng.random(n) < 0.05)] = None
    # a guest checkout asks for a delivery phone; logged-in orders often reuse the account's
    has_phone = p.has_phone[person] & ((rng.random(n) < rates.ORDER_PHONE) | ~logged) & ~one_off
    phone = nulls(n)
    rows = np.flatnonzero(has_phone)
    phone[rows] = render_phones(p.phone[person[rows]], rng)
    customer = np.where(logged, p.customer_id[person], JSON_NULL).astype(object)
    customer[~logged & (rng.random(n) < 0.3)] = None  # guest: null, or the key left out

    items, subtotal, first_sku = _items_json(rng, n)
    draw = rng.random(n)
    discount = np.where(draw < 0.3, subtotal // 10, 0)
    discount = np.where((draw > 0.9) & (subtotal >= 50_000), 10_000, discount)
    shipping = np.where(
        subtotal - discount >= 99_900, 0, np.where(rng.random(n) < 0.7, 5_000, 3_900)
    )
    total = subtotal - discount + shipping
    utm = ctx.campaigns.pick_active(("web", "social", "email"), placed, rng)
    utm[rng.random(n) > 0.25] = None

    status_ts = _lifecycle(rng, placed)
    order, status, updated = _versions(ctx, status_ts)
    columns = {
        "order_id": order_id,
        "customer_id": customer,
        "email": email,
        "phone": phone,
        "order_ts": format_ts_mixed(placed, (OFFSET, LOCAL), (rng.random(n) < 0.3).astype(int)),
        "currency": obj(["THB"] * n),
        "subtotal": money(subtotal),
        "discount": money(discount),
        "shipping_fee": money(shipping),
        "total": money(total),
        "shipping_province": render_province(p.province[person], rng, empty=0.0),
        "utm_campaign": utm,
        "items": items,
    }
    per_row = {name: values[order] for name, values in columns.items()}
    per_row["status"] = obj(STATUSES)[status]
    per_row["updated_at"] = format_ts(updated, UTC_Z)
    rows_out = Rows(
        table="ecommerce_orders",
        columns=per_row,
        ts=updated,
        owner=p.g[person[order]],
        system="ecommerce_order",
        record_key=(ctx.chunk * 10**7 + order).astype(np.int64),
        record_id=order_id[order],
        raw_json=frozenset({"subtotal", "discount", "shipping_fee", "total", "items"}),
        json_nulls=frozenset({"customer_id"}),
    )
    facts = OrderFacts(
        person=person,
        order_id=order_id,
        placed_ts=placed,
        logged_in=logged,
        checkout_email=np.where(logged, None, email).astype(object),
        first_sku=first_sku,
    )
    return rows_out, facts
