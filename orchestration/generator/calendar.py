"""The simulated calendar and vectorized timestamp and date formatting.

Times are int64 "local seconds": seconds since 1970-01-01T00:00 on the Asia/Bangkok wall
clock (UTC+07:00, no daylight saving). Dates are int days since 1970-01-01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

DAY = 86_400
HOUR = 3_600
MINUTE = 60
BANGKOK_OFFSET = 7 * HOUR
_EPOCH = date(1970, 1, 1)

_CLOCK = np.array(
    [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)], dtype=object
)
_MILLIS = np.array([f".{ms:03d}" for ms in range(1000)], dtype=object)

# Timestamp styles seen in the sources.
LOCAL = "local"  # 2026-01-01T10:00:00 (no offset: Bangkok time)
OFFSET = "offset"  # 2026-01-01T10:00:00+07:00
UTC_Z = "utc_z"  # 2026-01-01T03:00:00Z
UTC_OFFSET = "utc_offset"  # 2026-01-01T03:00:00+00:00


def day_number(day: date) -> int:
    return (day - _EPOCH).days


@dataclass(frozen=True)
class SimCalendar:
    first_day: date
    days: int

    @property
    def day1_start(self) -> int:
        return day_number(self.first_day) * DAY

    @property
    def day1_end(self) -> int:
        return self.day1_start + DAY

    @property
    def end(self) -> int:
        """End (exclusive) of the last simulated day."""
        return self.day1_start + self.days * DAY

    def batch_names(self) -> list[str]:
        return [(self.first_day + timedelta(days=i)).strftime("%Y%m%d") for i in range(self.days)]

    def batch_of(self, ts: np.ndarray) -> np.ndarray:
        return np.clip((ts - self.day1_start) // DAY, 0, self.days - 1).astype(np.int16)

    def window_start(self, history_days: int) -> int:
        return self.day1_start - history_days * DAY

    def window_days(self, history_days: int) -> int:
        """Days of activity from the window start to the end of the last day."""
        return history_days + self.days


def _date_strings(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique ISO dates of `days` and the inverse index (dates are few, rows are many)."""
    unique, inverse = np.unique(days, return_inverse=True)
    iso = np.datetime_as_string(unique.astype("datetime64[D]")).astype(object)
    return iso, inverse


def format_ts(ts: np.ndarray, style: str, millis: np.ndarray | None = None) -> np.ndarray:
    """ISO-8601 strings (object array) of local-second timestamps in one style."""
    ts = np.asarray(ts, dtype=np.int64)
    if style in (UTC_Z, UTC_OFFSET):
        ts = ts - BANGKOK_OFFSET
    if len(ts) == 0:
        return np.array([], dtype=object)
    iso, inverse = _date_strings(ts // DAY)
    out = iso[inverse] + "T" + _CLOCK[ts % DAY]
    if millis is not None:
        out = out + _MILLIS[millis]
    suffix = {LOCAL: "", OFFSET: "+07:00", UTC_Z: "Z", UTC_OFFSET: "+00:00"}[style]
    return out + suffix if suffix else out


def format_ts_mixed(
    ts: np.ndarray, styles: tuple[str, ...], codes: np.ndarray, millis: np.ndarray | None = None
) -> np.ndarray:
    """Timestamps where row i uses styles[codes[i]]."""
    out = np.empty(len(ts), dtype=object)
    for code, style in enumerate(styles):
        rows = np.flatnonzero(codes == code)
        if len(rows):
            out[rows] = format_ts(ts[rows], style, None if millis is None else millis[rows])
    return out


def format_iso_date(days: np.ndarray) -> np.ndarray:
    if len(days) == 0:
        return np.array([], dtype=object)
    iso, inverse = _date_strings(np.asarray(days, dtype=np.int64))
    return iso[inverse]


def format_birth_dates(days: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Birth dates in the forms Thai systems write: 0 ISO CE, 1 DD/MM/YYYY BE,
    2 DD/MM/YYYY CE, 3 ISO BE, 4 empty (None)."""
    iso = format_iso_date(days)
    out = np.empty(len(days), dtype=object)
    for code in range(4):
        rows = np.flatnonzero(codes == code)
        values = iso[rows].tolist()
        if code == 0:
            out[rows] = values
        elif code == 1:
            out[rows] = [f"{v[8:10]}/{v[5:7]}/{int(v[:4]) + 543}" for v in values]
        elif code == 2:
            out[rows] = [f"{v[8:10]}/{v[5:7]}/{v[:4]}" for v in values]
        else:
            out[rows] = [f"{int(v[:4]) + 543}{v[4:]}" for v in values]
    return out
