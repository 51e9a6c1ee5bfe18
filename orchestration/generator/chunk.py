"""One chunk of persons, start to finish: persons, every source, finished file pieces
and truth. Chunks are independent, so they can run in parallel processes, and the result
does not depend on how many processes ran them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from . import rates
from .calendar import SimCalendar
from .campaigns import build_campaigns
from .context import ChunkContext
from .finalize import Piece, TruthSummary, aggregate_truth, finalize
from .persons import build_persons
from .sources.crm import crm_contacts
from .sources.ecommerce import ecommerce_customers, ecommerce_orders
from .sources.email_events import email_events
from .sources.line import line_rows
from .sources.pos import pos_receipts
from .sources.privacy import erasure_requests
from .sources.support import support_tickets
from .sources.surveys import survey_responses
from .sources.web import web_events
from .stores import build_stores

CHUNK_PERSONS = 20_000


@dataclass(frozen=True)
class ChunkPlan:
    seed: int
    chunk: int
    first_person: int
    persons: int
    total_persons: int
    days: int
    first_day: date = rates.FIRST_DAY


@dataclass
class ChunkResult:
    chunk: int
    pieces: list[Piece]
    truth: TruthSummary
    erasures: list[str]  # request_id,person_id


def plan_chunks(total: int, seed: int, days: int) -> list[ChunkPlan]:
    return [
        ChunkPlan(seed, i, start, min(CHUNK_PERSONS, total - start), total, days)
        for i, start in enumerate(range(0, total, CHUNK_PERSONS))
    ]


def build_chunk(plan: ChunkPlan) -> ChunkResult:
    cal = SimCalendar(plan.first_day, plan.days)
    campaigns = build_campaigns(cal, np.random.default_rng([plan.seed, 1_000_001]))
    stores = build_stores(plan.total_persons, np.random.default_rng([plan.seed, 1_000_002]))
    persons = build_persons(
        plan.first_person,
        plan.persons,
        plan.total_persons,
        cal,
        np.random.default_rng([plan.seed, plan.chunk, 0]),
        min_erasures=rates.ERASURE_MIN_REQUESTS if plan.chunk == 0 else 0,
    )
    ctx = ChunkContext(plan.seed, plan.chunk, persons, cal, campaigns, stores)
    orders, facts = ecommerce_orders(ctx)
    receipts, receipt_lines = pos_receipts(ctx)
    line_events, bindings = line_rows(ctx)
    privacy, erasures = erasure_requests(ctx)
    tables = [
        crm_contacts(ctx),
        ecommerce_customers(ctx),
        orders,
        receipts,
        receipt_lines,
        web_events(ctx, facts),
        email_events(ctx),
        line_events,
        bindings,
        support_tickets(ctx),
        survey_responses(ctx),
        privacy,
    ]
    if plan.chunk == 0:
        tables.append(campaigns.rows)
    pieces, truth_parts = [], []
    for rows in tables:
        table_pieces, truth = finalize(rows, ctx)
        pieces.extend(table_pieces)
        truth_parts.append(truth)
    return ChunkResult(plan.chunk, pieces, aggregate_truth(truth_parts), erasures)
