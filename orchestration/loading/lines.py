"""Physical lines of a landing file, read in bounded blocks straight from its bytes.

Two things live here and nothing else: the independent byte-level facts about a
file (sha256, size, physical line count: newlines, plus one when the last line
has no newline), and a reader that cuts the byte stream into chunks of whole
lines without ever holding more than one block plus one line in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

BLOCK_BYTES = 4 << 20
# A physical line longer than this is quarantined; its first KEPT_PREFIX_BYTES are kept.
MAX_LINE_BYTES = 1 << 20
KEPT_PREFIX_BYTES = 64 << 10


@dataclass(frozen=True, slots=True)
class OverlongLine:
    """Stands in for one physical line longer than the reader's bound."""

    prefix: bytes  # the first KEPT_PREFIX_BYTES of the line
    size: int  # bytes in the line, without its newline


class CountingReader:
    """Wraps a binary stream; counts what passes through `read`, independently of any parser."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._sha256 = hashlib.sha256()
        self.size_bytes = 0
        self.newlines = 0
        self._last = b""

    def read(self, size: int) -> bytes:
        data = self._stream.read(size)
        if data:
            self._sha256.update(data)
            self.size_bytes += len(data)
            self.newlines += data.count(b"\n")
            self._last = data[-1:]
        return data

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()

    @property
    def physical_lines(self) -> int:
        return physical_line_count(self.newlines, self._last)


def physical_line_count(newlines: int, last_byte: bytes) -> int:
    """Lines as `wc -l` counts them, plus one for a last line without a newline."""
    return newlines + (1 if last_byte and last_byte != b"\n" else 0)


def file_facts(
    read: Callable[[int], bytes], block_bytes: int = BLOCK_BYTES
) -> tuple[str, int, int]:
    """(sha256, size_bytes, physical_lines) of a whole stream, read in blocks."""
    sha = hashlib.sha256()
    size = newlines = 0
    last = b""
    while block := read(block_bytes):
        sha.update(block)
        size += len(block)
        newlines += block.count(b"\n")
        last = block[-1:]
    return sha.hexdigest(), size, physical_line_count(newlines, last)


def iter_line_chunks(
    read: Callable[[int], bytes],
    block_bytes: int | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[bytes | OverlongLine]:
    """The stream as chunks of whole physical lines, in order.

    Every chunk ends with b"\\n" except possibly the file's last one. A line that
    grows past `max_line_bytes` while no newline is in sight is yielded alone as an
    `OverlongLine`, its tail skipped without being kept (so memory stays bounded by
    one block plus `max_line_bytes`). Lines shorter than one block may still be longer
    than `max_line_bytes` inside a chunk; the triage checks those.
    """
    block_bytes = block_bytes or BLOCK_BYTES
    carry = b""
    overlong: OverlongLine | None = None
    while block := read(block_bytes):
        if overlong is not None:
            end = block.find(b"\n")
            if end < 0:
                overlong = OverlongLine(overlong.prefix, overlong.size + len(block))
                continue
            yield OverlongLine(overlong.prefix, overlong.size + end)
            overlong = None
            block = block[end + 1 :]
            if not block:
                continue
        data = carry + block if carry else block
        cut = data.rfind(b"\n")
        if cut < 0:
            carry = data
        else:
            if cut == len(data) - 1:
                yield data
                carry = b""
            else:
                yield data[: cut + 1]
                carry = data[cut + 1 :]
        if len(carry) > max_line_bytes:
            overlong = OverlongLine(carry[:KEPT_PREFIX_BYTES], len(carry))
            carry = b""
    if overlong is not None:
        yield overlong
    elif carry:
        yield carry
