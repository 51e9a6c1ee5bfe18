"""Malformed lines: what broken exports look like, each reliably unparseable.

CSV: a broken quote (`"value"x`, rejected by a strict CSV parser), one column too many or
too few, invalid UTF-8 bytes. JSONL: a truncated object, a trailing comma, single quotes,
invalid UTF-8 bytes. Invalid bytes are placed as private-use characters in the text and
swapped for raw bytes after encoding (see `to_bytes`).
"""

from __future__ import annotations

import numpy as np

# private-use character -> the invalid UTF-8 bytes it stands for
_BAD_BYTES = {"\ue000": b"\xff\xfe", "\ue001": b"\xe0\xb8", "\ue002": b"\xe9"}
_SENTINELS = tuple(_BAD_BYTES)
CSV_KINDS = ("broken_quote", "extra_column", "missing_column", "invalid_utf8")
JSONL_KINDS = ("truncated", "trailing_comma", "single_quotes", "invalid_utf8")


def _bad_utf8(line: str, where: int, which: int) -> str:
    return line[:where] + _SENTINELS[which % len(_SENTINELS)] + line[where:]


def corrupt_csv(line: str, kind: int, which: int) -> str:
    first, sep, rest = line.partition(",")
    if kind == 0:
        return f'"{first.strip(chr(34))}"x{sep}{rest}'
    if kind == 1:
        return line + ',"extra"'
    if kind == 2:
        return line.rsplit(",", 1)[0]
    return _bad_utf8(line, len(first) + 1, which)


def corrupt_jsonl(line: str, kind: int, which: int) -> str:
    if kind == 0:
        return line[: max(1, len(line) * (which % 7 + 2) // 10)]
    if kind == 1:
        return line[:-1] + ",}"
    if kind == 2:
        return line.replace('"', "'")
    return _bad_utf8(line, 2, which)


def corrupt(lines: list[str], rows: np.ndarray, fmt: str, rng: np.random.Generator) -> list[str]:
    """Corrupt lines[rows] in place; returns the kind name per corrupted row."""
    kinds = rng.integers(0, 4, len(rows)).tolist()
    which = rng.integers(0, 1000, len(rows)).tolist()
    func, names = (corrupt_csv, CSV_KINDS) if fmt == "csv" else (corrupt_jsonl, JSONL_KINDS)
    for row, kind, w in zip(rows.tolist(), kinds, which, strict=True):
        lines[row] = func(lines[row], kind, w)
    return [names[k] for k in kinds]


def to_bytes(text: str, has_bad_utf8: bool) -> bytes:
    data = text.encode("utf-8")
    if has_bad_utf8:
        for sentinel, raw in _BAD_BYTES.items():
            data = data.replace(sentinel.encode("utf-8"), raw)
    return data
