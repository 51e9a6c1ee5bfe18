"""crm/contacts: the loyalty programme's contact export (quote-all CSV, latest updated_at wins)."""

from __future__ import annotations

import numpy as np

from .. import rates
from ..calendar import DAY, LOCAL, OFFSET, format_birth_dates, format_ts, format_ts_mixed
from ..context import ChunkContext
from ..identifier_forms import (
    placeholder_emails,
    placeholder_phones,
    render_emails,
    render_loyalty,
    render_phones,
)
from ..name_forms import render_names
from ..persons import EMAIL_PLACEHOLDER, EMAIL_REAL, PHONE_PLACEHOLDER, PHONE_REAL
from ..rows import Rows, nulls, obj
from ..thai_names import GENDER_THAI, PROVINCES

PROVINCE_THAI = obj([p[0] for p in PROVINCES])
PROVINCE_EN = obj([p[1] for p in PROVINCES])


def render_province(
    province: np.ndarray, rng: np.random.Generator, empty: float = 0.05
) -> np.ndarray:
    draw = rng.random(len(province))
    out = np.where(draw < 0.5, PROVINCE_THAI[province], PROVINCE_EN[province]).astype(object)
    out[draw > 1 - empty] = None
    return out


def _bools(rng: np.random.Generator, truth: np.ndarray, empty: float) -> np.ndarray:
    out = np.where(truth, "true", "false").astype(object)
    out[rng.random(len(truth)) < empty] = None
    return out


def crm_contacts(ctx: ChunkContext) -> Rows:
    p, cal, rng = ctx.persons, ctx.cal, ctx.rng("crm")
    primary = np.flatnonzero(p.has_crm)
    dup = np.flatnonzero(p.crm_dup)
    dup_created = p.crm_created[dup] + rng.integers(30 * DAY, 3 * 365 * DAY, len(dup))
    keep = dup_created < cal.end
    dup, dup_created = dup[keep], dup_created[keep]
    person = np.concatenate([primary, dup])
    is_dup = np.concatenate([np.zeros(len(primary), bool), np.ones(len(dup), bool)])
    created = np.concatenate([p.crm_created[primary], dup_created])

    # versions: the backfill state (or the creation on a later day) plus daily updates
    updated = ctx.versions_before(created, rng)
    upd_index, upd_ts = ctx.daily_updates(created, rates.CRM_UPDATE_DAILY_SHARE, rng)
    contact = np.concatenate([np.arange(len(person)), upd_index])
    updated = np.concatenate([updated, upd_ts])
    pi = person[contact]
    dupe = is_dup[contact]
    n = len(contact)

    # email and phone: a duplicate contact repeats the primary's real email, or its phone
    primary_email_real = p.crm_email_mode[pi] == EMAIL_REAL
    email_mode = np.where(dupe, np.where(primary_email_real, EMAIL_REAL, 2), p.crm_email_mode[pi])
    phone_mode = p.crm_phone_mode[pi]
    dup_phone = (~primary_email_real | (rng.random(n) < 0.5)) & p.has_phone[pi]
    phone_mode = np.where(dupe, np.where(dup_phone, PHONE_REAL, 2), phone_mode)
    email = nulls(n)
    rows = np.flatnonzero(email_mode == EMAIL_REAL)
    email[rows] = render_emails(p.email1[pi[rows]], rng)
    rows = np.flatnonzero(email_mode == EMAIL_PLACEHOLDER)
    email[rows] = placeholder_emails(rng, len(rows))
    phone = nulls(n)
    rows = np.flatnonzero(phone_mode == PHONE_REAL)
    phone[rows] = render_phones(p.phone[pi[rows]], rng)
    rows = np.flatnonzero(phone_mode == PHONE_PLACEHOLDER)
    phone[rows] = placeholder_phones(rng, len(rows))

    first, last = render_names(
        p.first[pi], p.last[pi], p.spelling[pi], p.female[pi], rng, rates.NAME_THAI_SCRIPT_CRM
    )
    birth_form = rng.choice(5, size=n, p=rates.BIRTH_DATE_FORM_WEIGHTS)
    birth = format_birth_dates(p.birth_day[pi], birth_form)
    birth[birth_form == 4] = None
    gender_draw = rng.random(n)
    letter = np.where(p.female[pi], "F", "M").astype(object)
    thai = np.where(p.female[pi], GENDER_THAI["F"], GENDER_THAI["M"]).astype(object)
    gender = np.where(gender_draw < 0.75, letter, np.where(gender_draw < 0.85, thai, None)).astype(
        object
    )
    gender[gender_draw > 0.99] = "X"

    loyalty = nulls(n)
    rows = np.flatnonzero(p.loyalty[pi] & ~dupe)
    loyalty[rows] = render_loyalty(p.loyalty_id[pi[rows]], rng)
    line = nulls(n)
    rows = np.flatnonzero(p.crm_line[pi] & ~dupe)
    line[rows] = p.line_id[pi[rows]]

    contact_id = np.where(dupe, p.contact_id_dup[pi], p.contact_id[pi]).astype(object)
    columns = {
        "contact_id": contact_id,
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": phone,
        "birth_date": birth,
        "gender": gender,
        "province": render_province(p.province[pi], rng),
        "loyalty_id": loyalty,
        "line_user_id": line,
        "consent_email": _bools(rng, p.crm_consent_email[pi], 0.05),
        "consent_sms": _bools(rng, rng.random(n) < 0.4, 0.15),
        "consent_line": _bools(rng, p.crm_line[pi] & (rng.random(n) < 0.7), 0.2),
        "created_at": format_ts(created[contact], LOCAL),
        "updated_at": format_ts_mixed(updated, (LOCAL, OFFSET), (rng.random(n) < 0.2).astype(int)),
    }
    return Rows(
        table="crm_contacts",
        columns=columns,
        ts=updated,
        owner=p.g[pi],
        system="crm",
        record_key=p.g[pi] * 2 + dupe,
        record_id=contact_id,
    )
