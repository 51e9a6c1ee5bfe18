"""Marketing campaigns: brand-level reference data shared by every chunk.

Email campaigns are sent on their start date; LINE, web and social campaigns are what
deeplinks and utm_campaign parameters point at.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import rates
from .calendar import DAY, HOUR, SimCalendar, format_iso_date
from .catalog import PRODUCTS
from .rows import Rows, obj

_CATEGORIES = sorted({p[2] for p in PRODUCTS})
_NAMES = {
    "email": (
        "Weekly Glow Letter #{n}",
        "Flash Sale, 48 hours only",
        "New In: {cat}",
        "จดหมายข่าวประจำสัปดาห์ #{n}",
        'Members "Double Points" Week',
        "Payday Sale {m}",
    ),
    "line": ("LINE Exclusive Coupon #{n}", "โปรพิเศษเฉพาะเพื่อนใน LINE", "Broadcast: {cat} tips"),
    "web": ("Google Search - Brand", "Google Shopping, {cat}", "Mega Sale {m}.{m}"),
    "social": ("Facebook Lookalike - {cat}", "TikTok Creators, {m}", "IG Reels: {cat}"),
}
_DURATION_DAYS = {"email": 7, "line": 14, "web": 30, "social": 30}
_COST_RANGE = {
    "email": (500, 5_000),
    "line": (2_000, 20_000),
    "web": (20_000, 300_000),
    "social": (10_000, 200_000),
}


@dataclass(frozen=True)
class Campaigns:
    ids: np.ndarray
    channel: np.ndarray
    start_ts: np.ndarray  # local seconds: the send / launch time
    rows: Rows

    def of(self, channel: str) -> tuple[np.ndarray, np.ndarray]:
        """(start_ts, ids) of one channel, by start time."""
        mask = self.channel == channel
        order = np.argsort(self.start_ts[mask], kind="stable")
        return self.start_ts[mask][order], self.ids[mask][order]

    def pick_active(
        self, channels: tuple[str, ...], ts: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """A campaign id per timestamp among the three latest launched by then (None if none)."""
        mask = np.isin(self.channel, channels)
        starts = self.start_ts[mask]
        order = np.argsort(starts, kind="stable")
        starts, ids = starts[order], self.ids[mask][order]
        launched = np.searchsorted(starts, ts, side="right")
        pick = launched - 1 - rng.integers(0, 3, len(ts))
        pick = np.maximum(pick, 0)
        out = np.full(len(ts), None, dtype=object)
        ok = launched > 0
        out[ok] = ids[np.minimum(pick[ok], len(ids) - 1)]
        return out


def build_campaigns(cal: SimCalendar, rng: np.random.Generator) -> Campaigns:
    plan = (
        ("email", rates.EMAIL_HISTORY_DAYS, rates.EMAIL_CAMPAIGN_EVERY_DAYS, 0),
        ("line", rates.LINE_HISTORY_DAYS, rates.LINE_CAMPAIGN_EVERY_DAYS, 1),
        ("web", rates.ORDER_HISTORY_DAYS, rates.WEB_CAMPAIGN_EVERY_DAYS, 2),
        ("social", rates.ORDER_HISTORY_DAYS, rates.WEB_CAMPAIGN_EVERY_DAYS, 17),
    )
    first_day = cal.day1_start // DAY
    records = []
    for channel, history, every, offset in plan:
        day = first_day - history + offset
        while day < first_day + cal.days:
            records.append((day, channel))
            day += every
    records.sort()
    n = len(records)
    days = np.array([r[0] for r in records], dtype=np.int64)
    channel = obj([r[1] for r in records])
    ids = obj([f"CMP{i + 1:05d}" for i in range(n)])
    names = []
    for i, (day, ch) in enumerate(records):
        template = _NAMES[ch][int(rng.integers(0, len(_NAMES[ch])))]
        month = int(str(np.datetime64(int(day), "D"))[5:7])
        names.append(template.format(n=i + 1, cat=_CATEGORIES[i % len(_CATEGORIES)], m=month))
    duration = np.array([_DURATION_DAYS[c] for c in channel.tolist()], dtype=np.int64)
    low = np.array([_COST_RANGE[c][0] for c in channel.tolist()])
    high = np.array([_COST_RANGE[c][1] for c in channel.tolist()])
    cost = rng.integers(low * 100, high * 100)
    start_ts = days * DAY + 9 * HOUR + rng.integers(0, 2 * HOUR, n)
    rows = Rows(
        table="marketing_campaigns",
        columns={
            "campaign_id": ids,
            "channel": channel,
            "name": obj(names),
            "start_date": format_iso_date(days),
            "end_date": format_iso_date(days + duration),
            "cost": obj([f"{c // 100}.{c % 100:02d}" for c in cost.tolist()]),
        },
        ts=start_ts,
        owner=np.full(n, -1, dtype=np.int64),
    )
    return Campaigns(ids=ids, channel=channel, start_ts=start_ts, rows=rows)
