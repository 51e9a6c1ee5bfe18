"""The simulated population of one chunk: who each person is and where they show up.

Everything here is per person and decided before any record is drawn, so every source
can tell which identifiers of a person are visible elsewhere. That is what keeps the data
linkable: a record always carries at least one identifier that another record of the same
person also carries, except for the rare, named cases of unlinkable records (rates.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import rates
from .calendar import DAY, SimCalendar, day_number
from .ids import hex32, numeric_ids, permute
from .name_forms import FEMALE_FIRST, FIRST_LATIN, LAST_LATIN, MALE_FIRST
from .thai_names import PROVINCES

CUSTOMER, ANONYMOUS_VISITOR, LINE_ONLY = 0, 1, 2
EMAIL_REAL, EMAIL_PLACEHOLDER, EMAIL_EMPTY = 0, 1, 2
PHONE_REAL, PHONE_PLACEHOLDER, PHONE_EMPTY = 0, 1, 2

_E1_DOMAINS = np.array(
    [
        "gmail.com",
        "hotmail.com",
        "yahoo.com",
        "outlook.com",
        "icloud.com",
        "hotmail.co.th",
        "live.com",
    ],
    dtype=object,
)
_E1_DOMAIN_WEIGHTS = [0.55, 0.18, 0.06, 0.07, 0.06, 0.04, 0.04]
_E2_DOMAINS = np.array(
    [
        "gmail.com",
        "scg.co.th",
        "ptt.co.th",
        "truecorp.co.th",
        "kbank.co.th",
        "chula.ac.th",
        "outlook.com",
    ],
    dtype=object,
)
_E2_DOMAIN_WEIGHTS = [0.3, 0.12, 0.12, 0.12, 0.12, 0.1, 0.12]
_PHONE_SPACE = 3 * 10**8  # 06x, 08x, 09x mobiles
_PHONE_PREFIX = ("06", "08", "09")
PROVINCE_WEIGHTS = np.array([p[2] for p in PROVINCES]) / sum(p[2] for p in PROVINCES)


def phone_numbers(keys: np.ndarray, total: int) -> np.ndarray:
    """Distinct Thai mobiles for person keys [0, total). Keys above `total` give spare
    numbers nobody owns (store phones); key `total` itself stands in for the one person
    whose number would have been the placeholder 0800000000."""
    values = permute(keys, _PHONE_SPACE, "phone").astype(np.int64)
    placeholder = 10**8  # 08 + 00000000
    spare = int(permute(np.array([total]), _PHONE_SPACE, "phone")[0])
    values = np.where(values == placeholder, spare, values)
    return np.array(
        [_PHONE_PREFIX[v // 10**8] + f"{v % 10**8:08d}" for v in values.tolist()], dtype=object
    )


def _email_number_modulus(total: int) -> int:
    return 10 ** max(5, len(str(total)) + 1)


def _latin_lower(table: np.ndarray, index: np.ndarray, spelling: np.ndarray) -> list[str]:
    return [v.lower().replace("-", "") for v in table[index, spelling].tolist()]


def _emails(first, last, spelling, keys, total, rng, second: bool) -> np.ndarray:
    fn = _latin_lower(FIRST_LATIN, first, spelling)
    ln = _latin_lower(LAST_LATIN, last, spelling)
    nums = permute(keys, _email_number_modulus(total), "email2" if second else "email1").tolist()
    n = len(keys)
    if second:
        domains = rng.choice(_E2_DOMAINS, size=n, p=_E2_DOMAIN_WEIGHTS).tolist()
        return np.array(
            [f"{f}_{lst}{k}@{d}" for f, lst, k, d in zip(fn, ln, nums, domains, strict=True)],
            dtype=object,
        )
    domains = rng.choice(_E1_DOMAINS, size=n, p=_E1_DOMAIN_WEIGHTS).tolist()
    styles = rng.integers(0, 4, n).tolist()
    out = []
    for f, lst, k, d, s in zip(fn, ln, nums, domains, styles, strict=True):
        if s == 0:
            local = f"{f}.{lst}{k}"
        elif s == 1:
            local = f"{f}{lst[0]}{k}"
        elif s == 2:
            local = f"{f}{k}"
        else:
            local = f"{f}.{lst[:3]}{k}"
        out.append(f"{local}@{d}")
    return np.array(out, dtype=object)


def _families(kind: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Family head (local index) per person, -1 outside households. Members are adjacent."""
    n = len(kind)
    head = np.full(n, -1, dtype=np.int64)
    starts = np.flatnonzero(rng.random(n) < rates.FAMILY_HEAD_SHARE)
    sizes = rng.choice(
        list(rates.FAMILY_SIZE_WEIGHTS),
        size=len(starts),
        p=list(rates.FAMILY_SIZE_WEIGHTS.values()),
    )
    taken_until = -1
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        stop = start + size
        if start <= taken_until or stop > n or (kind[start:stop] != CUSTOMER).any():
            continue
        head[start:stop] = start
        taken_until = stop - 1
    return head


@dataclass
class Persons:
    """Attributes of persons g0 .. g0+n-1 (local index i is global g0 + i)."""

    total: int
    g: np.ndarray
    kind: np.ndarray
    female: np.ndarray
    first: np.ndarray
    last: np.ndarray
    spelling: np.ndarray
    birth_day: np.ndarray
    province: np.ndarray
    family_head: np.ndarray
    has_email: np.ndarray
    has_email2: np.ndarray
    has_phone: np.ndarray
    strong_phone: np.ndarray
    email1: np.ndarray
    email2: np.ndarray
    phone: np.ndarray
    # CRM / loyalty
    has_crm: np.ndarray
    crm_dup: np.ndarray
    loyalty: np.ndarray
    crm_email_mode: np.ndarray
    crm_phone_mode: np.ndarray
    crm_created: np.ndarray
    crm_consent_email: np.ndarray
    crm_line: np.ndarray
    contact_id: np.ndarray
    contact_id_dup: np.ndarray
    loyalty_id: np.ndarray
    # online store
    has_ecom: np.ndarray
    ecom_email2: np.ndarray
    ecom_phone_shown: np.ndarray
    ecom_marketing: np.ndarray
    ecom_created: np.ndarray
    customer_id: np.ndarray
    guest_buyer: np.ndarray
    # stores
    pos_phone_shopper: np.ndarray
    home_store: np.ndarray
    # LINE
    line_user: np.ndarray
    binding: np.ndarray
    line_id: np.ndarray
    # web
    web_devices: np.ndarray
    newsletter: np.ndarray
    crm_web_visitor: np.ndarray
    shares_tablet: np.ndarray
    # email list
    subscribe_e1: np.ndarray
    subscribe_e2: np.ndarray
    # identifiers a later record may rely on (they appear on another record)
    e1_visible: np.ndarray
    e2_visible: np.ndarray
    phone_visible: np.ndarray
    line_visible: np.ndarray
    support_tickets: np.ndarray
    surveys: np.ndarray
    erase_ts: np.ndarray  # -1, or local seconds of the person's erasure request

    @property
    def n(self) -> int:
        return len(self.g)

    def person_ids(self, local: np.ndarray) -> list[str]:
        return [f"P{v + 1:07d}" for v in self.g[local].tolist()]


def _created(rng: np.random.Generator, n: int, first_day, cal: SimCalendar) -> np.ndarray:
    """Creation times: uniform over history, a few on each later simulated day."""
    start = day_number(first_day) * DAY
    history = rng.integers(start, cal.day1_end, n)
    later = rng.random(n) < rates.NEW_CONTACT_DAILY_SHARE * (cal.days - 1)
    later_ts = rng.integers(cal.day1_end, max(cal.end, cal.day1_end + 1), n)
    return np.where(later, later_ts, history)


def build_persons(
    g0: int, n: int, total: int, cal: SimCalendar, rng: np.random.Generator, min_erasures: int
) -> Persons:
    g = np.arange(g0, g0 + n, dtype=np.int64)

    def r() -> np.ndarray:
        """A fresh uniform draw per person."""
        return rng.random(n)

    kind = rng.choice(
        3,
        size=n,
        p=[
            1 - rates.ANONYMOUS_VISITOR_SHARE - rates.LINE_ONLY_SHARE,
            rates.ANONYMOUS_VISITOR_SHARE,
            rates.LINE_ONLY_SHARE,
        ],
    )
    customer = kind == CUSTOMER
    female = r() < 0.58
    first = np.where(
        female,
        FEMALE_FIRST[rng.integers(0, len(FEMALE_FIRST), n)],
        MALE_FIRST[rng.integers(0, len(MALE_FIRST), n)],
    )
    last = rng.integers(0, len(LAST_LATIN), n)
    spelling = (r() < 0.3).astype(np.int64)
    birth_day = day_number(cal.first_day) - rng.integers(18 * 365, 72 * 365, n)
    province = rng.choice(len(PROVINCES), size=n, p=PROVINCE_WEIGHTS)

    family_head = _families(kind, rng)
    in_family = family_head >= 0
    has_email = customer & ((r() < rates.HAS_EMAIL_SHARE) | in_family)
    has_email2 = has_email & (r() < rates.SECOND_EMAIL_SHARE)
    has_phone = customer & ((r() < rates.HAS_PHONE_SHARE) | in_family)
    strong_phone = has_phone & ~in_family
    email1 = np.where(has_email, _emails(first, last, spelling, g, total, rng, False), None)
    email2 = np.where(has_email2, _emails(first, last, spelling, g, total, rng, True), None)
    own_phone = phone_numbers(g, total)
    phone_owner = np.where(in_family, family_head, np.arange(n))
    phone = np.where(has_phone, own_phone[phone_owner], None)

    # CRM: the loyalty programme. A contact always shows a real email or an own phone.
    has_crm = customer & (has_email | strong_phone) & (r() < rates.CRM_SHARE)
    loyalty = has_crm & (r() < rates.LOYALTY_SHARE_OF_CRM)
    crm_dup = has_crm & (r() < rates.CRM_DUPLICATE_CONTACT_SHARE)
    hide_email = strong_phone & (r() < rates.CRM_EMAIL_PLACEHOLDER)
    crm_email_mode = np.where(
        has_email & ~hide_email, EMAIL_REAL, np.where(r() < 0.5, EMAIL_PLACEHOLDER, EMAIL_EMPTY)
    )
    email_real = crm_email_mode == EMAIL_REAL
    hide_phone = email_real & (r() < rates.CRM_PHONE_PLACEHOLDER)
    crm_phone_mode = np.where(
        has_phone & ~hide_phone,
        PHONE_REAL,
        np.where(has_phone & (r() < 0.5), PHONE_PLACEHOLDER, PHONE_EMPTY),
    )
    crm_created = _created(rng, n, rates.CRM_FIRST_DAY, cal)
    crm_consent_email = has_crm & (r() < 0.6)
    contact_id = numeric_ids(g * 2, 8, "contact", "C")
    contact_id_dup = numeric_ids(g * 2 + 1, 8, "contact", "C")
    loyalty_id = numeric_ids(g, 9, "loyalty", "L")

    # Non-members who give their own phone at the till; the CRM (if any) shows that phone.
    pos_phone_shopper = (
        customer
        & ~loyalty
        & strong_phone
        & (~has_crm | (crm_phone_mode == PHONE_REAL))
        & (r() < rates.POS_PHONE_SHOPPER_SHARE)
    )
    home_store = rng.integers(0, rates.N_STORES, n)

    # Online store accounts need an email; the account email is the second email only when
    # the account also shows an own phone that the CRM (if any) shows too. The account
    # shows the phone whenever that phone is what ties it to the person's other records.
    has_ecom = has_email & (r() < rates.ECOM_SHARE_OF_EMAIL)
    crm_shows_phone = has_crm & (crm_phone_mode == PHONE_REAL)
    phone_bridges = strong_phone & (pos_phone_shopper | (has_crm & ~email_real))
    ecom_phone_shown = has_ecom & has_phone & ((r() < 0.7) | phone_bridges)
    ecom_email2 = (
        has_ecom & has_email2 & strong_phone & ecom_phone_shown & (~has_crm | crm_shows_phone)
    ) & (r() < 0.5)
    ecom_marketing = has_ecom & (r() < 0.5)
    ecom_created = _created(rng, n, rates.ECOM_FIRST_DAY, cal)
    customer_id = numeric_ids(g, 12, "ecom_customer", "")
    guest_buyer = has_email & ~has_ecom & (r() < rates.GUEST_BUYER_SHARE)

    e1_visible = has_email & ((has_crm & email_real) | (has_ecom & ~ecom_email2) | guest_buyer)
    phone_visible = strong_phone & (crm_shows_phone | ecom_phone_shown | pos_phone_shopper)

    # LINE: linked through the CRM's line_user_id or a member binding (phone / loyalty id).
    line_user = customer & (r() < rates.LINE_USER_SHARE)
    binding_possible = loyalty | (strong_phone & phone_visible)
    crm_line = line_user & has_crm & (r() < rates.LINE_IN_CRM_SHARE)
    binding = line_user & binding_possible & (r() < rates.LINE_BINDING_SHARE)
    may_stay_unlinked = r() < rates.LINE_UNLINKED_SHARE
    unlinked = line_user & ~crm_line & ~binding & ~may_stay_unlinked
    crm_line |= unlinked & has_crm
    binding |= unlinked & ~has_crm & binding_possible
    # a customer whose LINE id cannot be linked (no CRM, no visible phone) does not use LINE,
    # except the few who stay unlinked on purpose
    line_user &= crm_line | binding | may_stay_unlinked
    line_user |= kind == LINE_ONLY
    line_id = np.array(["U" + h for h in hex32(g, "line_user")], dtype=object)

    # Web devices. Every device of a known person logs in or submits a form at least once.
    # (a newsletter email must meet the person's other records: not for persons whose CRM
    # contact hides the email or who are known at the till only by phone)
    newsletter = (
        customer
        & has_email
        & ~has_ecom
        & ~guest_buyer
        & (~has_crm | email_real)
        & ~pos_phone_shopper
        & (r() < rates.NEWSLETTER_WEB_SHARE)
    )
    crm_web_visitor = (
        has_crm
        & email_real
        & ~has_ecom
        & ~guest_buyer
        & ~newsletter
        & (r() < rates.CRM_WEB_VISITOR_SHARE)
    )
    devices = np.where(has_ecom, 1 + (r() < 0.4) + (r() < 0.12), 0)
    devices = np.where(
        guest_buyer | newsletter | crm_web_visitor | (kind == ANONYMOUS_VISITOR), 1, devices
    )
    heads = np.unique(family_head[in_family])
    tablet_heads = heads[rng.random(len(heads)) < rates.SHARED_TABLET_FAMILY_SHARE]
    candidate = np.isin(family_head, tablet_heads) & has_ecom
    members_with_account = np.bincount(family_head[candidate], minlength=n)
    shares_tablet = candidate & (members_with_account[np.maximum(family_head, 0)] >= 2)

    subscribe_e1 = has_email & (
        (crm_consent_email & email_real) | newsletter | (ecom_marketing & ~ecom_email2)
    )
    subscribe_e2 = ecom_marketing & ecom_email2
    e1_visible |= newsletter
    e2_visible = ecom_email2
    line_visible = line_user & customer & (crm_line | binding)

    any_visible = e1_visible | e2_visible | phone_visible | line_visible
    support_tickets = np.where(
        customer & any_visible & (r() < rates.SUPPORT_SHARE), 1 + (r() < 0.25), 0
    )
    surveys = np.where(
        customer & (e1_visible | e2_visible | phone_visible) & (r() < rates.SURVEY_SHARE),
        1 + (r() < 0.2),
        0,
    )

    # Erasure requests: persons whose CRM contact is in the backfill and who share nothing.
    eligible = np.flatnonzero(
        has_crm & email_real & ~in_family & ~crm_dup & (crm_created < cal.day1_start)
    )
    expected = n * rates.ERASURE_SHARE
    count = int(expected) + int(rng.random() < expected - int(expected))
    count = min(max(count, min_erasures), len(eligible))
    chosen = (
        rng.choice(eligible, size=count, replace=False) if count else np.array([], dtype=np.int64)
    )
    erase_ts = np.full(n, -1, dtype=np.int64)
    if cal.days > 1:
        request_day = rng.integers(1, cal.days, len(chosen))
        erase_ts[chosen] = (
            cal.day1_start + request_day * DAY + rng.integers(8 * 3600, 20 * 3600, len(chosen))
        )
    else:
        erase_ts[chosen] = cal.day1_start + rng.integers(20 * 3600, 23 * 3600, len(chosen))

    return Persons(
        total=total,
        g=g,
        kind=kind,
        female=female,
        first=first,
        last=last,
        spelling=spelling,
        birth_day=birth_day,
        province=province,
        family_head=family_head,
        has_email=has_email,
        has_email2=has_email2,
        has_phone=has_phone,
        strong_phone=strong_phone,
        email1=email1,
        email2=email2,
        phone=phone,
        has_crm=has_crm,
        crm_dup=crm_dup,
        loyalty=loyalty,
        crm_email_mode=crm_email_mode,
        crm_phone_mode=crm_phone_mode,
        crm_created=crm_created,
        crm_consent_email=crm_consent_email,
        crm_line=crm_line,
        contact_id=contact_id,
        contact_id_dup=contact_id_dup,
        loyalty_id=loyalty_id,
        has_ecom=has_ecom,
        ecom_email2=ecom_email2,
        ecom_phone_shown=ecom_phone_shown,
        ecom_marketing=ecom_marketing,
        ecom_created=ecom_created,
        customer_id=customer_id,
        guest_buyer=guest_buyer,
        pos_phone_shopper=pos_phone_shopper,
        home_store=home_store,
        line_user=line_user,
        binding=binding,
        line_id=line_id,
        web_devices=devices,
        newsletter=newsletter,
        crm_web_visitor=crm_web_visitor,
        shares_tablet=shares_tablet,
        subscribe_e1=subscribe_e1,
        subscribe_e2=subscribe_e2,
        e1_visible=e1_visible,
        e2_visible=e2_visible,
        phone_visible=phone_visible,
        line_visible=line_visible,
        support_tickets=support_tickets,
        surveys=surveys,
        erase_ts=erase_ts,
    )
