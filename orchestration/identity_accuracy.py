"""Accuracy of identity resolution against the generator's truth.

Compares `marts.customer_xref` of a warehouse with `customer_xref_truth.csv`
(source_system, source_record_id, person_id) and reports pairwise precision, recall
and F1 (over all pairs of records that belong together), plus persons that were
over-merged (share a customer with another person) or split (spread over several
customers). Pairs are counted in SQL: sum of n * (n - 1) / 2 over truth persons,
over customers, and over (person, customer) intersections.

    python -m orchestration.identity_accuracy \
        --warehouse warehouse.duckdb --truth truth/customer_xref_truth.csv
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Accuracy:
    records_matched: int
    records_only_in_truth: int
    records_only_in_xref: int
    persons: int
    customers: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    precision: float
    recall: float
    f1: float
    persons_over_merged: int
    persons_split: int

    def summary(self) -> str:
        return (
            f"records {self.records_matched:,} (only in truth {self.records_only_in_truth:,}, "
            f"only in xref {self.records_only_in_xref:,}); persons {self.persons:,}, "
            f"customers {self.customers:,}\n"
            f"pairwise precision {self.precision:.4f}  recall {self.recall:.4f}  "
            f"F1 {self.f1:.4f}  (pairs: true {self.true_pairs:,}, "
            f"predicted {self.predicted_pairs:,}, correct {self.correct_pairs:,})\n"
            f"persons over-merged {self.persons_over_merged:,}  split {self.persons_split:,}"
        )


def pair_metrics(true_pairs: int, predicted_pairs: int, correct_pairs: int) -> tuple:
    """Precision, recall and F1 from pair counts (1.0 when there is nothing to find)."""
    precision = correct_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = correct_pairs / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def measure(conn: duckdb.DuckDBPyConnection, xref: str, truth_csv: Path) -> Accuracy:
    """Accuracy of the xref relation `xref` against the truth file."""
    conn.execute(
        f"""
        create or replace temp table accuracy_truth as
        select distinct
            cast(source_system as varchar) as source_system,
            cast(source_record_id as varchar) as source_record_id,
            cast(person_id as varchar) as person_id
        from read_csv('{truth_csv}', header = true, all_varchar = true)
        """
    )
    conn.execute(
        f"""
        create or replace temp table accuracy_joined as
        select truth.person_id, xref.customer_id
        from accuracy_truth as truth
        inner join {xref} as xref
            on truth.source_system = xref.source_system
            and truth.source_record_id = xref.source_record_id
        """
    )
    counts = conn.execute(
        f"""
        with
        pairs_of as (
            select
                (select sum(n * (n - 1) / 2) from (
                    select count(*) as n from accuracy_joined group by person_id)) as true_pairs,
                (select sum(n * (n - 1) / 2) from (
                    select count(*) as n from accuracy_joined group by customer_id))
                    as predicted_pairs,
                (select sum(n * (n - 1) / 2) from (
                    select count(*) as n from accuracy_joined group by person_id, customer_id))
                    as correct_pairs
        ),
        customers_per_person as (
            select person_id, count(distinct customer_id) as customers
            from accuracy_joined group by person_id
        ),
        persons_per_customer as (
            select customer_id, count(distinct person_id) as persons
            from accuracy_joined group by customer_id
        ),
        over_merged as (
            select count(distinct joined.person_id) as persons
            from accuracy_joined as joined
            inner join persons_per_customer using (customer_id)
            where persons_per_customer.persons > 1
        )
        select
            (select count(*) from accuracy_joined),
            (select count(*) from accuracy_truth) - (select count(*) from accuracy_joined),
            (select count(*) from {xref}) - (select count(*) from accuracy_joined),
            (select count(distinct person_id) from accuracy_joined),
            (select count(distinct customer_id) from accuracy_joined),
            coalesce(true_pairs, 0), coalesce(predicted_pairs, 0), coalesce(correct_pairs, 0),
            (select persons from over_merged),
            (select count(*) from customers_per_person where customers > 1)
        from pairs_of
        """
    ).fetchone()
    (matched, only_truth, only_xref, persons, customers, true_p, pred_p, correct_p, over, split) = (
        int(value or 0) for value in counts
    )
    precision, recall, f1 = pair_metrics(true_p, pred_p, correct_p)
    return Accuracy(
        matched,
        only_truth,
        only_xref,
        persons,
        customers,
        true_p,
        pred_p,
        correct_p,
        precision,
        recall,
        f1,
        over,
        split,
    )


def measure_warehouse(warehouse: Path, truth_csv: Path) -> Accuracy:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return measure(conn, "marts.customer_xref", truth_csv)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True, help="customer_xref_truth.csv")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    accuracy = measure_warehouse(args.warehouse, args.truth)
    print(json.dumps(asdict(accuracy), indent=2) if args.json else accuracy.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
