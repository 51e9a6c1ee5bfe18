"""The messy forms identifiers take in the wild, and their normalization.

Render functions take clean values (object arrays) and return what a source system
would have stored. The normalizers define the truth's record ids (email) and let tests
recognise placeholders; the warehouse has its own normalization and never imports these.
"""

from __future__ import annotations

import re

import numpy as np

from . import rates

PLACEHOLDER_EMAILS = np.array(
    ["test@test.com", "noemail@noemail.com", "noemail@gmail.com", "NOEMAIL@glowbeauty.co.th", "-"],
    dtype=object,
)
PLACEHOLDER_PHONES = np.array(
    ["0000000000", "0800000000", "080-000-0000", "000-000-0000"], dtype=object
)
_PHONE_PLACEHOLDER_DIGITS = {"0000000000", "0800000000"}


def normalize_email(value: str | None) -> str | None:
    """Trimmed, lower case, without a mailto: prefix; None when empty."""
    if value is None:
        return None
    text = value.strip().lower()
    if text.startswith("mailto:"):
        text = text[len("mailto:") :].strip()
    return text or None


def is_placeholder_email(normalized: str | None) -> bool:
    return (
        normalized is None
        or normalized in ("-", "test@test.com")
        or normalized.startswith("noemail@")
        or "@" not in normalized
    )


def normalize_phone(value: str | None) -> str | None:
    """Thai mobile as 0XXXXXXXXX; None when empty or not ten digits."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", value)
    if digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if len(digits) == 10 else None


def is_placeholder_phone(normalized: str | None) -> bool:
    return normalized is None or normalized in _PHONE_PLACEHOLDER_DIGITS


def normalize_loyalty(value: str | None) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s", "", value).upper()
    return text or None


def _apply(out: np.ndarray, rows: np.ndarray, func) -> None:
    if len(rows):
        out[rows] = [func(v) for v in out[rows].tolist()]


def render_emails(
    clean: np.ndarray, rng: np.random.Generator, mess: float = 1.0, mailto: bool = True
) -> np.ndarray:
    """Clean lower-case emails, some in mixed case, with spaces or a mailto: prefix."""
    out = np.array(clean, dtype=object, copy=True)
    n = len(out)
    if n == 0:
        return out
    draw = rng.random((4, n))
    style = rng.integers(0, 3, n)
    mixed = draw[0] < rates.EMAIL_MIXED_CASE * mess
    _apply(out, np.flatnonzero(mixed & (style == 0)), str.capitalize)
    _apply(out, np.flatnonzero(mixed & (style == 1)), str.upper)
    _apply(
        out,
        np.flatnonzero(mixed & (style == 2)),
        lambda v: v.split("@")[0] + "@" + v.split("@")[1].title(),
    )
    if mailto:
        with_mailto = draw[1] < rates.EMAIL_MAILTO * mess
        _apply(out, np.flatnonzero(with_mailto & (style != 1)), lambda v: "mailto:" + v)
        _apply(out, np.flatnonzero(with_mailto & (style == 1)), lambda v: "MAILTO:" + v)
    spaces = draw[2] < rates.EMAIL_SPACES * mess
    where = draw[3]
    _apply(out, np.flatnonzero(spaces & (where < 0.4)), lambda v: " " + v)
    _apply(out, np.flatnonzero(spaces & (where >= 0.4) & (where < 0.8)), lambda v: v + " ")
    _apply(out, np.flatnonzero(spaces & (where >= 0.8)), lambda v: "  " + v + " ")
    return out


_PHONE_FORMS = (
    lambda d: d,
    lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}",
    lambda d: "+66" + d[1:],
    lambda d: f"66 {d[1:3]} {d[3:6]} {d[6:]}",
    lambda d: f"({d[:3]}) {d[3:6]} {d[6:]}",
)


def render_phones(digits: np.ndarray, rng: np.random.Generator, weights=None) -> np.ndarray:
    """Ten-digit mobiles (0812345678) in the five forms Thai systems store."""
    out = np.array(digits, dtype=object, copy=True)
    form = rng.choice(len(_PHONE_FORMS), size=len(out), p=weights or rates.PHONE_FORM_WEIGHTS)
    for code, func in enumerate(_PHONE_FORMS):
        if code:
            _apply(out, np.flatnonzero(form == code), func)
    return out


def render_loyalty(ids: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """L + 9 digits, sometimes lower case or with spaces."""
    out = np.array(ids, dtype=object, copy=True)
    draw = rng.random((2, len(out)))
    _apply(out, np.flatnonzero(draw[0] < rates.LOYALTY_LOWER_CASE), str.lower)
    spaced = draw[1] < rates.LOYALTY_SPACES
    _apply(
        out, np.flatnonzero(spaced & (draw[0] < 0.5)), lambda v: f"{v[0]} {v[1:4]} {v[4:7]} {v[7:]}"
    )
    _apply(out, np.flatnonzero(spaced & (draw[0] >= 0.5)), lambda v: " " + v + " ")
    return out


def placeholder_emails(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(PLACEHOLDER_EMAILS, size=n, p=[0.35, 0.2, 0.1, 0.1, 0.25])


def placeholder_phones(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(PLACEHOLDER_PHONES, size=n, p=[0.45, 0.35, 0.15, 0.05])
