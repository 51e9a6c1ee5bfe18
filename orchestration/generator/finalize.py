"""From a source's Rows to file pieces: erasure, re-sends, ordering, lines, malformed
lines and the truth rows of what was actually written."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..contract import KINDS_BY_TABLE, XREF_SOURCE_SYSTEMS
from . import rates
from .context import ChunkContext
from .malformed import corrupt, to_bytes
from .render import csv_lines, jsonl_lines
from .rows import Rows

# Tables whose free text may hold a line break inside a quoted field.
MULTILINE_TABLES = frozenset({"survey_responses"})


@dataclass
class Piece:
    """The lines one chunk contributes to one landing file."""

    table: str
    batch: int
    data: bytes
    records: int
    physical_lines: int
    malformed: list[tuple[int, str]]  # (physical line within the piece, 1-based; kind)


@dataclass
class TruthPart:
    system: np.ndarray  # index into XREF_SOURCE_SYSTEMS
    key: np.ndarray
    owner: np.ndarray
    good: np.ndarray  # the line was written intact
    record_id: np.ndarray


def _copies(rows: Rows, batch: np.ndarray, days: int, rng: np.random.Generator):
    """(source row, batch) of re-sent rows and of tracker duplicates."""
    n = len(rows)
    share = rates.RESEND_SHARE.get(rows.table, 0.0)
    resend = np.flatnonzero((batch < days - 1) & (rng.random(n) < share))
    resend_batch = rng.integers(batch[resend] + 1, days) if len(resend) else batch[resend]
    if rows.table == "web_events":
        dup = np.flatnonzero(rng.random(n) < rates.WEB_DUPLICATE_EVENT_SHARE)
    else:
        dup = np.array([], dtype=np.int64)
    return np.concatenate([resend, dup]), np.concatenate([resend_batch, batch[dup]])


def _encode(lines: list[str], lo: int, hi: int, bad_utf8: list[int]) -> bytes:
    """lines[lo:hi] as UTF-8, each ending in a line break; lines listed in bad_utf8 get
    their invalid bytes (the rest is encoded in large blocks)."""
    blocks = []
    start = lo
    for row in sorted(bad_utf8):
        if row > start:
            blocks.append(("\n".join(lines[start:row]) + "\n").encode())
        blocks.append(to_bytes(lines[row] + "\n", True))
        start = row + 1
    if hi > start:
        blocks.append(("\n".join(lines[start:hi]) + "\n").encode())
    return b"".join(blocks)


def finalize(rows: Rows, ctx: ChunkContext) -> tuple[list[Piece], TruthPart | None]:
    kind = KINDS_BY_TABLE[rows.table]
    cal, persons = ctx.cal, ctx.persons
    rng = ctx.rng("finalize:" + rows.table)
    batch = cal.batch_of(rows.ts)
    extra, extra_batch = _copies(rows, batch, cal.days, rng)
    src = np.concatenate([np.arange(len(rows)), extra]).astype(np.int64)
    out_batch = np.concatenate([batch, extra_batch]).astype(np.int64)

    # an erased person leaves nothing after the request, and no re-send brings them back
    owner = rows.owner[src]
    local = np.clip(owner - persons.g[0], 0, persons.n - 1)
    erase_ts = np.where(owner >= 0, persons.erase_ts[local], -1)
    erase_batch = cal.batch_of(np.maximum(erase_ts, 0))
    drop = (erase_ts >= 0) & ((rows.ts[src] >= erase_ts) | (out_batch > erase_batch))
    src, out_batch = src[~drop], out_batch[~drop]
    order = np.lexsort((rows.ts[src], out_batch))
    src, out_batch = src[order], out_batch[order]

    final = rows.take(src)
    lines = (csv_lines if kind.fmt == "csv" else jsonl_lines)(final, kind.columns)
    newlines = np.zeros(len(lines), dtype=np.int64)
    if rows.table in MULTILINE_TABLES:
        newlines = np.fromiter((line.count("\n") for line in lines), np.int64, len(lines))
    share = rates.MALFORMED_LINE_SHARE_BY_TABLE.get(rows.table, rates.MALFORMED_LINE_SHARE)
    bad = np.flatnonzero((newlines == 0) & (rng.random(len(lines)) < share))
    bad_kinds = corrupt(lines, bad, kind.fmt, rng)
    good = np.ones(len(lines), bool)
    good[bad] = False

    pieces = []
    bounds = np.searchsorted(out_batch, np.arange(cal.days + 1))
    physical = 1 + newlines
    for b in range(cal.days):
        lo, hi = int(bounds[b]), int(bounds[b + 1])
        if hi == lo:
            continue
        first_line = np.cumsum(physical[lo:hi]) - physical[lo:hi] + 1
        in_piece = (bad >= lo) & (bad < hi)
        malformed = [
            (int(first_line[row - lo]), k)
            for row, k in zip(
                bad[in_piece].tolist(),
                np.array(bad_kinds, dtype=object)[in_piece].tolist(),
                strict=True,
            )
        ]
        bad_utf8 = [
            row
            for row, k in zip(bad.tolist(), bad_kinds, strict=True)
            if k == "invalid_utf8" and lo <= row < hi
        ]
        data = _encode(lines, lo, hi, bad_utf8)
        pieces.append(Piece(rows.table, b, data, hi - lo, int(physical[lo:hi].sum()), malformed))

    truth = None
    if rows.system is not None:
        key = rows.record_key[src]
        sel = key >= 0
        truth = TruthPart(
            system=np.full(int(sel.sum()), XREF_SOURCE_SYSTEMS.index(rows.system)),
            key=key[sel],
            owner=rows.owner[src][sel],
            good=good[sel],
            record_id=rows.record_id[src][sel],
        )
    return pieces, truth


@dataclass
class TruthSummary:
    lines: list[str]  # system,record_id,person_id
    records: dict[str, int]
    without_good_line: dict[str, int]
    shared_records: dict[str, int]  # records with rows of several persons (web: shared devices)


def aggregate_truth(parts: list[TruthPart]) -> TruthSummary:
    """One truth row per (system, record): the person with most rows (shared devices)."""
    parts = [p for p in parts if p is not None and len(p.key)]
    if not parts:
        return TruthSummary([], {}, {}, {})
    system = np.concatenate([p.system for p in parts])
    key = np.concatenate([p.key for p in parts])
    owner = np.concatenate([p.owner for p in parts])
    good = np.concatenate([p.good for p in parts])
    record_id = np.concatenate([p.record_id for p in parts])
    order = np.lexsort((owner, key, system))
    system, key, owner, good, record_id = (a[order] for a in (system, key, owner, good, record_id))
    n = len(key)
    change = np.r_[True, (system[1:] != system[:-1]) | (key[1:] != key[:-1])]
    triple = change | np.r_[True, owner[1:] != owner[:-1]]
    t_start = np.flatnonzero(triple)
    t_count = np.diff(np.r_[t_start, n])
    t_record = np.cumsum(change)[t_start] - 1
    pick = np.lexsort((owner[t_start], -t_count, t_record))
    first = pick[np.r_[True, t_record[pick][1:] != t_record[pick][:-1]]]
    best_owner = owner[t_start[first]]
    r_start = np.flatnonzero(change)
    any_good = np.maximum.reduceat(good.astype(np.int8), r_start).astype(bool)
    owners_per_record = np.bincount(t_record)
    names = np.array(XREF_SOURCE_SYSTEMS, dtype=object)[system[r_start]]
    person_ids = [f"P{g + 1:07d}" for g in best_owner.tolist()]
    lines = [
        f"{s},{r},{pid}"
        for s, r, pid in zip(names.tolist(), record_id[r_start].tolist(), person_ids, strict=True)
    ]
    records, without, shared = {}, {}, {}
    for name in XREF_SOURCE_SYSTEMS:
        mask = names == name
        if mask.any():
            records[name] = int(mask.sum())
            without[name] = int((mask & ~any_good).sum())
            shared[name] = int((mask & (owners_per_record > 1)).sum())
    return TruthSummary(lines, records, without, shared)
