"""Deterministic sample-data generator: messy landing files for the Customer 360
warehouse (see shared/contracts/landing.md) and the ground truth to grade it against.

    from orchestration.generator import generate
    report = generate(Path("data/landing"), persons=1_000, seed=42, days=5)
"""

from .generate import generate
from .report import FileReport, GenerationReport, KindTotals

__all__ = ["FileReport", "GenerationReport", "KindTotals", "generate"]
