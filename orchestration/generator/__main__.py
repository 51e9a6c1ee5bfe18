"""python -m orchestration.generator --persons N [--seed S --days D --landing DIR --truth DIR]"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--landing", type=Path, default=Path("data/landing"))
    parser.add_argument("--truth", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    generate(
        args.landing,
        args.persons,
        args.seed,
        args.days,
        args.truth,
        progress=print,
        workers=args.workers,
    )


if __name__ == "__main__":
    main()
