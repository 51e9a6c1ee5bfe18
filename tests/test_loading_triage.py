"""The loader's pure parts: line chunking, byte counts and CSV/JSONL triage."""

from __future__ import annotations

import io
import random

import pytest

from orchestration.loading.lines import (
    CountingReader,
    OverlongLine,
    file_facts,
    iter_line_chunks,
    physical_line_count,
)
from orchestration.loading.triage import (
    csv_field_count,
    csv_record_error,
    jsonl_line_error,
    read_csv_header,
    triage_csv,
    triage_jsonl,
)

COLUMNS = ("a", "b", "c")


def run_csv(data: bytes, columns=COLUMNS, **kwargs):
    out: list[bytes] = []
    rejected: list[tuple] = []
    chunks = iter_line_chunks(io.BytesIO(data).read, block_bytes=kwargs.pop("block_bytes", 7))
    result = triage_csv(chunks, columns, out.append, lambda *r: rejected.append(r), **kwargs)
    return result, b"".join(out).decode(), rejected


def run_jsonl(data: bytes, columns=COLUMNS, **kwargs):
    out: list[bytes] = []
    rejected: list[tuple] = []
    chunks = iter_line_chunks(io.BytesIO(data).read, block_bytes=kwargs.pop("block_bytes", 5))
    result = triage_jsonl(chunks, columns, out.append, lambda *r: rejected.append(r), **kwargs)
    return result, b"".join(out).decode(), rejected


@pytest.mark.parametrize(
    ("data", "lines"),
    [(b"", 0), (b"a", 1), (b"a\n", 1), (b"a\nb", 2), (b"\n\n", 2), (b"a\r\nb\r\n", 2)],
)
def test_physical_line_count(data: bytes, lines: int):
    assert physical_line_count(data.count(b"\n"), data[-1:]) == lines
    assert file_facts(io.BytesIO(data).read, 2)[2] == lines
    reader = CountingReader(io.BytesIO(data))
    while reader.read(3):
        pass
    assert (reader.physical_lines, reader.size_bytes) == (lines, len(data))


def test_chunks_are_whole_lines_whatever_the_block_size():
    rng = random.Random(1)
    data = (
        b"".join(
            rng.choice([b"", b"x", b"abc,def", "ไทย".encode(), b"\r"]) + b"\n" for _ in range(300)
        )
        + b"tail"
    )
    for block in (1, 2, 3, 7, 64, 1 << 20):
        chunks = list(iter_line_chunks(io.BytesIO(data).read, block_bytes=block))
        assert b"".join(chunks) == data
        assert all(c.endswith(b"\n") for c in chunks[:-1])


def test_overlong_line_is_cut_without_keeping_it():
    data = b"short\n" + b"x" * 100 + b"\nafter\n" + b"y" * 50
    chunks = list(iter_line_chunks(io.BytesIO(data).read, block_bytes=8, max_line_bytes=20))
    overlong = [c for c in chunks if isinstance(c, OverlongLine)]
    assert [o.size for o in overlong] == [100, 50]
    joined = b"".join(c for c in chunks if isinstance(c, bytes))
    assert joined == b"short\nafter\n"


@pytest.mark.parametrize(
    ("record", "error"),
    [
        ("a,b,c", None),
        ('a,"b,c",d', None),
        ('"a""b",c', None),
        ('"multi\nline",x', None),
        (",,", None),
        ('"value"x,b', "',' expected after '\"'"),
        ('a"b,c', "quote character inside an unquoted field"),
        ("a\rb,c", "line break or carriage return inside an unquoted field"),
    ],
)
def test_csv_record_error(record: str, error: str | None):
    assert csv_record_error(record) == error


def test_csv_field_count():
    assert csv_field_count('a,"b,c",d') == 3
    assert csv_field_count('"x"",""y",z') == 2
    assert csv_field_count("") == 1


def test_header_mapping():
    header = read_csv_header(" C ,x,a,a\r", COLUMNS, 1000)
    assert header.problem is None
    assert header.column_map == (2, None, 0)
    notes = "; ".join(header.notes)
    assert "missing columns (loaded as null): b" in notes
    assert "extra columns (ignored): x" in notes
    assert "duplicate columns (first one used): a" in notes
    assert read_csv_header("x,y", COLUMNS, 1000).problem.startswith("header names no contract")
    assert read_csv_header("", COLUMNS, 1000).problem == "header line is blank"


def test_csv_clean_output_carries_line_numbers_and_spans():
    data = b'a,b,c\n1,2,3\n4,"x\ny",6\n7,8,9'
    result, out, rejected = run_csv(data)
    assert out == '2,1,1,2,3\n3,2,4,"x\ny",6\n5,1,7,8,9\n'
    assert rejected == []
    assert (result.rows_accepted, result.lines_accepted, result.lines_seen) == (3, 4, 5)


def test_unclosed_quote_is_bounded_and_the_rest_is_read_again():
    good = b"".join(b"%d,x,y\n" % i for i in range(30))
    data = b'a,b,c\n1,"never closed,3\n' + good
    result, out, rejected = run_csv(data, max_record_lines=20)
    assert [(r[0], r[1]) for r in rejected] == [(2, 1)]
    assert "not closed within 20 lines" in rejected[0][3]
    assert result.rows_accepted == 30
    assert out.splitlines()[0] == "3,1,0,x,y"
    assert result.lines_seen == 32


def test_quote_closing_into_a_bad_record_quarantines_only_the_first_line():
    data = b'a,b,c\n1,"open,3\n2,2,2\n3,x"y,3\n4,4,4\n'
    result, out, rejected = run_csv(data)
    assert [r[0] for r in rejected] == [2, 4]
    assert "do not read as one CSV record" in rejected[0][3]
    assert out == "3,1,2,2,2\n5,1,4,4,4\n"
    assert result.lines_seen == 5


def test_invalid_utf8_inside_an_open_quote():
    data = b'a,b,c\n1,"open\n\xff\xfe\n2,2,2\n'
    result, out, rejected = run_csv(data)
    assert [(r[0], r[3].split(":")[0]) for r in rejected] == [
        (2, "unclosed quote"),
        (3, "invalid UTF-8"),
    ]
    assert "line 3, which is unreadable" in rejected[0][3]
    assert out == "4,1,2,2,2\n"


def test_too_long_lines_are_quarantined():
    data = b"a,b,c\n1,2,3\n" + b"9," * 40 + b"9\n4,5,6\n"
    result, out, rejected = run_csv(data, max_line_bytes=50, block_bytes=1000)
    assert [r[0] for r in rejected] == [3]
    assert rejected[0][3].startswith("line too long: 81 bytes")
    assert out == "2,1,1,2,3\n4,1,4,5,6\n"


def test_crlf_lines():
    data = b'a,b,c\r\n1,2,3\r\n4,"x\r\ny",6\r\n\r\n'
    result, out, rejected = run_csv(data)
    assert out == '2,1,1,2,3\n3,2,4,"x\r\ny",6\n'
    assert rejected == [(5, 1, "", "blank line")]


def test_empty_and_header_only_csv():
    assert run_csv(b"")[0].lines_seen == 0
    result, out, rejected = run_csv(b"a,b,c\n")
    assert (result.header_lines, result.lines_seen, out, rejected) == (1, 1, "", [])


def test_jsonl_clean_output():
    data = b'{"a":1}\r\n{"b":\t"x"}\n\n[1]\n{"a":NaN}\n{"a":"\\ud800"}\n{"z":1}'
    result, out, rejected = run_jsonl(data)
    assert out == '1\x1f{"a":1}\n2\x1f{"b":\t"x"}\n7\x1f{"z":1}\n'
    assert [(r[0], r[3]) for r in rejected] == [
        (3, "blank line"),
        (4, "JSON value is not an object (found array)"),
        (5, "invalid JSON: NaN is not valid JSON"),
        (6, "invalid JSON: a \\u escape is a lone surrogate, which is not Unicode text"),
    ]
    assert result.header_note == "keys not in the contract (ignored): z (1 line)"
    assert result.lines_seen == 7


def test_jsonl_fast_path_agrees_with_json():
    """orjson judges most lines first; every line must still get `json`'s verdict."""
    rng = random.Random(7)
    values = [
        b'"x"',
        b"1",
        b"1e999",
        b"NaN",
        b"-0",
        b"01",
        b'"\\ud800"',
        b'"\\ud83d\\ude00"',
        b'"\t"',
        b'"\x01"',
        b'"\xc3\xa9"',
        b'"\xff"',
        b"null",
        b"true",
        b'"\\u0000"',
        b"123456789012345678901234567890",
        b"[1,",
        b"{}",
        b" ",
        b"\r",
        b"}",
    ]
    lines = [
        rng.choice([b"", b" ", b"["])
        + b'{"a":'
        + b"".join(rng.sample(values, rng.randint(1, 2)))
        + rng.choice([b"}", b"} ", b"}\r", b"}x", b""])
        for _ in range(3000)
    ]
    _, out, _ = run_jsonl(b"\n".join(lines) + b"\n")
    accepted = {int(row.split("\x1f", 1)[0]) for row in out.splitlines()}
    for line_no, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8").removesuffix("\r")
        except UnicodeDecodeError:
            assert line_no not in accepted, line
            continue
        assert (line_no in accepted) == (jsonl_line_error(text) is None), line
    assert 100 < len(accepted) < len(lines) - 100


def test_jsonl_line_error():
    assert jsonl_line_error('{"a": "\\ud83d\\ude00"}') is None  # a valid surrogate pair
    assert jsonl_line_error("  ") == "blank line"
    assert jsonl_line_error('"text"') == "JSON value is not an object (found string)"
    assert jsonl_line_error("{").startswith("invalid JSON: ")


def test_reordered_header_rewrites_records_in_contract_order():
    data = b'c,x,a\n"3,3",ignored,"one\n""two"""\n9,,\n'
    result, out, rejected = run_csv(data)
    assert rejected == []
    assert out == '2,2,"one\n""two""",,"3,3"\n4,1,,,9\n'
    assert result.column_map == (2, None, 0)


def test_a_record_is_bounded_in_bytes_too():
    data = b'a,b,c\n1,"open,3\n' + b"x" * 30 + b"\n" + b"y" * 30 + b"\n2,2,2\n"
    result, out, rejected = run_csv(data, max_line_bytes=64, block_bytes=1000)
    assert [r[0] for r in rejected] == [2, 3, 4]
    assert rejected[0][3].endswith("not closed within 64 bytes")
    assert out == "5,1,2,2,2\n"


def test_jsonl_bom_and_too_long_lines():
    data = b'\xef\xbb\xbf{"a":1}\n{"a":"' + b"x" * 100 + b'"}\n{"b":2}\n'
    result, out, rejected = run_jsonl(data, max_line_bytes=50, block_bytes=1000)
    assert out == '1\x1f{"a":1}\n3\x1f{"b":2}\n'
    assert [(r[0], r[3].split(":")[0]) for r in rejected] == [(2, "line too long")]
    assert result.header_note == "UTF-8 byte order mark removed"
