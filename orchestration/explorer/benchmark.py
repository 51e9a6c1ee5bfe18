"""How long an explorer lookup takes on a published warehouse.

    .venv/bin/python -m orchestration.explorer.benchmark --published FILE [--queries 60]

A lookup is what the profile page does for one search: read the search box entry
the way staging normalizes it, find the customers in `explorer.search_keys`, then load
the first one's profile, timeline and identity links (queries.lookup). The entries are
drawn from the file itself and typed the way people type them: phones with dashes
and brackets, emails in mixed case with spaces, loyalty ids in lower case with
spaces, names with an honorific, customer ids and source record ids.

`measure(published_path)` returns the figures as a dict (the scale benchmark script
can call it after a run); the command prints them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path
from typing import Any

from orchestration.config import load_settings
from orchestration.explorer import queries


def _messy_phone(e164: str, rng: random.Random) -> str:
    national = e164[3:]
    return rng.choice(
        [
            f"0{national[:2]}-{national[2:5]}-{national[5:]}",
            f"(0{national[:2]}) {national[2:5]} {national[5:]}",
            f"66 {national[:2]} {national[2:5]} {national[5:]}",
            f"+66 0{national}",
        ]
    )


def sample_queries(
    published_path: Path | str, count: int = 60, seed: int = 1
) -> list[tuple[str, str]]:
    """(kind, search text) pairs drawn from the published golden records and xref."""
    rng = random.Random(seed)
    per_kind = max(1, count // 6)
    with queries.connect(published_path) as conn:
        golden = conn.execute(
            "select customer_id, phone, email, loyalty_id, first_name, last_name "
            "from marts.customer_golden_records "
            f"using sample {per_kind * 4} rows (reservoir, {seed})"
        ).fetchall()
        records = conn.execute(
            "select source_record_id from marts.customer_xref "
            f"using sample {per_kind} rows (reservoir, {seed})"
        ).fetchall()
    picked: list[tuple[str, str]] = []
    for customer_id, phone, email, loyalty_id, first_name, last_name in golden:
        if phone and sum(k == "phone" for k, _ in picked) < per_kind:
            picked.append(("phone", _messy_phone(phone, rng)))
        if email and sum(k == "email" for k, _ in picked) < per_kind:
            picked.append(("email", f"  {email.upper()} "))
        if loyalty_id and sum(k == "loyalty_id" for k, _ in picked) < per_kind:
            picked.append(("loyalty_id", f"{loyalty_id[:4].lower()} {loyalty_id[4:]}"))
        if first_name and last_name and sum(k == "name" for k, _ in picked) < per_kind:
            picked.append(("name", f"Khun {first_name} {last_name}"))
        if sum(k == "customer_id" for k, _ in picked) < per_kind:
            picked.append(("customer_id", customer_id))
    picked += [("record_id", record_id) for (record_id,) in records]
    rng.shuffle(picked)
    return picked[:count]


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "count": len(ordered),
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "max": ordered[-1],
    }


def measure(published_path: Path | str, count: int = 60, seed: int = 1) -> dict[str, Any]:
    """Lookup seconds on the file: overall, per kind of entry, and the first (cold) one."""
    picked = sample_queries(published_path, count, seed)
    started = time.perf_counter()
    seconds = queries.lookup_seconds(published_path, [text for _, text in picked])
    by_kind: dict[str, list[float]] = {}
    for (kind, _), value in zip(picked, seconds, strict=True):
        by_kind.setdefault(kind, []).append(value)
    with queries.connect(published_path) as conn:
        customers = conn.execute("select count(*) from marts.customer_golden_records").fetchall()
    return {
        "published_path": str(published_path),
        "customers": customers[0][0],
        "first_lookup_seconds": seconds[0] if seconds else None,
        "all": _summary(seconds) if seconds else {},
        "by_kind": {kind: _summary(values) for kind, values in sorted(by_kind.items())},
        "wall_seconds": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--published", type=Path, default=load_settings().published_path)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    result = measure(args.published, args.queries, args.seed)
    print(f"{result['published_path']}: {result['customers']:,} customers")
    print(f"first lookup (cold): {result['first_lookup_seconds'] * 1000:.0f} ms")
    print(f"{'entry':<12} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for kind, row in [("all", result["all"]), *result["by_kind"].items()]:
        print(
            f"{kind:<12} {row['count']:>4} {row['median'] * 1000:>10.1f} "
            f"{row['p95'] * 1000:>8.1f} {row['max'] * 1000:>8.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
