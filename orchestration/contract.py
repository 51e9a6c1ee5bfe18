"""The landing contract (shared/contracts/landing.md) as data.

One entry per file kind: where its files live, their format and their columns.
The generator writes these shapes, the loader reads them, and the raw tables
are named after `FileKind.table`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileKind:
    table: str  # raw table name, also the Dagster asset name
    folder: str  # folder under the landing root
    prefix: str  # file name before `_<batch>`
    fmt: str  # "csv" or "jsonl"
    columns: tuple[str, ...]
    key: tuple[str, ...]

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(rf"^{re.escape(self.prefix)}_(?P<batch>[^/]+)\.{self.fmt}$")

    def batch_of(self, path: Path) -> str | None:
        """The batch part of a landing file name, or None if the name is not this kind's."""
        match = self.pattern.match(path.name)
        return match.group("batch") if match else None


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind(
        "crm_contacts",
        "crm",
        "contacts",
        "csv",
        (
            "contact_id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "birth_date",
            "gender",
            "province",
            "loyalty_id",
            "line_user_id",
            "consent_email",
            "consent_sms",
            "consent_line",
            "created_at",
            "updated_at",
        ),
        ("contact_id",),
    ),
    FileKind(
        "ecommerce_customers",
        "ecommerce",
        "customers",
        "csv",
        (
            "customer_id",
            "email",
            "phone",
            "first_name",
            "last_name",
            "accepts_marketing",
            "created_at",
            "updated_at",
        ),
        ("customer_id",),
    ),
    FileKind(
        "ecommerce_orders",
        "ecommerce",
        "orders",
        "jsonl",
        (
            "order_id",
            "customer_id",
            "email",
            "phone",
            "order_ts",
            "status",
            "currency",
            "subtotal",
            "discount",
            "shipping_fee",
            "total",
            "shipping_province",
            "utm_campaign",
            "updated_at",
            "items",
        ),
        ("order_id",),
    ),
    FileKind(
        "pos_transactions",
        "pos",
        "transactions",
        "csv",
        (
            "transaction_id",
            "store_id",
            "store_province",
            "loyalty_id",
            "phone",
            "txn_ts",
            "total_amount",
            "payment_method",
            "status",
        ),
        ("transaction_id",),
    ),
    FileKind(
        "pos_transaction_lines",
        "pos",
        "transaction_lines",
        "csv",
        ("transaction_id", "line_no", "sku", "category", "quantity", "unit_price"),
        ("transaction_id", "line_no"),
    ),
    FileKind(
        "web_events",
        "web",
        "events",
        "jsonl",
        (
            "event_id",
            "anonymous_id",
            "customer_id",
            "email",
            "event_type",
            "event_ts",
            "session_id",
            "page_url",
            "sku",
            "order_id",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "device_type",
        ),
        ("event_id",),
    ),
    FileKind(
        "email_events",
        "email",
        "events",
        "csv",
        ("event_id", "email", "campaign_id", "event_type", "event_ts", "link_url"),
        ("event_id",),
    ),
    FileKind(
        "line_events",
        "line",
        "events",
        "jsonl",
        ("event_id", "line_user_id", "event_type", "tag", "campaign_id", "event_ts"),
        ("event_id",),
    ),
    FileKind(
        "line_member_bindings",
        "line",
        "member_bindings",
        "csv",
        ("line_user_id", "phone", "loyalty_id", "bound_at"),
        ("line_user_id",),
    ),
    FileKind(
        "support_tickets",
        "support",
        "tickets",
        "csv",
        (
            "ticket_id",
            "channel",
            "email",
            "phone",
            "line_user_id",
            "category",
            "status",
            "csat_score",
            "opened_at",
            "resolved_at",
            "updated_at",
        ),
        ("ticket_id",),
    ),
    FileKind(
        "survey_responses",
        "surveys",
        "responses",
        "csv",
        ("response_id", "survey_type", "email", "phone", "score", "comment", "submitted_at"),
        ("response_id",),
    ),
    FileKind(
        "marketing_campaigns",
        "marketing",
        "campaigns",
        "csv",
        ("campaign_id", "channel", "name", "start_date", "end_date", "cost"),
        ("campaign_id",),
    ),
    FileKind(
        "privacy_erasure_requests",
        "privacy",
        "erasure_requests",
        "csv",
        ("request_id", "email", "phone", "requested_at"),
        ("request_id",),
    ),
)

KINDS_BY_TABLE: dict[str, FileKind] = {kind.table: kind for kind in FILE_KINDS}

# Lineage columns every raw table carries after the contract's columns.
LINEAGE_COLUMNS: tuple[str, ...] = ("_file", "_line_no", "_loaded_at", "_load_id")

# source_system values of customer_xref, in the contract's order.
XREF_SOURCE_SYSTEMS: tuple[str, ...] = (
    "crm",
    "ecommerce_customer",
    "ecommerce_order",
    "pos",
    "web",
    "email",
    "line",
    "support",
    "survey",
)


def kind_of(path: Path, landing_root: Path) -> FileKind | None:
    """The file kind of a landing file, judged by its folder and name."""
    relative = path.relative_to(landing_root)
    if len(relative.parts) != 2:
        return None
    for kind in FILE_KINDS:
        if relative.parts[0] == kind.folder and kind.batch_of(path) is not None:
            return kind
    return None
