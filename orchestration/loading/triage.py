"""Line triage: decide, line by line, what a landing file's records are and what is unreadable.

Pure functions over the chunks of `lines.iter_line_chunks`; no database here. Every
physical line ends up in exactly one place: the header, an accepted record (written
to `write` in a clean, strict form any bulk reader can take), or a rejection (passed
to `reject(line_no, line_count, raw_text, reason)`). The result counts them, so the
caller can prove lines seen = physical lines of the file.

Clean forms passed to `write` as UTF-8 bytes (one record per output line, `\\n`-terminated;
each call holds whole records):

- CSV: `<line_no>,<line_count>,<the contract's columns, in contract order>` -- strict
  RFC 4180 (`"` quoting, `""` escapes, quoted fields may hold commas and line breaks).
  When the header is the contract's columns in order, this is the record's own text;
  otherwise the fields are mapped by name, a missing column written as an empty field.
- JSONL: `<line_no>\\x1f<the JSON object text>` -- a valid JSON object; `\\x1f` cannot
  occur in valid JSON and a raw CR (only possible as whitespace) is replaced by a space.

Empty CSV fields are left empty; the contract reads them as null.
"""

from __future__ import annotations

import csv
import json
import json.scanner
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import orjson

from orchestration.loading.lines import KEPT_PREFIX_BYTES, MAX_LINE_BYTES, OverlongLine

# A CSV record may span at most this many physical lines (quoted line breaks) and, like a
# single line, at most MAX_LINE_BYTES; a quote that does not close within both bounds is
# treated as broken, so it cannot swallow the file.
MAX_RECORD_LINES = 20
JSONL_SEPARATOR = "\x1f"
MAX_NOTE_NAMES = 20

Write = Callable[[bytes], object]
Reject = Callable[[int, int, str, str], object]

# Strict RFC 4180: a field is quoted (`""` escapes a quote, anything else goes, line
# breaks included) or unquoted (no quote, comma, CR or LF).
_QUOTED = r'"[^"]*(?:""[^"]*)*"'
_FIELD = rf'(?:{_QUOTED}|[^",\r\n]*)'
_RECORD = re.compile(rf"{_FIELD}(?:,{_FIELD})*")
_QUOTED_RE = re.compile(_QUOTED)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_BOM = "\ufeff"
_BOM_BYTES = _BOM.encode()


@dataclass(frozen=True, slots=True)
class Undecodable:
    """A physical line that is not valid UTF-8."""

    raw: bytes
    error: str

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="backslashreplace")


Line = str | Undecodable | OverlongLine


@dataclass
class TriageResult:
    fmt: str
    header_lines: int = 0
    rows_accepted: int = 0
    lines_accepted: int = 0
    rows_rejected: int = 0
    lines_rejected: int = 0
    # CSV only: the header's fields as written, and for each contract column the
    # index of its field in the file (None when the header lacks it).
    fields: tuple[str, ...] = ()
    column_map: tuple[int | None, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def lines_seen(self) -> int:
        return self.header_lines + self.lines_accepted + self.lines_rejected

    @property
    def header_note(self) -> str | None:
        return "; ".join(self.notes) or None


# --- shared helpers -------------------------------------------------------------------


def _decode(raw: bytes) -> str | Undecodable:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Undecodable(raw, str(error))


def line_lists(chunks: Iterable[bytes | OverlongLine]) -> Iterator[list[Line]]:
    """Each chunk as its list of physical lines (without `\\n`; a CRLF line keeps its CR)."""
    for chunk in chunks:
        if isinstance(chunk, OverlongLine):
            yield [chunk]
            continue
        try:
            lines: list[Line] = chunk.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            lines = [_decode(raw) for raw in chunk.split(b"\n")]
        if chunk.endswith(b"\n"):
            lines.pop()
        yield lines


def byte_line_lists(
    chunks: Iterable[bytes | OverlongLine],
) -> Iterator[tuple[list[bytes] | list[OverlongLine], bool]]:
    """Each chunk as (its physical lines as bytes, whether the whole chunk is valid UTF-8)."""
    for chunk in chunks:
        if isinstance(chunk, OverlongLine):
            yield [chunk], False
            continue
        try:
            chunk.decode("utf-8")
            valid = True
        except UnicodeDecodeError:
            valid = False
        lines = chunk.split(b"\n")
        if chunk.endswith(b"\n"):
            lines.pop()
        yield lines, valid


def _names(names: Iterable[str]) -> str:
    names = list(names)
    shown = ", ".join(names[:MAX_NOTE_NAMES])
    return shown + (
        f" and {len(names) - MAX_NOTE_NAMES} more" if len(names) > MAX_NOTE_NAMES else ""
    )


def _strip_cr(text: str) -> str:
    return text[:-1] if text.endswith("\r") else text


def _too_long(text: str, max_line_bytes: int) -> int | None:
    """The line's size in bytes if it is over the bound, else None."""
    if len(text) * 4 <= max_line_bytes:
        return None
    size = len(text.encode("utf-8"))
    return size if size > max_line_bytes else None


def _unreadable(line: Line, max_line_bytes: int) -> tuple[str, str] | None:
    """(raw_text, reason) for a line that cannot be read as text at all, else None."""
    if isinstance(line, Undecodable):
        return line.text, f"invalid UTF-8: {line.error}"
    if isinstance(line, OverlongLine):
        return (
            line.prefix.decode("utf-8", errors="backslashreplace"),
            f"line too long: {line.size:,} bytes, over the {max_line_bytes:,}-byte limit "
            f"(raw_text keeps the first {KEPT_PREFIX_BYTES:,} bytes)",
        )
    size = _too_long(line, max_line_bytes)
    if size is not None:
        return (
            line[:KEPT_PREFIX_BYTES],
            f"line too long: {size:,} bytes, over the {max_line_bytes:,}-byte limit "
            f"(raw_text keeps the first {KEPT_PREFIX_BYTES:,} characters)",
        )
    return None


def _raw_text(line: Line) -> str:
    if isinstance(line, Undecodable):
        return line.text
    if isinstance(line, OverlongLine):
        return line.prefix.decode("utf-8", errors="backslashreplace")
    return _strip_cr(line)


# --- CSV --------------------------------------------------------------------------------


def csv_record_error(record: str) -> str | None:
    """Why `record` is not one strict RFC 4180 record, or None if it is."""
    if _RECORD.fullmatch(record):
        return None
    try:
        next(csv.reader([record], strict=True))
    except csv.Error as error:
        message = str(error)
        if message.startswith("new-line character"):
            return "line break or carriage return inside an unquoted field"
        return message
    return "quote character inside an unquoted field"


def csv_field_count(record: str) -> int:
    """Fields in a record that `csv_record_error` accepted."""
    if '"' in record:
        record = _QUOTED_RE.sub("", record)
    return record.count(",") + 1


def csv_fields(record: str) -> list[str]:
    """The fields of a record that `csv_record_error` accepted."""
    return next(csv.reader([record], strict=True))


_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def csv_join(fields: Iterable[str]) -> str:
    """One strict RFC 4180 record; quotes only the fields that need it."""
    return ",".join(
        '"' + f.replace('"', '""') + '"' if _NEEDS_QUOTES.search(f) else f for f in fields
    )


@dataclass(frozen=True)
class CsvHeader:
    fields: tuple[str, ...]
    column_map: tuple[int | None, ...]
    notes: tuple[str, ...]
    problem: str | None  # set when the header is unusable


def read_csv_header(line: Line, columns: Sequence[str], max_line_bytes: int) -> CsvHeader:
    """Map a header line to the contract: by name (trimmed, case-insensitive), any order."""
    unreadable = _unreadable(line, max_line_bytes)
    if unreadable is not None:
        return CsvHeader((), (), (), f"header: {unreadable[1]}")
    notes = []
    text = _strip_cr(line)
    if text.startswith(_BOM):
        text = text[1:]
        notes.append("UTF-8 byte order mark removed")
    if not text.strip():
        return CsvHeader((), (), tuple(notes), "header line is blank")
    error = csv_record_error(text)
    if error is not None:
        return CsvHeader((), (), tuple(notes), f"header has broken quoting: {error}")
    fields = tuple(csv_fields(text))
    position: dict[str, int] = {}
    duplicates = []
    for index, name in enumerate(fields):
        key = name.strip().lower()
        if key in position:
            duplicates.append(name)
        else:
            position[key] = index
    column_map = tuple(position.get(column) for column in columns)
    if all(index is None for index in column_map):
        shown = text if len(text) <= 200 else text[:200] + "..."
        return CsvHeader(
            fields, column_map, tuple(notes), f"header names no contract column: {shown}"
        )
    missing = [c for c, index in zip(columns, column_map, strict=True) if index is None]
    extra = [name for name in fields if name.strip().lower() not in set(columns)]
    present = [index for index in column_map if index is not None]
    if missing:
        notes.append(f"missing columns (loaded as null): {_names(missing)}")
    if extra:
        notes.append(f"extra columns (ignored): {_names(extra)}")
    if duplicates:
        notes.append(f"duplicate columns (first one used): {_names(duplicates)}")
    if present != sorted(present):
        notes.append("columns in a different order than the contract (mapped by name)")
    if any(name != name.strip().lower() for name in fields if name.strip().lower() in columns):
        notes.append("header names differ from the contract in case or spaces")
    return CsvHeader(fields, column_map, tuple(notes), None)


class _CsvRecords:
    """Assembles CSV records from physical lines: fast path inline, the rest in `_line`."""

    def __init__(
        self,
        ncols: int,
        column_map: tuple[int | None, ...],
        reject: Reject,
        max_record_lines: int,
        max_line_bytes: int,
    ) -> None:
        self.ncols = ncols
        # Identity: the header is the contract's columns in order, so records go out verbatim.
        self.column_map = None if column_map == tuple(range(ncols)) else column_map
        self.reject = reject
        self.max_record_lines = max_record_lines
        self.max_line_bytes = max_line_bytes
        self.parts: list[bytes] = []
        self.pending: list[tuple[int, str]] | None = None
        self.pending_quotes = 0
        self.pending_bytes = 0
        self.rows_accepted = self.lines_accepted = 0
        self.rows_rejected = self.lines_rejected = 0

    def run(self, lines: list[bytes] | list[OverlongLine], valid: bool, line_no: int) -> int:
        """Triage `lines`, the first of which is physical line `line_no + 1`.

        `valid` says the lines are known to be UTF-8; only then may the fast path take a
        line as it is: no quote, no CR, the header's number of commas, not too long.
        """
        append = self.parts.append
        commas = self.ncols - 1
        fast = valid and commas > 0 and self.column_map is None
        limit = self.max_line_bytes
        slow = self._line
        accepted = 0
        for line in lines:
            line_no += 1
            if (
                fast
                and self.pending is None
                and line.count(b",") == commas
                and b'"' not in line
                and b"\r" not in line
                and len(line) <= limit
            ):
                append(b"%d,1,%b\n" % (line_no, line))
                accepted += 1
            else:
                slow(line_no, line)
        self.rows_accepted += accepted
        self.lines_accepted += accepted
        return line_no

    def finish(self) -> None:
        queue: deque[tuple[int, Line]] = deque()
        while self.pending is not None:
            queue.extend(
                self._fail(
                    "unclosed quote: the quoted field opened on this line is not "
                    "closed before the end of the file"
                )
            )
            self._drain(queue)

    # the slow path

    def _line(self, line_no: int, line: bytes | OverlongLine) -> None:
        self._drain(deque([(line_no, line if isinstance(line, OverlongLine) else _decode(line))]))

    def _drain(self, queue: deque[tuple[int, Line]]) -> None:
        while queue:
            line_no, line = queue.popleft()
            retry = self._continue(line_no, line) if self.pending else self._start(line_no, line)
            if retry:
                queue.extendleft(reversed(retry))

    def _accept(self, line_no: int, line_count: int, record: str) -> None:
        if self.column_map is not None:
            fields = csv_fields(record)
            record = csv_join("" if i is None else fields[i] for i in self.column_map)
        self.parts.append(f"{line_no},{line_count},{record}\n".encode())
        self.rows_accepted += 1
        self.lines_accepted += line_count

    def _reject(self, line_no: int, raw_text: str, reason: str) -> None:
        self.reject(line_no, 1, raw_text, reason)
        self.rows_rejected += 1
        self.lines_rejected += 1

    def _start(self, line_no: int, line: Line) -> None:
        unreadable = _unreadable(line, self.max_line_bytes)
        if unreadable is not None:
            self._reject(line_no, *unreadable)
            return
        text = _strip_cr(line)
        if not text.strip():
            self._reject(line_no, text, "blank line")
            return
        quotes = text.count('"')
        if quotes % 2:
            self.pending = [(line_no, line)]
            self.pending_quotes = quotes
            self.pending_bytes = len(line.encode())
            if self.max_record_lines <= 1:
                self._drain(deque(self._fail(self._not_closed())))
            return
        error = csv_record_error(text)
        if error is not None:
            self._reject(line_no, text, f"broken quoting: {error}")
            return
        found = csv_field_count(text)
        if found != self.ncols:
            self._reject(line_no, text, f"wrong column count: expected {self.ncols}, found {found}")
            return
        self._accept(line_no, 1, text)

    def _continue(self, line_no: int, line: Line) -> list[tuple[int, Line]] | None:
        assert self.pending is not None
        unreadable = _unreadable(line, self.max_line_bytes)
        if unreadable is not None:
            what = unreadable[1].split(":")[0]
            return self._fail(
                "unclosed quote: the quoted field opened on this line runs into "
                f"line {line_no}, which is unreadable ({what})",
                extra=[(line_no, line)],
            )
        self.pending.append((line_no, line))
        self.pending_quotes += line.count('"')
        self.pending_bytes += len(line.encode()) + 1
        if self.pending_bytes > self.max_line_bytes:
            return self._fail(
                "unclosed quote: the quoted field opened on this line is not closed within "
                f"{self.max_line_bytes:,} bytes"
            )
        if self.pending_quotes % 2:
            if len(self.pending) >= self.max_record_lines:
                return self._fail(self._not_closed())
            return None
        first = self.pending[0][0]
        record = _strip_cr("\n".join(text for _, text in self.pending))
        error = csv_record_error(record)
        if error is not None:
            return self._fail(
                f"broken quoting: lines {first}-{line_no} do not read as one CSV record "
                f"({error}); this line is quarantined alone and the next ones read again"
            )
        found = csv_field_count(record)
        if found != self.ncols:
            return self._fail(
                f"broken quoting or wrong column count: lines {first}-{line_no} read as one "
                f"record have {found} fields, expected {self.ncols}; this line is "
                "quarantined alone and the next ones read again"
            )
        self._accept(first, len(self.pending), record)
        self.pending = None
        return None

    def _not_closed(self) -> str:
        return (
            "unclosed quote: the quoted field opened on this line is not closed within "
            f"{self.max_record_lines} lines"
        )

    def _fail(
        self, reason: str, extra: list[tuple[int, Line]] | None = None
    ) -> list[tuple[int, Line]]:
        """Quarantine the pending record's first line alone; its other lines are read again."""
        assert self.pending is not None
        (line_no, line), *rest = self.pending
        self.pending = None
        self._reject(line_no, _strip_cr(line), reason)
        return rest + (extra or [])


class _Unusable:
    """Every line after an unusable header: quarantined one by one."""

    def __init__(self, reject: Reject, problem: str) -> None:
        self.reject = reject
        self.reason = f"file header is unusable ({problem}); no line of this file can be mapped"
        self.parts: list[bytes] = []
        self.rows_accepted = self.lines_accepted = 0
        self.rows_rejected = self.lines_rejected = 0

    def run(self, lines: list[bytes] | list[OverlongLine], valid: bool, line_no: int) -> int:
        for line in lines:
            line_no += 1
            text = _raw_text(line if isinstance(line, OverlongLine) else _decode(line))
            self.reject(line_no, 1, text, self.reason)
        self.rows_rejected += len(lines)
        self.lines_rejected += len(lines)
        return line_no

    def finish(self) -> None:
        pass


def triage_csv(
    chunks: Iterable[bytes | OverlongLine],
    columns: Sequence[str],
    write: Write,
    reject: Reject,
    *,
    max_record_lines: int = MAX_RECORD_LINES,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> TriageResult:
    """Triage a CSV landing file. Line 1 is the header; columns are mapped by name."""
    result = TriageResult("csv")
    records: _CsvRecords | _Unusable | None = None
    line_no = 0
    for lines, valid in byte_line_lists(chunks):
        if records is None:
            first = lines[0]
            header = read_csv_header(
                first if isinstance(first, OverlongLine) else _decode(first),
                columns,
                max_line_bytes,
            )
            result.header_lines = line_no = 1
            result.fields, result.column_map = header.fields, header.column_map
            result.notes.extend(header.notes)
            if header.problem is None:
                records = _CsvRecords(
                    len(header.fields), header.column_map, reject, max_record_lines, max_line_bytes
                )
            else:
                result.notes.append(f"unusable header, every line quarantined: {header.problem}")
                records = _Unusable(reject, header.problem)
            lines = lines[1:]
        line_no = records.run(lines, valid, line_no)
        if records.parts:
            write(b"".join(records.parts))
            records.parts.clear()
    if records is not None:
        records.finish()
        if records.parts:
            write(b"".join(records.parts))
            records.parts.clear()
        result.rows_accepted, result.lines_accepted = records.rows_accepted, records.lines_accepted
        result.rows_rejected, result.lines_rejected = records.rows_rejected, records.lines_rejected
    else:
        result.notes.append("empty file: no header")
    return result


# --- JSONL ------------------------------------------------------------------------------


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
# The decoder's C scanner: the same parser without `decode`'s whitespace handling, for the
# common line that starts with `{` and ends with `}`.
_SCAN = json.scanner.make_scanner(_DECODER)


def _fast_loads(raw: bytes) -> object:
    """orjson's parse of one line, or None where it refuses it.

    A fast path only: orjson accepts a subset of what `json` accepts (it refuses
    invalid UTF-8, lone surrogates, NaN, and numbers beyond a double), so a line it
    takes is a line `json` takes; a line it refuses goes the `json` way, which says why.
    """
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None


def _type_name(value: object) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _has_lone_surrogate(value: object) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _json_error(text: str, error: Exception) -> str:
    if not text.strip():
        return "blank line"
    if isinstance(error, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {error}"


def jsonl_line_error(text: str) -> str | None:
    """Why one JSONL line (without its newline) is not a usable record, or None."""
    return _json_text_verdict(text)[1]


def _json_text_verdict(text: str) -> tuple[dict | None, str | None]:
    """(object, None) for text that is one JSON object, else (None, why not), by Python's `json`."""
    value = None
    if text[:1] == "{" and text[-1:] == "}":
        try:
            value, end = _SCAN(text, 0)
        except (ValueError, RecursionError, StopIteration):
            value = None
        else:
            if end != len(text):
                value = None
    if value is None:
        try:
            value = _DECODER.decode(text)
        except (ValueError, RecursionError) as error:
            return None, _json_error(text, error)
    if type(value) is not dict:
        return None, f"JSON value is not an object (found {_type_name(value)})"
    if "\\u" in text and _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        return None, _LONE_SURROGATE
    return value, None


_LONE_SURROGATE = "invalid JSON: a \\u escape is a lone surrogate, which is not Unicode text"


def _json_object_verdict(
    raw: bytes | OverlongLine, max_line_bytes: int
) -> tuple[dict | None, str, str | None]:
    """(object, text, None) for a line that is one JSON object, else (None, raw text, reason).

    The slow path of `triage_jsonl`, for the lines orjson refuses: Python's `json`
    decides, as in `jsonl_line_error`.
    """
    line: Line
    if type(raw) is not bytes:
        line = raw
    elif len(raw) > max_line_bytes:
        line = OverlongLine(raw[:KEPT_PREFIX_BYTES], len(raw))
    else:
        line = _decode(raw)
    if type(line) is not str:
        text, reason = _unreadable(line, max_line_bytes)
        return None, text, reason
    text = _strip_cr(line)
    value, reason = _json_text_verdict(text)
    return value, text, reason


def triage_jsonl(
    chunks: Iterable[bytes | OverlongLine],
    columns: Sequence[str],
    write: Write,
    reject: Reject,
    *,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> TriageResult:
    """Triage a JSONL landing file: one JSON object per line; keys outside the contract ignored."""
    result = TriageResult("jsonl")
    known = frozenset(columns)
    extra_keys: dict[str, int] = {}
    fast_loads = _fast_loads
    accepted = rejected = 0
    line_no = 0
    for lines, _ in byte_line_lists(chunks):
        parts: list[bytes] = []
        append = parts.append
        if line_no == 0 and isinstance(lines[0], bytes) and lines[0].startswith(_BOM_BYTES):
            lines[0] = lines[0][len(_BOM_BYTES) :]
            result.notes.append("UTF-8 byte order mark removed")
        for raw in lines:
            line_no += 1
            value = fast_loads(raw) if type(raw) is bytes and len(raw) <= max_line_bytes else None
            # a dict from orjson is a valid object: the slow path judges the other lines
            if type(value) is not dict:
                value, text, reason = _json_object_verdict(raw, max_line_bytes)
                if reason is not None:
                    reject(line_no, 1, text, reason)
                    rejected += 1
                    continue
            if not known.issuperset(value):
                for key in value.keys() - known:
                    extra_keys[key] = extra_keys.get(key, 0) + 1
            if b"\r" in raw:
                raw = (raw[:-1] if raw[-1:] == b"\r" else raw).replace(b"\r", b" ")
            append(b"%d\x1f%b\n" % (line_no, raw))
            accepted += 1
        if parts:
            write(b"".join(parts))
    result.rows_accepted = result.lines_accepted = accepted
    result.rows_rejected = result.lines_rejected = rejected
    if extra_keys:
        shown = _names(
            f"{key} ({count:,} line{'' if count == 1 else 's'})"
            for key, count in sorted(extra_keys.items())
        )
        result.notes.append(f"keys not in the contract (ignored): {shown}")
    return result
