"""The records a source produces for one chunk, before they become lines.

Columns are numpy object arrays of rendered values (str, or None for empty / absent).
`ts` decides the batch a row lands in; `owner` is the person behind it (-1 for none).
Person-bearing tables also say which customer_xref record each row belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class _JsonNull:
    """Marks an explicit JSON null (None means the key is absent)."""

    def __repr__(self) -> str:
        return "JSON_NULL"


JSON_NULL = _JsonNull()


@dataclass
class Rows:
    table: str
    columns: dict[str, np.ndarray]
    ts: np.ndarray
    owner: np.ndarray
    # customer_xref: source system, integer record key (-1 = not person-bearing) and id text
    system: str | None = None
    record_key: np.ndarray | None = None
    record_id: np.ndarray | None = None
    # JSON columns rendered verbatim (numbers, lists) instead of as strings
    raw_json: frozenset[str] = field(default_factory=frozenset)
    # JSON columns that may hold JSON_NULL (explicit null) besides None (key absent)
    json_nulls: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        n = len(self.ts)
        for name, values in self.columns.items():
            if len(values) != n:
                raise ValueError(f"{self.table}.{name}: {len(values)} values for {n} rows")

    def __len__(self) -> int:
        return len(self.ts)

    def take(self, index: np.ndarray) -> Rows:
        return Rows(
            table=self.table,
            columns={name: values[index] for name, values in self.columns.items()},
            ts=self.ts[index],
            owner=self.owner[index],
            system=self.system,
            record_key=None if self.record_key is None else self.record_key[index],
            record_id=None if self.record_id is None else self.record_id[index],
            raw_json=self.raw_json,
            json_nulls=self.json_nulls,
        )


def obj(values) -> np.ndarray:
    """An object array (ids, strings) from any sequence."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values) if not isinstance(values, np.ndarray) else values
    return out


def nulls(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)
