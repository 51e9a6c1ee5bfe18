"""What every source generator of a chunk gets: its persons, the calendar, shared
reference data, and a random stream of its own (so sources do not disturb each other)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from .calendar import DAY, SimCalendar
from .campaigns import Campaigns
from .persons import Persons
from .stores import Stores


@dataclass
class ChunkContext:
    seed: int
    chunk: int
    persons: Persons
    cal: SimCalendar
    campaigns: Campaigns
    stores: Stores

    def rng(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, self.chunk, zlib.crc32(name.encode())])

    def window(self, history_days: int) -> tuple[int, int]:
        """(start, end) local seconds of a source's activity window."""
        return self.cal.window_start(history_days), self.cal.end

    def versions_before(self, created: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """updated_at of the version a backfill export holds: between creation and day 1 end."""
        span = np.maximum(self.cal.day1_end - created, 1)
        return np.where(
            created < self.cal.day1_end,
            created + (rng.random(len(created)) * span).astype(np.int64),
            created,
        )

    def daily_updates(
        self, created: np.ndarray, share: float, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """(record index, updated_at) of re-exports with a later updated_at on later days."""
        index, stamps = [], []
        for day in range(1, self.cal.days):
            start = self.cal.day1_start + day * DAY
            chosen = np.flatnonzero((rng.random(len(created)) < share) & (created < start))
            index.append(chosen)
            stamps.append(start + rng.integers(0, DAY, len(chosen)))
        if not index:
            return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
        return np.concatenate(index), np.concatenate(stamps)


def uniform_ts(
    rng: np.random.Generator, low: np.ndarray | int, high: np.ndarray | int, n: int
) -> np.ndarray:
    """Uniform local seconds in [low, high) (high > low assumed, clipped otherwise)."""
    low = np.asarray(low, dtype=np.int64)
    high = np.maximum(np.asarray(high, dtype=np.int64), low + 1)
    return low + (rng.random(n) * (high - low)).astype(np.int64)


def day_time_ts(
    rng: np.random.Generator, start: int, end: int, n: int, open_h: int, close_h: int
) -> np.ndarray:
    """Timestamps on random days in [start, end) between opening and closing hours."""
    first, last = start // DAY, (end - 1) // DAY
    day = rng.integers(first, last + 1, n)
    return day * DAY + rng.integers(open_h * 3600, close_h * 3600, n)


def starts_of(counts: np.ndarray) -> np.ndarray:
    """Index of the first item of each group when groups of `counts` items are laid end to end."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.cumsum(counts) - counts


def money(satang: np.ndarray) -> np.ndarray:
    """THB with two decimals from integer satang."""
    return np.array(
        [f"{v // 100}.{v % 100:02d}" for v in np.asarray(satang).tolist()], dtype=object
    )
