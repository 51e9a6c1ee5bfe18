"""Why these records are one customer: the identity links as a Graphviz DOT graph.

Pure functions: records and links in, DOT text out (rendered in the browser by
`st.graphviz_chart`, no system Graphviz needed). Each record of the customer is a
node coloured by source system; each accepted link is a solid edge labelled with
the identifier and the rule that made it; a link a guardrail dropped is a dashed
red edge to the other customer's record, drawn outside the customer's box.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SOURCE_COLOURS = {
    "crm": "#4C78A8",
    "ecommerce_customer": "#F58518",
    "ecommerce_order": "#FFBF79",
    "pos": "#54A24B",
    "web": "#B279A2",
    "email": "#E45756",
    "line": "#06C755",
    "support": "#9D755D",
    "survey": "#72B7B2",
}
MAX_NODES = 120


@dataclass(frozen=True)
class Link:
    record_a: tuple[str, str]  # (source_system, source_record_id)
    record_b: tuple[str, str]
    identifier_type: str
    rule_name: str
    identifier_value: str | None = None
    dropped_by: str | None = None  # constraint name when a guardrail dropped it
    other_customer_id: str | None = None


@dataclass
class IdentityGraph:
    records: list[tuple[str, str]]
    links: list[Link]
    dropped: list[Link]
    hidden_records: dict[str, int] = field(default_factory=dict)  # per source, not drawn

    def to_dot(self, customer_id: str, show_values: bool = True) -> str:
        return to_dot(self, customer_id, show_values)


def _node_id(record: tuple[str, str]) -> str:
    return f"{record[0]}:{record[1]}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def link_label(link: Link, show_values: bool = True) -> str:
    """`phone +66812345678` over `same_phone`: the identifier (and value) and the rule."""
    head = link.identifier_type
    if show_values and link.identifier_value:
        head = f"{head} {link.identifier_value}"
    label = f"{head}\n{link.rule_name}"
    if link.dropped_by:
        label += f"\ndropped: {link.dropped_by}"
    return label


def build_graph(
    records: Iterable[tuple[str, str]],
    links: Iterable[Link],
    dropped: Iterable[Link] = (),
    max_nodes: int = MAX_NODES,
) -> IdentityGraph:
    """Keep the graph readable: at most `max_nodes` of the customer's records are drawn.

    Records that take part in a link are kept first (they explain the merge); the rest
    of each source system beyond the limit is counted in `hidden_records`, and links to
    a hidden record are drawn to that system's summary node instead.
    """
    records = sorted(set(records))
    links = list(links)
    dropped = list(dropped)
    linked = {r for link in links for r in (link.record_a, link.record_b)}
    linked |= {r for link in dropped for r in (link.record_a, link.record_b)}
    ordered = [r for r in records if r in linked] + [r for r in records if r not in linked]
    shown = set(ordered[:max_nodes])
    hidden: dict[str, int] = {}
    for record in ordered[max_nodes:]:
        hidden[record[0]] = hidden.get(record[0], 0) + 1

    own = set(records)

    def place(record: tuple[str, str]) -> tuple[str, str]:
        if record in shown or record not in own:
            return record
        return (record[0], f"+{hidden[record[0]]} more")

    def moved(link: Link) -> Link:
        return Link(
            place(link.record_a),
            place(link.record_b),
            link.identifier_type,
            link.rule_name,
            link.identifier_value,
            link.dropped_by,
            link.other_customer_id,
        )

    drawn = sorted(shown) + [(system, f"+{n} more") for system, n in sorted(hidden.items())]
    kept_links = _unique(moved(link) for link in links)
    return IdentityGraph(drawn, kept_links, _unique(moved(link) for link in dropped), hidden)


def _unique(links: Iterable[Link]) -> list[Link]:
    seen, out = set(), []
    for link in links:
        key = (
            frozenset((link.record_a, link.record_b)),
            link.identifier_type,
            link.rule_name,
            link.identifier_value,
        )
        if key not in seen and link.record_a != link.record_b:
            seen.add(key)
            out.append(link)
    return out


def to_dot(graph: IdentityGraph, customer_id: str, show_values: bool = True) -> str:
    own = set(graph.records)
    lines = [
        "graph identity {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=10, nodesep=0.3, ranksep=0.6];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=9, '
        'fontcolor="#111111"];',
        '  edge [fontname="Helvetica", fontsize=8, color="#555555"];',
        f'  subgraph cluster_customer {{ label={_quote(customer_id)}; color="#999999";',
    ]
    for record in graph.records:
        colour = SOURCE_COLOURS.get(record[0], "#DDDDDD")
        lines.append(
            f"    {_quote(_node_id(record))} [label={_quote(record[0] + chr(10) + record[1])}, "
            f'fillcolor="{colour}55", color="{colour}"];'
        )
    lines.append("  }")
    others: dict[str, set[tuple[str, str]]] = {}
    for link in graph.dropped:
        for record in (link.record_a, link.record_b):
            if record not in own:
                others.setdefault(link.other_customer_id or "other customer", set()).add(record)
    for number, (other, records) in enumerate(sorted(others.items())):
        lines.append(
            f"  subgraph cluster_other_{number} {{ label={_quote(other)}; style=dashed; "
            'color="#CC3333";'
        )
        for record in sorted(records):
            lines.append(
                f"    {_quote(_node_id(record))} [label={_quote(record[0] + chr(10) + record[1])}, "
                'fillcolor="#FFFFFF", color="#CC3333"];'
            )
        lines.append("  }")
    for link in graph.links:
        lines.append(
            f"  {_quote(_node_id(link.record_a))} -- {_quote(_node_id(link.record_b))} "
            f"[label={_quote(link_label(link, show_values))}];"
        )
    for link in graph.dropped:
        lines.append(
            f"  {_quote(_node_id(link.record_a))} -- {_quote(_node_id(link.record_b))} "
            f'[label={_quote(link_label(link, show_values))}, style=dashed, color="#CC3333", '
            'fontcolor="#CC3333"];'
        )
    lines.append("}")
    return "\n".join(lines)


def links_from_rows(rows: Iterable[Mapping], customer_id: str | None = None) -> list[Link]:
    """Links from rows of marts.identity_edges or, given the customer, identity_dropped_links."""
    out = []
    for row in rows:
        dropped = bool(row.get("constraint_name"))
        other = None
        if dropped:
            a, b = row.get("customer_id_a"), row.get("customer_id_b")
            other = b if a == customer_id else a
        out.append(
            Link(
                (row["source_system_a"], row["source_record_id_a"]),
                (row["source_system_b"], row["source_record_id_b"]),
                row["identifier_type"],
                row["rule_name"],
                row.get("identifier_value"),
                row.get("constraint_name") if dropped else None,
                other,
            )
        )
    return out
