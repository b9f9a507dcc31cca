"""The bytes of the index files, and how search.js reads them (docs/search.md, "The index files").

Every index file but the manifest is gzipped by the build (so that any static host serves it
small) and named ``.bin``, so that no host compresses it again; search.js inflates it with the
browser's DecompressionStream. Integers are unsigned LEB128 varints; strings are a varint
length and UTF-8 bytes.

- A **shard** holds a range of keys in code-point order. A key is a surface word of the corpus
  (the stems it has), a stem (its postings), or both. Postings are (document, impact) pairs in
  impact order, highest first, grouped by impact: each group is the impact byte, the number of
  documents and their ids as ascending deltas. A stem on more than `HEAD` documents keeps its
  first `HEAD` postings in the shard and the rest in *tail* files of `TAIL` postings each, which
  the page fetches after showing the first results.
- A **filter** file lists each value with its documents (ascending deltas).
- A **sort** file has one varint per document: its sort value plus one, or 0 when it has none.
"""

from __future__ import annotations

import gzip
from array import array
from collections.abc import Iterable, Iterator

HEAD = 2000
"""Postings of a stem kept in its shard; a very common word's others come in tails, later."""
TAIL = 16000
"""Postings in each tail file of a very common word."""


def varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def string(text: str, out: bytearray) -> None:
    data = text.encode()
    varint(len(data), out)
    out += data


def pack(data: bytes | bytearray) -> bytes:
    """Gzip with no timestamp: the same index makes the same bytes."""
    return gzip.compress(bytes(data), compresslevel=9, mtime=0)


def unpack(data: bytes) -> bytes:
    return gzip.decompress(data)


class Reader:
    """Reads varints and strings from a buffer, in order."""

    def __init__(self, data: bytes):
        self.data = data
        self.at = 0

    def varint(self) -> int:
        value = shift = 0
        data = self.data
        while True:
            byte = data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def string(self) -> str:
        length = self.varint()
        self.at += length
        return self.data[self.at - length : self.at].decode()

    def done(self) -> bool:
        return self.at >= len(self.data)


# --- postings: (document << 8 | impact) in an array("I") ---------------------------------------


def impact_order(postings: Iterable[int]) -> list[int]:
    """Postings highest impact first, then by document."""
    return sorted(postings, key=lambda value: ((255 - (value & 0xFF)) << 24) | (value >> 8))


def encode_groups(postings: list[int], out: bytearray) -> None:
    """Postings in impact order, as groups of equal impact."""
    groups: list[tuple[int, list[int]]] = []
    for value in postings:
        impact = value & 0xFF
        if not groups or groups[-1][0] != impact:
            groups.append((impact, []))
        groups[-1][1].append(value >> 8)
    varint(len(groups), out)
    for impact, documents in groups:
        out.append(impact)
        varint(len(documents), out)
        _deltas(documents, out)


def _deltas(ascending: Iterable[int], out: bytearray) -> None:
    """Ascending numbers as the varints of their differences (most take one byte: a fast path)."""
    previous = 0
    for number in ascending:
        delta = number - previous
        previous = number
        if delta < 0x80:
            out.append(delta)
        else:
            varint(delta, out)


def decode_groups(reader: Reader) -> list[int]:
    postings = []
    for _ in range(reader.varint()):
        impact = reader.data[reader.at]
        reader.at += 1
        document = 0
        for _ in range(reader.varint()):
            document += reader.varint()
            postings.append(document << 8 | impact)
    return postings


# --- shards -----------------------------------------------------------------------------------


def encode_entry(key: str, stems: Iterable[str], documents: int, tails: int, head: list[int], out: bytearray) -> None:
    """One key of a shard: the stems of the surface word (an empty string for the key itself),
    then, for a stem, its number of documents, of tail files, and the postings kept in the shard."""
    string(key, out)
    stems = sorted(stems)
    varint(len(stems), out)
    for stem in stems:
        string("" if stem == key else stem, out)
    varint(documents, out)
    if documents:
        varint(tails, out)
        encode_groups(head, out)


def decode_shard(data: bytes) -> Iterator[tuple[str, list[str], int, list[int]]]:
    """(key, stems, tail files, head postings) of each key of a shard, in order."""
    reader = Reader(unpack(data))
    for _ in range(reader.varint()):
        key = reader.string()
        stems = [reader.string() or key for _ in range(reader.varint())]
        tails = 0
        head: list[int] = []
        if reader.varint():
            tails = reader.varint()
            head = decode_groups(reader)
        yield key, stems, tails, head


def encode_tail(postings: list[int]) -> bytes:
    out = bytearray()
    encode_groups(postings, out)
    return pack(out)


def decode_tail(data: bytes) -> list[int]:
    return decode_groups(Reader(unpack(data)))


# --- filters and sorts -------------------------------------------------------------------------


def encode_filter(values: dict[str, list[int]]) -> bytes:
    out = bytearray()
    varint(len(values), out)
    for value in sorted(values):
        string(value, out)
        documents = values[value]
        varint(len(documents), out)
        _deltas(documents, out)
    return pack(out)


def decode_filter(data: bytes) -> dict[str, array]:
    reader = Reader(unpack(data))
    values = {}
    for _ in range(reader.varint()):
        value = reader.string()
        documents, document = array("I"), 0
        for _ in range(reader.varint()):
            document += reader.varint()
            documents.append(document)
        values[value] = documents
    return values


def encode_sort(values: Iterable[int | None]) -> bytes:
    out = bytearray()
    for value in values:
        varint(0 if value is None else value + 1, out)
    return pack(out)


def decode_sort(data: bytes) -> list[int | None]:
    reader = Reader(unpack(data))
    values: list[int | None] = []
    while not reader.done():
        value = reader.varint()
        values.append(None if value == 0 else value - 1)
    return values
