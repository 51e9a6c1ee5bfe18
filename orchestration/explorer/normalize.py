"""Search input in the form staging stores it: the rules of macros/normalization/*.sql.

Each function here is the Python twin of one dbt macro, so a value typed into the
explorer's search box meets the warehouse's values the way staging wrote them.
`tests/test_explorer_normalize.py` runs the macros through dbt and DuckDB on a list
of tricky values and checks that both give the same answer.

Two DuckDB details matter for that: `trim()` strips Unicode space separators
(category Zs: space, no-break space, ideographic space, ...) but not tabs or line
breaks, and `lower()`/`upper()` map one code point at a time (no `İ` -> `i̇`, no
final sigma, no `ß` -> `SS`). Regular expressions are RE2, where `$` matches only
at the very end of the text (Python's `$` also matches before a final newline, so
the patterns here use `\\Z`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def sql_trim(value: str) -> str:
    """DuckDB's trim(): strip Unicode space separators (Zs) from both ends."""
    start, end = 0, len(value)
    while start < end and unicodedata.category(value[start]) == "Zs":
        start += 1
    while end > start and unicodedata.category(value[end - 1]) == "Zs":
        end -= 1
    return value[start:end]


def _one_to_one(char: str, mapped: str) -> str:
    # Simple case mapping: a character whose full mapping has several code points
    # (İ -> i̇, ß -> SS, ŉ -> ʼN) keeps its one-code-point mapping or itself.
    if len(mapped) == 1:
        return mapped
    return {"\u0130": "i"}.get(char, char)


def sql_lower(value: str) -> str:
    """DuckDB's lower(): per code point."""
    return "".join(_one_to_one(c, c.lower()) for c in value)


def sql_upper(value: str) -> str:
    """DuckDB's upper(): per code point."""
    return "".join(_one_to_one(c, c.upper()) for c in value)


# normalize_email ---------------------------------------------------------------------------
_MAILTO = re.compile(r"^mailto: *")
_EMAIL_VALID = re.compile(
    r"^[a-z0-9_%+-]+([.][a-z0-9_%+-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?[.])+[a-z]{2,}\Z"
)
_EMAIL_PLACEHOLDER = re.compile(
    r"^(test[0-9]*|testing|no[._-]?e?mail|none|null|nil|n[./]?a|dummy|fake|sample"
    r"|x+|noreply|no[._-]reply|abc|asdf)@"
    r"|^[a-z0-9]@[a-z0-9][.][a-z]+\Z"
    r"|@(([a-z0-9-]+[.])*example[.](com|org|net)|test[.]com)\Z"
    r"|[.](test|example|invalid|localhost)\Z"
)


def normalize_email(value: str | None) -> str | None:
    """macros/normalization/normalize_email.sql"""
    if value is None:
        return None
    email = _MAILTO.sub("", sql_lower(sql_trim(value)))
    if _EMAIL_VALID.search(email) and not _EMAIL_PLACEHOLDER.search(email):
        return email
    return None


# normalize_thai_phone ----------------------------------------------------------------------
_NON_DIGITS = re.compile(r"[^0-9]")
_PHONE_PREFIX = re.compile(r"^(00)?(66)?0?")
_PHONE_VALID = re.compile(r"^([689][0-9]{8}|[2-7][0-9]{7})\Z")
_PHONE_PLACEHOLDER = re.compile(r"(0{7}|1{7}|2{7}|3{7}|4{7}|5{7}|6{7}|7{7}|8{7}|9{7})\Z")


def normalize_thai_phone(value: str | None) -> str | None:
    """macros/normalization/normalize_thai_phone.sql: E.164 +66..., or None."""
    if value is None:
        return None
    national = _PHONE_PREFIX.sub("", _NON_DIGITS.sub("", value), count=1)
    if _PHONE_VALID.search(national) and not _PHONE_PLACEHOLDER.search(national):
        return "+66" + national
    return None


# normalize_loyalty_id ----------------------------------------------------------------------
_LOYALTY_JUNK = re.compile(r"[ \t-]")
_LOYALTY_VALID = re.compile(r"^L[0-9]+\Z")


def normalize_loyalty_id(value: str | None) -> str | None:
    """macros/normalization/normalize_loyalty_id.sql"""
    if value is None:
        return None
    compact = sql_upper(_LOYALTY_JUNK.sub("", value))
    return compact if _LOYALTY_VALID.search(compact) else None


# normalize_line_user_id --------------------------------------------------------------------
_LINE_VALID = re.compile(r"^[Uu][0-9A-Fa-f]{32}\Z")


def normalize_line_user_id(value: str | None) -> str | None:
    """macros/normalization/normalize_line_user_id.sql"""
    if value is None:
        return None
    trimmed = sql_trim(value)
    if _LINE_VALID.search(trimmed):
        return "U" + sql_lower(trimmed[1:33])
    return None


# clean_person_name / normalize_person_name -------------------------------------------------
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_ENGLISH_HONORIFIC = re.compile(r"(?i)^(?:mrs|mr|ms|miss|khun|dr)(?:[.] *| +)([^ .].*)\Z")
_THAI_HONORIFIC = re.compile(
    r"^(?:นางสาว|น[.] ?ส[.]|ด[.] ?ช[.]|ด[.] ?ญ[.]|ดร[.]|นาง|นาย|คุณ)(?: +([^ ].*)|([ก-ฮเแโใไ].*))\Z"
)
_HONORIFIC_ONLY = re.compile(
    r"(?i)^((mrs|mr|ms|miss|khun|dr)[.]?"
    r"|นางสาว|น[.] ?ส[.]|ด[.] ?ช[.]|ด[.] ?ญ[.]|ดร[.]|นาง|นาย|คุณ)\Z"
)


def _group(pattern: re.Pattern[str], text: str, number: int) -> str | None:
    # regex_extract: the group of the first match, '' (no match, group absent) -> null
    match = pattern.search(text)
    return (match.group(number) or None) if match else None


def clean_person_name(value: str | None) -> str | None:
    """macros/normalization/clean_person_name.sql: tidied, honorific removed, case kept."""
    if value is None:
        return None
    collapsed = sql_trim(_WHITESPACE.sub(" ", value))
    if collapsed == "" or _HONORIFIC_ONLY.search(collapsed):
        return None
    without_english = _group(_ENGLISH_HONORIFIC, collapsed, 1) or collapsed
    return (
        _group(_THAI_HONORIFIC, without_english, 1)
        or _group(_THAI_HONORIFIC, without_english, 2)
        or without_english
    )


def normalize_person_name(value: str | None) -> str | None:
    """macros/normalization/normalize_person_name.sql: clean_person_name, lower case."""
    cleaned = clean_person_name(value)
    return None if cleaned is None else sql_lower(cleaned)


# what a search box entry may be ------------------------------------------------------------
CUSTOMER_ID = re.compile(r"^C[0-9a-f]{16}\Z")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class SearchKey:
    """One way to read the search text: an index key type and the value to look up."""

    key_type: str  # email, phone, loyalty_id, line_user_id, customer_id, record_id, name
    value: str
    prefix: bool = False  # names match by prefix, everything else exactly


def search_keys(text: str | None) -> list[SearchKey]:
    """Every reading of a search box entry, each normalized as staging normalizes it.

    An entry can be read several ways (a LINE id is also a plausible record id), so
    all readings are returned and looked up together; a value that normalizes to
    nothing (a placeholder email, `0000000000`) yields no key of that type.
    """
    if text is None:
        return []
    raw = sql_trim(text.strip())
    if not raw:
        return []
    keys: list[SearchKey] = []
    if CUSTOMER_ID.search(raw):
        keys.append(SearchKey("customer_id", raw))
    if "@" in raw:
        email = normalize_email(raw)
        if email:
            keys.append(SearchKey("email", email))
        return keys
    for key_type, normalize in (
        ("line_user_id", normalize_line_user_id),
        ("loyalty_id", normalize_loyalty_id),
        ("phone", normalize_thai_phone),
    ):
        value = normalize(raw)
        if value:
            keys.append(SearchKey(key_type, value))
    if " " not in raw:
        # any source record id as it is stored: contact id, order id, ticket id, device id
        keys.append(SearchKey("record_id", raw))
    if _LETTER.search(raw) and not _DIGIT.search(raw):
        name = normalize_person_name(raw)
        if name:
            keys.append(SearchKey("name", name, prefix=True))
    return keys
