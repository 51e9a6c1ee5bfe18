"""Measure the loader on large synthetic files: `python -m orchestration.loading.benchmark`.

Writes one CRM contacts CSV and one web events JSONL of `--lines` lines each (with a
small share of broken lines, quoted commas, embedded newlines and Thai text) into a
temporary folder, loads them into a fresh warehouse, reconciles, and prints rows per
second and peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from pathlib import Path

from orchestration.contract import KINDS_BY_TABLE


def write_csv(path: Path, lines: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    kind = KINDS_BY_TABLE["crm_contacts"]
    names = ["Somchai", "สมชาย", "Ploy", "นางสาว พลอย", "Mr. Niran", "Khun Malee"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(kind.columns) + "\n")
        written = 1
        i = 0
        while written < lines:
            i += 1
            roll = rng.random()
            first = rng.choice(names)
            if roll < 0.001:
                out.write(f'C{i},"value"x,,,,,,,,,,,,,\n')
                written += 1
                continue
            elif roll < 0.002:
                out.write(f"C{i},too,few\n")
                written += 1
                continue
            elif roll < 0.05:
                first = f'"{first}, ""jr"""'
            elif roll < 0.051 and written + 2 <= lines:
                out.write(
                    f'C{i},"two\nlines",x,a@example.com,0812345678,1990-01-01,F,'
                    f"Bangkok,L{i},,true,false,,2026-01-01,2026-01-02\n"
                )
                written += 2
                continue
            out.write(
                f"C{i},{first},Lastname{i % 997},user{i}@example.com,081-234-{i % 10000:04d},"
                f"15/03/2533,M,Chiang Mai,L{i:08d},U{i:032x},true,false,,"
                f"2026-01-01T10:00:00,2026-01-0{1 + i % 9}T11:00:00\n"
            )
            written += 1


def write_jsonl(path: Path, lines: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        for i in range(lines):
            roll = rng.random()
            if roll < 0.001:
                out.write('{"event_id": "broken",\n')
                continue
            event = {
                "event_id": f"E{i}",
                "anonymous_id": f"A{i % 50000}",
                "customer_id": None if roll < 0.5 else f"CU{i % 20000}",
                "event_type": rng.choice(["page_view", "product_view", "add_to_cart"]),
                "event_ts": "2026-01-01T10:00:00+07:00",
                "session_id": f"S{i // 7}",
                "page_url": f"https://shop.example.com/p/{i % 1000}?q=เซรั่ม",
                "sku": f"SKU{i % 500}",
                "utm_source": "line",
                "utm_medium": "social",
                "utm_campaign": "songkran",
                "device_type": "mobile",
            }
            out.write(json.dumps(event, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    from orchestration.loading import load_landing, reconcile_tables

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--dir", help="work folder (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        (root / "landing" / "crm").mkdir(parents=True)
        (root / "landing" / "web").mkdir(parents=True)
        started = time.monotonic()
        write_csv(root / "landing" / "crm" / "contacts_bench.csv", args.lines)
        write_jsonl(root / "landing" / "web" / "events_bench.jsonl", args.lines)
        print(f"generated 2 x {args.lines:,} lines in {time.monotonic() - started:.1f}s")
        for table in ("crm_contacts", "web_events"):
            cpu = time.process_time()
            report = load_landing(root / "landing", root / "warehouse.duckdb", tables=[table])
            cpu = time.process_time() - cpu
            stats = report.tables[table]
            rows = stats.rows_loaded + stats.rows_quarantined
            size = sum(f.physical_lines for f in report.files)
            print(
                f"{table}: {stats.rows_loaded:,} loaded + {stats.rows_quarantined:,} quarantined "
                f"({size:,} lines) in {report.seconds:.1f}s = {rows / report.seconds:,.0f} "
                f"rows/s (process CPU {cpu:.1f}s)"
            )
        started = time.monotonic()
        mismatches = reconcile_tables(root / "warehouse.duckdb")
        print(f"reconcile: {len(mismatches)} mismatches in {time.monotonic() - started:.1f}s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:,.0f} MB")
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
