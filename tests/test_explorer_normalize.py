"""The explorer's search normalization agrees with staging's SQL macros.

The macros are compiled by dbt (`dbt compile --inline`) and run by DuckDB on a list of
tricky values; the Python twins in orchestration/explorer/normalize.py must give the
same answer for every value.
"""

from __future__ import annotations

import duckdb
import pytest
from conftest import run_dbt

from orchestration.explorer import normalize
from orchestration.explorer.normalize import SearchKey, search_keys

TRICKY = [
    # emails
    "Somchai.J@Gmail.com",
    "  somchai.j@gmail.com  ",
    "mailto:somchai.j@gmail.com",
    "MAILTO:  Somchai.J@gmail.com",
    "mailto:",
    "somchai.j@gmail.com\n",
    "\tsomchai.j@gmail.com",
    "\u00a0somchai.j@gmail.com\u3000",
    "test@test.com",
    "test1@shop.co.th",
    "noemail@gmail.com",
    "no-reply@brand.co.th",
    "n/a@x.com",
    "a@b.co",
    "x@x.com",
    "xxx@gmail.com",
    "user@example.com",
    "user@mail.example.org",
    "user@host.invalid",
    "first..last@gmail.com",
    ".first@gmail.com",
    "first.@gmail.com",
    "first+tag@gmail.com",
    "first_last%x@sub.domain-x.co.th",
    "first@-domain.com",
    "first@domain.c",
    "first@domain.c0m",
    "İnci@GMAIL.COM",
    "two@@gmail.com",
    "-",
    "",
    "   ",
    # phones
    "081-234-5678",
    "0812345678",
    "+66812345678",
    "66 81 234 5678",
    "(081) 234 5678",
    "+66 0812345678",
    "0066812345678",
    "006681-234-5678",
    "02-123-4567",
    "021234567",
    "+6621234567",
    "0000000000",
    "0800000000",
    "0811111111",
    "081234567",
    "08123456789",
    "0512345678",
    "๐๘๑๒๓๔๕๖๗๘",
    "tel: 081 234 5678 ext",
    "66812345678",
    "6666812345678",
    # loyalty ids
    "L123456",
    "l123456",
    "L 123-456",
    "l\t12 34",
    "L12345A",
    "LL123",
    "L",
    "ﬂ123",
    # LINE user ids
    "U4af4980629abcdef0123456789abcdef",
    "u4AF4980629ABCDEF0123456789ABCDEF",
    "  U4af4980629abcdef0123456789abcdef  ",
    "U4af4980629abcdef0123456789abcde",
    "U4af4980629abcdef0123456789abcdef0",
    "U4af4980629abcdef0123456789abcdeg",
    "\u00a0U4af4980629abcdef0123456789abcdef",
    # names
    "Somchai Jaidee",
    "  somchai   JAIDEE ",
    "Mr. Somchai Jaidee",
    "mr somchai",
    "MRS.Somsri",
    "Khun Nok",
    "Dr.",
    "Mr",
    "Mr.. Somchai",
    "Misses Smith",
    "Ms Σίσυφος ΣΑΣ",
    "นายสมชาย ใจดี",
    "นาย สมชาย ใจดี",
    "นางสาวสมศรี",
    "น.ส. สมศรี",
    "น.ส.สมศรี",
    "คุณากร",
    "คุณ คุณากร",
    "นาง",
    "ด.ช.ต้นกล้า",
    "ดร.สมชาย",
    "นายะ",
    "Somchai\tJaidee\nJr",
    "ẞtraße",
]

MACROS = {
    "email": ("normalize_email", normalize.normalize_email),
    "phone": ("normalize_thai_phone", normalize.normalize_thai_phone),
    "loyalty_id": ("normalize_loyalty_id", normalize.normalize_loyalty_id),
    "line_user_id": ("normalize_line_user_id", normalize.normalize_line_user_id),
    "person_name": ("normalize_person_name", normalize.normalize_person_name),
    "clean_name": ("clean_person_name", normalize.clean_person_name),
}


@pytest.fixture(scope="module")
def sql_results(tmp_path_factory) -> dict[str, dict[str, str | None]]:
    """Every macro on every tricky value, compiled by dbt and run by DuckDB."""
    root = tmp_path_factory.mktemp("normalize")
    columns = ", ".join(f"{{{{ {macro}('v') }}}} as {name}" for name, (macro, _) in MACROS.items())
    compiled = run_dbt(
        ["--quiet", "compile", "--inline", f"select v, {columns} from tricky"],
        root / "warehouse.duckdb",
        root / "target",
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    sql = compiled.stdout.strip()
    assert sql.lower().startswith("select v,"), sql
    with duckdb.connect() as conn:
        conn.execute("create table tricky (v varchar)")
        conn.executemany("insert into tricky values (?)", [[v] for v in TRICKY])
        frame = conn.execute(sql).df()
    frame = frame.astype(object).where(frame.notna(), None)
    return {name: dict(zip(frame["v"], frame[name], strict=True)) for name in MACROS}


@pytest.mark.parametrize("name", list(MACROS))
def test_python_twin_agrees_with_the_sql_macro(sql_results, name):
    _, python = MACROS[name]
    disagreements = {
        value: (sql_results[name][value], python(value))
        for value in TRICKY
        if sql_results[name][value] != python(value)
    }
    assert not disagreements, f"{name}: value -> (sql, python): {disagreements}"


def test_the_tricky_values_exercise_both_outcomes(sql_results):
    # a list where every value normalizes to null would prove nothing
    for name in MACROS:
        results = list(sql_results[name].values())
        assert any(r is None for r in results) and any(r is not None for r in results), name


def test_null_stays_null():
    for _, python in MACROS.values():
        assert python(None) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("081-234-5678", SearchKey("phone", "+66812345678")),
        ("(081) 234 5678", SearchKey("phone", "+66812345678")),
        ("66 81 234 5678", SearchKey("phone", "+66812345678")),
        (" MAILTO:Somchai.J@Gmail.com ", SearchKey("email", "somchai.j@gmail.com")),
        ("l 123-456", SearchKey("loyalty_id", "L123456")),
        (
            "u4AF4980629ABCDEF0123456789ABCDEF",
            SearchKey("line_user_id", "U4af4980629abcdef0123456789abcdef"),
        ),
        ("Cd345449c3d7cada0", SearchKey("customer_id", "Cd345449c3d7cada0")),
        ("TK575283338", SearchKey("record_id", "TK575283338")),
        ("Khun  Somchai Jaidee", SearchKey("name", "somchai jaidee", prefix=True)),
        ("นายสมชาย", SearchKey("name", "สมชาย", prefix=True)),
    ],
)
def test_search_keys_read_each_kind_of_entry(text, expected):
    assert expected in search_keys(text)


def test_search_keys_skip_what_staging_throws_away():
    assert search_keys("test@test.com") == []
    assert search_keys("   ") == []
    assert search_keys(None) == []
    assert [k.key_type for k in search_keys("0000000000")] == ["record_id"]


def test_an_email_is_only_an_email():
    assert search_keys("Somchai@gmail.com") == [SearchKey("email", "somchai@gmail.com")]


def test_names_are_not_read_into_ids_and_ids_not_into_names():
    assert all(k.key_type != "name" for k in search_keys("L123456"))
    assert all(k.key_type != "name" for k in search_keys("U4af4980629abcdef0123456789abcdef"))
    assert all(k.key_type != "record_id" for k in search_keys("Somchai Jaidee"))
