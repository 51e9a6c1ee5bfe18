"""The rules behind the load assets' checks."""

from __future__ import annotations

import datetime as dt

from orchestration.load_checks import freshness, quarantine_share, row_count_swing

NOW = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)


def test_quarantine_share_fails_above_the_limit():
    assert quarantine_share(990, 10, 0.05).passed
    assert not quarantine_share(90, 10, 0.05).passed
    assert quarantine_share(0, 0, 0.05).passed  # nothing new loaded


def test_freshness_needs_a_recent_file():
    assert freshness(NOW - dt.timedelta(hours=2), NOW, 36).passed
    assert not freshness(NOW - dt.timedelta(days=3), NOW, 36).passed
    assert not freshness(None, NOW, 36).passed


def test_row_count_swing():
    assert row_count_swing(None, 500, 0.5).passed
    assert row_count_swing(1000, 1200, 0.5).passed
    assert not row_count_swing(1000, 300, 0.5).passed
    assert not row_count_swing(1000, 2600, 0.5).passed
