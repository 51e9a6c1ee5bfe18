"""Opaque, collision-free identifiers from integer keys.

Every identifier is a bijection of an integer key (a person index, a record counter), so
ids never collide and are reproducible, yet consecutive keys give unrelated-looking ids:
nothing in an id reveals which person a record belongs to.
"""

from __future__ import annotations

import zlib

import numpy as np

_U64 = np.uint64


def salt_of(name: str) -> int:
    return zlib.crc32(name.encode()) * 0x9E3779B1 % (1 << 63)


def mix64(keys: np.ndarray, salt: str) -> np.ndarray:
    """splitmix64 finalizer after a salted odd multiply: a bijection of uint64."""
    z = np.asarray(keys).astype(np.uint64) * _U64(0x9E3779B97F4A7C15) + _U64(salt_of(salt))
    z ^= z >> _U64(30)
    z *= _U64(0xBF58476D1CE4E5B9)
    z ^= z >> _U64(27)
    z *= _U64(0x94D049BB133111EB)
    z ^= z >> _U64(31)
    return z


def hex16(values: np.ndarray) -> list[str]:
    text = np.asarray(values, dtype=np.uint64).astype(">u8").tobytes().hex()
    return [text[i : i + 16] for i in range(0, len(text), 16)]


def hex_ids(keys: np.ndarray, salt: str, prefix: str = "") -> np.ndarray:
    """prefix + 16 hex characters."""
    ids = hex16(mix64(keys, salt))
    if prefix:
        ids = [prefix + i for i in ids]
    return np.array(ids, dtype=object)


def hex32(keys: np.ndarray, salt: str) -> list[str]:
    high = hex16(mix64(keys, salt + ":hi"))
    low = hex16(mix64(keys, salt + ":lo"))
    return [h + lo for h, lo in zip(high, low, strict=True)]


def uuid_ids(keys: np.ndarray, salt: str) -> np.ndarray:
    """UUID-shaped ids (8-4-4-4-12 hex); unique because the first 16 hex digits are."""
    return np.array(
        [f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}" for h in hex32(keys, salt)],
        dtype=object,
    )


def permute(keys: np.ndarray, modulus: int, salt: str) -> np.ndarray:
    """A keyed pseudo-random bijection of [0, modulus): a four-round Feistel network on
    the smallest even-bit domain that holds modulus, cycle-walked back into range."""
    keys = np.asarray(keys, dtype=np.uint64)
    if len(keys) and int(keys.max()) >= modulus:
        raise ValueError(f"key {int(keys.max())} does not fit modulus {modulus}")
    bits = max(2, (modulus - 1).bit_length())
    bits += bits % 2
    half = _U64(bits // 2)
    mask = _U64((1 << (bits // 2)) - 1)
    out = keys.copy()
    todo = np.arange(len(out))
    while len(todo):
        x = out[todo]
        left, right = x >> half, x & mask
        for round_no in range(4):
            left, right = right, left ^ (mix64(right, f"{salt}:{round_no}") & mask)
        out[todo] = (left << half) | right
        todo = todo[out[todo] >= _U64(modulus)]
    return out


def numeric_ids(keys: np.ndarray, digits: int, salt: str, prefix: str = "") -> np.ndarray:
    """prefix + zero-padded decimal of permute(key): unique, in no telling order."""
    values = permute(keys, 10**digits, salt).tolist()
    return np.array([f"{prefix}{v:0{digits}d}" for v in values], dtype=object)


def chunk_keys(chunk: int, count: int, rng: np.random.Generator, span: int = 10**7) -> np.ndarray:
    """Record keys of one chunk: a shuffled block, so key order says nothing about persons."""
    if count > span:
        raise ValueError("chunk too large for its key span")
    return chunk * span + rng.permutation(count).astype(np.int64)
