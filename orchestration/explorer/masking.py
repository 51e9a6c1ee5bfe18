"""Masked mode: what the explorer shows when it must not show clear contact data.

Masked mode reads the `bi` schema, whose marts mask the columns tagged `pii`. Some
clear values reach a page by other roads (an email address is the record id of the
email service provider's records; identity links carry the shared value), so every
value a masked page shows also goes through `scrub_text`, which masks anything that
looks like an email address or a Thai phone number, in the same forms the `bi`
schema uses (macros/bi/bi_masked_columns.sql).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pandas as pd

# a clear address: at least one character before the @ that is not part of a mask
_EMAIL = re.compile(r"[^\s@*<>\"'(),;:]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}")
# E.164 Thai numbers as staging writes them, and national forms as people type them
_PHONE = re.compile(
    r"(?<![0-9A-Za-z])(?:\+66[0-9]{8,9}|66[0-9]{8,9}|0[2-9][0-9]{7,8})(?![0-9A-Za-z])"
)


def mask_email(value: str | None) -> str | None:
    """`j***@example.co.th`: the first letter and the domain, like bi's mask_email."""
    if value is None:
        return None
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_phone(value: str | None) -> str | None:
    """`+66*****5678`: like bi's mask_phone (the first three and the last four characters)."""
    if value is None:
        return None
    return f"{value[:3]}*****{value[-4:]}"


def short_hash(value: str | None) -> str | None:
    """A stable stand-in for an identifier that must not be shown (loyalty id, LINE id)."""
    if value is None:
        return None
    return "#" + hashlib.sha256(value.encode()).hexdigest()[:10]


def mask_identifier(identifier_type: str | None, value: str | None) -> str | None:
    """An identifier value of an identity link, as masked mode shows it."""
    if value is None:
        return None
    if identifier_type == "email":
        return mask_email(value)
    if identifier_type == "phone":
        return mask_phone(value)
    if identifier_type == "phone_birth_date":
        phone, _, birth_date = value.partition("|")
        return f"{mask_phone(phone)}|{birth_date[:4]}" if birth_date else mask_phone(phone)
    return short_hash(value)


def mask_record_id(source_system: str | None, record_id: str | None) -> str | None:
    """A record id as masked mode shows it: the email system's ids are addresses.

    The short hash keeps two addresses with the same first letter and domain apart
    (they are two nodes of the identity graph).
    """
    if record_id is None or source_system != "email":
        return record_id
    return f"{mask_email(record_id)} {short_hash(record_id)}"


def scrub_text(value: Any) -> Any:
    """Mask every email address and phone number inside a text; other values pass."""
    if not isinstance(value, str):
        return value
    value = _EMAIL.sub(lambda m: mask_email(m.group(0)), value)
    return _PHONE.sub(lambda m: mask_phone(_e164(m.group(0))), value)


def _e164(digits: str) -> str:
    digits = digits.lstrip("+")
    return "+" + digits if digits.startswith("66") else "+66" + digits[1:]


def scrub_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """scrub_text over every text cell (and the column names) of a frame."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(scrub_text)
    return out


def has_clear_contact(text: str) -> bool:
    """True when a text holds a clear email address or phone number (what tests look for)."""
    return bool(_EMAIL.search(text) or _PHONE.search(text))
