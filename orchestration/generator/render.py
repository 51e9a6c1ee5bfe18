"""Rows to text lines: CSV with `"` quoting (minimal or all), JSONL with absent keys.

Lines are built column-wise with str.join / str.format over whole columns, which keeps
the per-line cost near a microsecond.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from .rows import JSON_NULL, Rows

# Exports that quote every value (the others quote only where needed).
QUOTE_ALL_TABLES = frozenset({"crm_contacts", "support_tickets"})


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _csv_field(value: str | None) -> str:
    if value is None:
        return ""
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return _quote(value)
    return value


# Columns whose values may hold a comma, a quote or a line break.
FREE_TEXT_COLUMNS = frozenset({"first_name", "last_name", "comment", "name"})


def csv_lines(rows: Rows, columns: tuple[str, ...]) -> list[str]:
    quote_all = rows.table in QUOTE_ALL_TABLES
    fields = []
    for name in columns:
        values = rows.columns[name].tolist()
        if quote_all:
            fields.append(
                ["" if v is None else _quote(v) if '"' in v else '"' + v + '"' for v in values]
            )
        elif name in FREE_TEXT_COLUMNS:
            fields.append([_csv_field(v) for v in values])
        else:
            fields.append(["" if v is None else v for v in values])
    return list(map(",".join, zip(*fields, strict=True)))


def csv_header(columns: tuple[str, ...]) -> str:
    return ",".join(columns)


def jsonl_lines(rows: Rows, columns: tuple[str, ...]) -> list[str]:
    """One JSON object per row; None leaves the key out, JSON_NULL writes null. String
    values must not need escaping (ids, emails, URLs, timestamps); raw_json columns hold
    ready JSON text (numbers, lists)."""
    n = len(rows)
    state = np.zeros(n, dtype=np.int64)  # per column: 0 absent, 1 null, 2 value (base 3)
    value_of = []
    for i, name in enumerate(columns):
        values = rows.columns[name]
        present = np.not_equal(values, None).astype(np.int64)
        if name in rows.json_nulls:
            present += present - np.fromiter((v is JSON_NULL for v in values), bool, n)
        else:
            present *= 2
        state += present * 3**i
        value_of.append(values)
    out = np.empty(n, dtype=object)
    for code in np.unique(state).tolist():
        rows_idx = np.flatnonzero(state == code)
        # constant text between values, and the value columns, alternating
        texts, value_columns, sep = ["{"], [], ""
        for i, name in enumerate(columns):
            column_state = code // 3**i % 3
            if column_state == 0:
                continue
            if column_state == 1:
                texts[-1] += f'{sep}"{name}":null'
            elif name in rows.raw_json:
                texts[-1] += f'{sep}"{name}":'
                value_columns.append(value_of[i][rows_idx].tolist())
                texts.append("")
            else:
                texts[-1] += f'{sep}"{name}":"'
                value_columns.append(value_of[i][rows_idx].tolist())
                texts.append('"')
            sep = ","
        texts[-1] += "}"
        parts = [repeat(texts[0], len(rows_idx))]
        for text, column in zip(texts[1:], value_columns, strict=True):
            parts.append(column)
            parts.append(repeat(text, len(rows_idx)))
        out[rows_idx] = list(map("".join, zip(*parts, strict=True)))
    return out.tolist()
