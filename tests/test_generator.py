"""The sample-data generator: deterministic, contract-shaped, messy, and fully accounted.

Every check reads the landing files back with Python's own csv (strict) and json parsers,
independently of the generator's code, and compares with generation_report.json and the
truth files.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from orchestration.contract import FILE_KINDS, XREF_SOURCE_SYSTEMS, kind_of
from orchestration.generator import generate
from orchestration.generator.identifier_forms import (
    is_placeholder_email,
    is_placeholder_phone,
    normalize_email,
    normalize_loyalty,
    normalize_phone,
)

PERSONS = 1_000
BATCHES = ["20260101", "20260102", "20260103", "20260104", "20260105"]


# --- reading landing files back -------------------------------------------------------


class ParsedFile:
    def __init__(self, path: Path, landing: Path):
        self.path = path
        self.kind = kind_of(path, landing)
        self.relative = path.relative_to(landing).as_posix()
        self.batch = self.kind.batch_of(path)
        self.records: list[dict] = []  # good records, with "_line" = first physical line
        self.bad_lines: list[int] = []
        self.header: list[str] | None = None
        self.physical_lines = path.read_bytes().count(b"\n")
        if self.kind.fmt == "csv":
            self._read_csv()
        else:
            self._read_jsonl()

    def _read_csv(self) -> None:
        lines = self.path.read_bytes().split(b"\n")[:-1]
        self.header = next(csv.reader([lines[0].decode("utf-8")], strict=True))
        i = 1
        while i < len(lines):
            first = i + 1
            try:
                text = lines[i].decode("utf-8")
                while text.count('"') % 2 and i + 1 < len(lines):  # quoted line break
                    i += 1
                    text += "\n" + lines[i].decode("utf-8")
                row = next(csv.reader(io.StringIO(text), strict=True))
                if len(row) != len(self.header):
                    raise ValueError("column count")
            except (UnicodeDecodeError, csv.Error, ValueError):
                self.bad_lines.append(first)
            else:
                record = {
                    k: (v if v != "" else None) for k, v in zip(self.header, row, strict=True)
                }
                record["_line"] = first
                self.records.append(record)
            i += 1

    def _read_jsonl(self) -> None:
        for number, raw in enumerate(self.path.read_bytes().split(b"\n")[:-1], start=1):
            try:
                record = json.loads(raw.decode("utf-8"))
                if not isinstance(record, dict):
                    raise ValueError("not an object")
            except (UnicodeDecodeError, ValueError):
                self.bad_lines.append(number)
            else:
                record["_line"] = number
                self.records.append(record)


def read_landing(landing: Path) -> dict[str, list[ParsedFile]]:
    files: dict[str, list[ParsedFile]] = defaultdict(list)
    for path in sorted(landing.rglob("*")):
        if path.is_file():
            parsed = ParsedFile(path, landing)
            files[parsed.kind.table].append(parsed)
    return files


def records(files: dict[str, list[ParsedFile]], table: str):
    for parsed in files[table]:
        for record in parsed.records:
            yield parsed.batch, record


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    report = generate(root / "landing", PERSONS, seed=42, days=5)
    return root, report, read_landing(root / "landing")


@pytest.fixture(scope="module")
def truth(generated):
    root, _, _ = generated
    with (root / "truth" / "customer_xref_truth.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- determinism, layout, contract ----------------------------------------------------


def _snapshot(landing: Path) -> dict[str, bytes]:
    return {
        p.relative_to(landing).as_posix(): p.read_bytes() for p in landing.rglob("*") if p.is_file()
    }


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(generated, tmp_path):
    root, _, _ = generated
    again = generate(tmp_path / "again" / "landing", PERSONS, seed=42, days=5, workers=1)
    other = generate(tmp_path / "other" / "landing", PERSONS, seed=7, days=5)
    first = _snapshot(root / "landing")
    assert _snapshot(Path(again.landing_dir)) == first
    other_files = _snapshot(Path(other.landing_dir))
    assert other_files.keys() & first.keys()
    assert all(other_files[name] != first[name] for name in other_files.keys() & first.keys())


def test_parallel_chunks_give_the_same_bytes_as_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr("orchestration.generator.chunk.CHUNK_PERSONS", 150)
    serial = generate(tmp_path / "serial" / "landing", 400, seed=3, days=3, workers=1)
    parallel = generate(tmp_path / "parallel" / "landing", 400, seed=3, days=3, workers=2)
    assert _snapshot(Path(serial.landing_dir)) == _snapshot(Path(parallel.landing_dir))
    serial_truth = (tmp_path / "serial" / "truth" / "customer_xref_truth.csv").read_bytes()
    assert (
        serial_truth == (tmp_path / "parallel" / "truth" / "customer_xref_truth.csv").read_bytes()
    )
    assert serial.erasure_requests >= 2


def test_truth_is_written_beside_the_landing_folder_not_inside(generated):
    root, report, _ = generated
    assert Path(report.truth_dir) == root / "truth"
    assert not list((root / "landing").rglob("*truth*"))
    with pytest.raises(ValueError):
        generate(root / "landing", 10, truth_dir=root / "landing" / "truth")


def test_all_thirteen_kinds_with_contract_names_headers_and_keys(generated):
    root, _, files = generated
    assert set(files) == {kind.table for kind in FILE_KINDS}
    for kind in FILE_KINDS:
        for parsed in files[kind.table]:
            assert parsed.path.parent.name == kind.folder
            assert kind.pattern.match(parsed.path.name), parsed.path
            assert parsed.batch in BATCHES
            if kind.fmt == "csv":
                assert parsed.header == list(kind.columns)
            else:
                for record in parsed.records:
                    assert set(record) - {"_line"} <= set(kind.columns), record
                    assert record.get(kind.key[0]) is not None
    # the first batch is the backfill and every file kind has one
    for kind in FILE_KINDS:
        batches = {p.batch for p in files[kind.table]}
        if kind.table != "privacy_erasure_requests":
            assert "20260101" in batches, kind.table


def test_report_accounts_for_every_line(generated):
    root, report, files = generated
    by_path = {f.path: f for f in report.files}
    parsed_files = [p for group in files.values() for p in group]
    assert set(by_path) == {p.relative for p in parsed_files}
    malformed_listing = defaultdict(set)
    with (root / "truth" / "malformed_lines.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            malformed_listing[row["file"]].add(int(row["line_no"]))
    for parsed in parsed_files:
        entry = by_path[parsed.relative]
        header = 1 if parsed.kind.fmt == "csv" else 0
        assert entry.physical_lines == parsed.physical_lines
        assert entry.malformed_lines == len(parsed.bad_lines)
        assert entry.records == len(parsed.records) + len(parsed.bad_lines)
        assert entry.header_lines == header
        assert malformed_listing[parsed.relative] == set(parsed.bad_lines)
    for table, totals in report.kinds.items():
        assert totals.physical_lines == sum(p.physical_lines for p in files[table])
    data = json.loads((root / "truth" / "generation_report.json").read_text())
    assert data["persons"] == PERSONS and data["seed"] == 42 and data["days"] == 5
    assert data["seconds"] > 0


def test_volumes_are_realistic(generated):
    _, report, _ = generated
    per_person = report.total_lines / PERSONS
    assert 25 <= per_person <= 35
    lines = {table: totals.physical_lines for table, totals in report.kinds.items()}
    assert lines["web_events"] > lines["email_events"] > lines["pos_transaction_lines"]
    assert lines["pos_transactions"] > lines["ecommerce_orders"] > lines["support_tickets"]
    malformed = sum(t.malformed_lines for t in report.kinds.values())
    assert 0.001 < malformed / report.total_lines < 0.006


# --- the mess -------------------------------------------------------------------------


def _values(files, table, column):
    return [r[column] for _, r in records(files, table) if r.get(column) is not None]


PHONE_FORMS = {
    "plain": r"^0[689]\d{8}$",
    "dashed": r"^0[689]\d-\d{3}-\d{4}$",
    "plus66": r"^\+66[689]\d{8}$",
    "spaced66": r"^66 [689]\d \d{3} \d{4}$",
    "parenthesised": r"^\(0[689]\d\) \d{3} \d{4}$",
}


def test_every_identifier_mess_appears(generated):
    _, _, files = generated
    emails = _values(files, "crm_contacts", "email") + _values(files, "support_tickets", "email")
    assert any(e.startswith(("mailto:", "MAILTO:")) for e in emails)
    assert any(e != e.strip() for e in emails)
    assert any(e.strip() != e.strip().lower() and "@" in e for e in emails)
    assert {"test@test.com", "-"} <= {e.strip().lower() for e in emails}
    assert any(e.lower().startswith("noemail@") for e in emails)
    phones = _values(files, "crm_contacts", "phone") + _values(files, "pos_transactions", "phone")
    for form, pattern in PHONE_FORMS.items():
        assert any(re.match(pattern, p) for p in phones), form
    assert {"0000000000", "0800000000"} <= {normalize_phone(p) for p in phones}
    loyalty = _values(files, "crm_contacts", "loyalty_id") + _values(
        files, "pos_transactions", "loyalty_id"
    )
    assert any(re.match(r"^L\d{9}$", v) for v in loyalty)
    assert any(re.match(r"^l\d{9}$", v) for v in loyalty)
    assert any(" " in v for v in loyalty)
    assert all(
        re.match(r"^U[0-9a-f]{32}$", v.strip())
        for v in _values(files, "line_events", "line_user_id")
    )


def test_names_dates_and_timestamps_are_messy(generated):
    _, _, files = generated
    first = _values(files, "crm_contacts", "first_name") + _values(
        files, "ecommerce_customers", "first_name"
    )
    thai = re.compile(r"[\u0e00-\u0e7f]")
    assert any(thai.search(n) for n in first) and any(re.search(r"[A-Za-z]{3}", n) for n in first)
    assert any(re.match(r"^\s*(นาย|นางสาว|นาง) ", n) for n in first)
    assert any(re.match(r"^\s*(นาย|นางสาว|นาง)[\u0e00-\u0e7f]", n) for n in first)  # glued
    assert any(re.match(r"^\s*(Mr\.|Ms\.|Khun) ?[A-Za-z]", n) for n in first)
    assert any(n != n.strip() or "  " in n for n in first)
    assert any(n.isupper() for n in first if not thai.search(n))
    births = _values(files, "crm_contacts", "birth_date")
    be_slash = [b for b in births if re.match(r"^\d{2}/\d{2}/25\d{2}$", b)]
    assert be_slash and any(re.match(r"^(19|20)\d{2}-\d{2}-\d{2}$", b) for b in births)
    assert any(re.match(r"^\d{2}/\d{2}/(19|20)\d{2}$", b) for b in births)
    genders = set(_values(files, "crm_contacts", "gender"))
    assert {"M", "F", "ชาย", "หญิง"} <= genders
    stamps = _values(files, "crm_contacts", "updated_at") + _values(files, "web_events", "event_ts")
    assert any(re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", s) for s in stamps)
    assert any(s.endswith("+07:00") for s in stamps) and any(s.endswith("Z") for s in stamps)
    totals = list(records(files, "ecommerce_orders"))
    for _, order in totals:
        subtotal = sum(round(i["unit_price"] * i["quantity"] * 100) for i in order["items"])
        assert round(order["subtotal"] * 100) == subtotal
        assert round(order["total"] * 100) == round(
            (order["subtotal"] - order["discount"] + order["shipping_fee"]) * 100
        )


def test_comments_hold_commas_quotes_thai_and_line_breaks(generated):
    _, _, files = generated
    comments = _values(files, "survey_responses", "comment")
    assert any("," in c for c in comments) and any('"' in c for c in comments)
    assert any("\n" in c for c in comments)
    assert any(re.search(r"[\u0e00-\u0e7f]", c) for c in comments)
    scores = [(r["survey_type"], int(r["score"])) for _, r in records(files, "survey_responses")]
    assert all(0 <= s <= 10 if t == "nps" else 1 <= s <= 5 for t, s in scores)
    csat = [int(v) for v in _values(files, "support_tickets", "csat_score")]
    assert csat and all(1 <= v <= 5 for v in csat)


def test_resends_versions_duplicates_and_guests(generated):
    _, _, files = generated
    # exact re-sends: a line of an earlier batch repeated in a later one
    for table in ("crm_contacts", "pos_transactions", "web_events"):
        seen: dict[str, str] = {}
        repeated = 0
        for batch, record in records(files, table):
            text = json.dumps({k: v for k, v in record.items() if k != "_line"}, sort_keys=True)
            if text in seen and seen[text] < batch:
                repeated += 1
            seen.setdefault(text, batch)
        assert repeated, table
    statuses = defaultdict(set)
    for _, order in records(files, "ecommerce_orders"):
        statuses[order["order_id"]].add(order["status"])
    assert any(len(s) > 1 for s in statuses.values())
    guests = [o for _, o in records(files, "ecommerce_orders") if o.get("customer_id") is None]
    assert guests and all(o.get("email") for o in guests)
    assert any("customer_id" not in o for o in guests) and any("customer_id" in o for o in guests)
    event_ids = Counter(r["event_id"] for _, r in records(files, "web_events"))
    assert any(count > 1 for count in event_ids.values())
    tickets = defaultdict(set)
    for _, ticket in records(files, "support_tickets"):
        tickets[ticket["ticket_id"]].add(ticket["status"])
    assert any({"resolved", "closed"} & s and len(s) > 1 for s in tickets.values())
    voided = _values(files, "pos_transactions", "status")
    assert "voided" in voided


def test_web_events_link_devices_accounts_and_orders(generated):
    _, _, files = generated
    events = [r for _, r in records(files, "web_events")]
    types = Counter(e["event_type"] for e in events)
    assert {
        "page_view",
        "product_view",
        "add_to_cart",
        "checkout_start",
        "purchase",
        "login",
    } <= set(types)
    order_ids = {o["order_id"] for _, o in records(files, "ecommerce_orders")}
    purchases = [e for e in events if e["event_type"] == "purchase"]
    assert purchases and all(e["order_id"] in order_ids for e in purchases)
    assert any(e.get("email") for e in events if e["event_type"] in ("form_submit", "signup"))
    devices_of = defaultdict(set)
    customers_on = defaultdict(set)
    for e in events:
        if e.get("customer_id"):
            devices_of[e["customer_id"]].add(e["anonymous_id"])
            customers_on[e["anonymous_id"]].add(e["customer_id"])
    assert any(len(d) > 1 for d in devices_of.values())  # one person, several devices
    assert any(len(c) > 1 for c in customers_on.values())  # a shared tablet
    campaigns = {c["campaign_id"] for _, c in records(files, "marketing_campaigns")}
    assert set(_values(files, "email_events", "campaign_id")) <= campaigns
    assert set(_values(files, "line_events", "campaign_id")) <= campaigns
    tags = _values(files, "line_events", "tag")
    assert "interest:skincare" in tags


def test_traps_store_phones_and_family_phones(generated, truth):
    _, _, files = generated
    person_of = {(t["source_system"], t["source_record_id"]): t["person_id"] for t in truth}
    receipts_per_phone = Counter()
    for _, receipt in records(files, "pos_transactions"):
        phone = normalize_phone(receipt["phone"])
        if phone and not is_placeholder_phone(phone):
            receipts_per_phone[phone] += 1
    persons_per_phone = defaultdict(set)
    for _, receipt in records(files, "pos_transactions"):
        phone = normalize_phone(receipt["phone"])
        if phone and ("pos", receipt["transaction_id"]) in person_of:
            persons_per_phone[phone].add(person_of["pos", receipt["transaction_id"]])
    store_phones = [p for p, persons in persons_per_phone.items() if len(persons) >= 3]
    assert store_phones  # typed by cashiers for many different customers
    crm_persons_per_phone = defaultdict(set)
    for _, contact in records(files, "crm_contacts"):
        phone = normalize_phone(contact["phone"])
        if phone and not is_placeholder_phone(phone):
            crm_persons_per_phone[phone].add(person_of["crm", contact["contact_id"]])
    assert any(len(p) >= 2 for p in crm_persons_per_phone.values())  # a household's phone


# --- truth ----------------------------------------------------------------------------


def _record_ids(files) -> dict[str, set[str]]:
    """Ids of person-bearing records found in the good lines, per source system."""
    ids: dict[str, set[str]] = {name: set() for name in XREF_SOURCE_SYSTEMS}
    for _, r in records(files, "crm_contacts"):
        ids["crm"].add(r["contact_id"])
    for _, r in records(files, "ecommerce_customers"):
        ids["ecommerce_customer"].add(r["customer_id"])
    for _, r in records(files, "ecommerce_orders"):
        ids["ecommerce_order"].add(r["order_id"])
    for _, r in records(files, "pos_transactions"):
        if r["loyalty_id"] or r["phone"]:
            ids["pos"].add(r["transaction_id"])
    for _, r in records(files, "web_events"):
        ids["web"].add(r["anonymous_id"])
    for _, r in records(files, "email_events"):
        email = normalize_email(r["email"])
        if not is_placeholder_email(email):
            ids["email"].add(email)
    for table in ("line_events", "line_member_bindings"):
        for _, r in records(files, table):
            ids["line"].add(r["line_user_id"])
    for _, r in records(files, "support_tickets"):
        ids["support"].add(r["ticket_id"])
    for _, r in records(files, "survey_responses"):
        ids["survey"].add(r["response_id"])
    return ids


def test_truth_covers_every_person_bearing_record(generated, truth):
    _, report, files = generated
    found = _record_ids(files)
    in_truth: dict[str, set[str]] = defaultdict(set)
    for row in truth:
        in_truth[row["source_system"]].add(row["source_record_id"])
        assert re.match(r"^P\d{7}$", row["person_id"])
    assert len(truth) == len({(t["source_system"], t["source_record_id"]) for t in truth})
    assert set(in_truth) == set(XREF_SOURCE_SYSTEMS)
    for system in XREF_SOURCE_SYSTEMS:
        missing = found[system] - in_truth[system]
        assert not missing, (system, sorted(missing)[:5])
        # the only truth records not found are those whose every line was malformed
        assert len(in_truth[system] - found[system]) == report.truth_records_only_malformed[system]
        assert len(in_truth[system]) == report.truth_records[system]
    # account ids on orders and web events are accounts of the customers export
    referenced = {
        r.get("customer_id")
        for table in ("ecommerce_orders", "web_events")
        for _, r in records(files, table)
    }
    assert referenced - {None} <= in_truth["ecommerce_customer"]


def test_erasure_requests_name_persons_seen_in_earlier_batches(generated, truth):
    root, report, files = generated
    with (root / "truth" / "erasure_requests_truth.csv").open(encoding="utf-8") as handle:
        erased = {r["request_id"]: r["person_id"] for r in csv.DictReader(handle)}
    requests = [(b, r) for b, r in records(files, "privacy_erasure_requests")]
    assert len(requests) == len(erased) == report.erasure_requests >= 2
    person_of = {(t["source_system"], t["source_record_id"]): t["person_id"] for t in truth}
    for batch, request in requests:
        person = erased[request["request_id"]]
        seen = set()
        for contact_batch, contact in records(files, "crm_contacts"):
            if contact_batch < batch and person_of["crm", contact["contact_id"]] == person:
                seen |= {normalize_email(contact["email"]), normalize_phone(contact["phone"])}
        named = {normalize_email(request["email"]), normalize_phone(request["phone"])} - {None}
        assert named and named <= seen, (request, seen)


def linkage(files, truth) -> dict:
    """Link records through their normalized identifiers, with an oracle that knows which
    identifiers several persons hold (store and household phones) and which devices several
    accounts use. Returns the traps found, mixed components and stray records."""
    person_of = {(t["source_system"], t["source_record_id"]): t["person_id"] for t in truth}
    identifiers = defaultdict(set)  # record -> identifiers

    def add(system, record_id, kind, value):
        if value is None:
            return
        if kind == "email":
            value = normalize_email(value)
            if is_placeholder_email(value):
                return
        elif kind == "phone":
            value = normalize_phone(value)
            if is_placeholder_phone(value):
                return
        elif kind == "loyalty":
            value = normalize_loyalty(value)
        else:
            value = value.strip()
        identifiers[system, record_id].add((kind, value))

    for _, r in records(files, "crm_contacts"):
        for kind, column in (
            ("email", "email"),
            ("phone", "phone"),
            ("loyalty", "loyalty_id"),
            ("line", "line_user_id"),
        ):
            add("crm", r["contact_id"], kind, r[column])
    for _, r in records(files, "ecommerce_customers"):
        for kind, value in (
            ("customer", r["customer_id"]),
            ("email", r["email"]),
            ("phone", r["phone"]),
        ):
            add("ecommerce_customer", r["customer_id"], kind, value)
    for _, r in records(files, "ecommerce_orders"):
        for kind in ("email", "phone"):
            add("ecommerce_order", r["order_id"], kind, r.get(kind))
        add("ecommerce_order", r["order_id"], "customer", r.get("customer_id"))
    for _, r in records(files, "pos_transactions"):
        if ("pos", r["transaction_id"]) in person_of:
            add("pos", r["transaction_id"], "loyalty", r["loyalty_id"])
            add("pos", r["transaction_id"], "phone", r["phone"])
    for _, r in records(files, "web_events"):
        add("web", r["anonymous_id"], "customer", r.get("customer_id"))
        add("web", r["anonymous_id"], "email", r.get("email"))
        identifiers["web", r["anonymous_id"]]  # noqa: B018 - a device is a record even when anonymous
    for _, r in records(files, "email_events"):
        email = normalize_email(r["email"])
        if not is_placeholder_email(email):
            add("email", email, "email", email)
    for table in ("line_events", "line_member_bindings"):
        for _, r in records(files, table):
            add("line", r["line_user_id"], "line", r["line_user_id"])
            add("line", r["line_user_id"], "phone", r.get("phone"))
            add("line", r["line_user_id"], "loyalty", r.get("loyalty_id"))
    for _, r in records(files, "support_tickets"):
        for kind, column in (("email", "email"), ("phone", "phone"), ("line", "line_user_id")):
            add("support", r["ticket_id"], kind, r[column])
    for _, r in records(files, "survey_responses"):
        for kind in ("email", "phone"):
            add("survey", r["response_id"], kind, r[kind])

    # the oracle: devices with several accounts, identifiers held by several persons
    shared_devices = {
        record
        for record, values in identifiers.items()
        if record[0] == "web" and len({v for v in values if v[0] == "customer"}) > 1
    }
    holders = defaultdict(set)
    for record, values in identifiers.items():
        if record not in shared_devices:
            for value in values:
                holders[value].add(person_of[record])
    traps = {value for value, persons in holders.items() if len(persons) > 1}
    trap_kinds = Counter(kind for kind, _ in traps)

    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for record, values in identifiers.items():
        find(record)
        if record in shared_devices:
            continue
        for value in values - traps:
            parent[find(record)] = find(value)
    components = defaultdict(list)
    for record in identifiers:
        components[find(record)].append(record)
    mixed = [c for c in components.values() if len({person_of[r] for r in c}) > 1]
    by_person = defaultdict(list)
    for root, members in components.items():
        for record in members:
            by_person[person_of[record]].append((root, record))
    stray: list = []  # records outside their person's largest component
    multi = 0
    for pairs in by_person.values():
        if len(pairs) > 1:
            multi += len(pairs)
            main = Counter(root for root, _ in pairs).most_common(1)[0][0]
            stray += [record for root, record in pairs if root != main]
    return {
        "records": len(identifiers),
        "records_of_multi_record_persons": multi,
        "stray": stray,
        "mixed": mixed,
        "traps": trap_kinds,
        "shared_devices": shared_devices,
        "components": components,
    }


def test_records_of_a_person_are_linkable_and_traps_are_the_only_ambiguity(generated, truth):
    """Store phones, household phones and shared devices are the only identifiers that
    join persons; without them every link is right and under 1% of a person's records
    stand apart from the rest."""
    _, _, files = generated
    result = linkage(files, truth)
    assert result["traps"]["phone"] >= 3 and set(result["traps"]) <= {"phone"}
    assert result["shared_devices"]
    assert not result["mixed"]
    assert len(result["stray"]) / result["records_of_multi_record_persons"] < 0.01
