"""Pure rules behind the load assets' checks, kept apart so they are unit-tested."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    description: str


def quarantine_share(rows_loaded: int, rows_quarantined: int, max_share: float) -> CheckOutcome:
    """Fail when more than `max_share` of this load's lines were unreadable."""
    total = rows_loaded + rows_quarantined
    share = rows_quarantined / total if total else 0.0
    return CheckOutcome(
        share <= max_share,
        f"{rows_quarantined:,} of {total:,} rows quarantined ({share:.2%}; limit {max_share:.2%})",
    )


def freshness(
    newest_load: dt.datetime | None, now: dt.datetime, max_age_hours: float
) -> CheckOutcome:
    """Fail when no new file of this kind has landed within `max_age_hours`."""
    if newest_load is None:
        return CheckOutcome(False, "no file of this kind was ever loaded")
    age_hours = (now - newest_load).total_seconds() / 3600
    return CheckOutcome(
        age_hours <= max_age_hours,
        f"newest file loaded {age_hours:.1f} h ago (limit {max_age_hours:g} h)",
    )


def row_count_swing(previous: int | None, current: int, max_swing: float) -> CheckOutcome:
    """Fail when a table's row count moved by more than `max_swing` since the last run."""
    if not previous:
        return CheckOutcome(True, f"{current:,} rows; no previous run to compare with")
    swing = abs(current - previous) / previous
    return CheckOutcome(
        swing <= max_swing,
        f"{previous:,} -> {current:,} rows ({swing:.1%} change; limit {max_swing:.0%})",
    )
