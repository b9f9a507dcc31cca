"""Building one layer of a language's index from records, in bounded memory.

A layer is a complete index of some documents (the base: the whole catalogue; the overlay: the
entries changed since): shards of keys, tails of very common stems, document chunks, filter and
sort files, described by a `LayerInfo` in the language's manifest.

Memory does not grow with the catalogue's text: postings collect in a buffer that is sorted
and spilled to a run file on disk whenever it holds `RUN_POSTINGS`; `finish` merges the runs
key by key (heapq.merge reads each run as a stream) and writes each shard as soon as it is
full. What stays in memory per document is a few integers (its filter values and sort keys)
and its title for the title order.
"""

from __future__ import annotations

import heapq
import json
import math
import struct
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from ..writer import OutputWriter
from . import encoding
from .records import BODY_WORDS, FIELD_WEIGHTS, SearchRecord
from .text import word_forms, words

RUN_POSTINGS = 2_000_000
"""Postings buffered before a run is spilled to disk: about 8 MB of them, plus their keys."""
SHARD_BYTES = 12_000
"""A shard is closed once its keys take this many bytes before compression (about 10 KB gzipped:
postings compress little)."""
CHUNK = 16
"""Documents per chunk file: a result list of ten fetches up to ten small files, not a whole list."""
K1, B, REFERENCE_LENGTH = 1.2, 0.5, 300
"""BM25's saturation and length normalisation; the length is fixed (not the layer's average), so a
document's impacts depend on that document alone and a layer can be merged into another."""
SORT_DAY_ZERO = date(1900, 1, 1)

Entry = tuple[str, set[str], list[int]]
"""A key, the stems it stands for as a surface word, and its postings (document << 8 | impact)."""


@dataclass
class LayerInfo:
    """A layer as the manifest describes it to search.js."""

    path: str
    """Its folder, relative to the language's folder (``base/``, ``overlay/``)."""
    documents: int
    shards: list[str] = field(default_factory=list)
    """The first key of each shard, in order: the page finds a word's shard by binary search."""
    filters: list[str] = field(default_factory=list)
    sorts: list[str] = field(default_factory=list)
    chunk: int = CHUNK

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def impacts(counts: dict[str, float], length: float) -> dict[str, int]:
    """Each stem's BM25 weight in a document (saturated at `K1` + 1), as 1 to 255."""
    norm = K1 * (1 - B + B * length / REFERENCE_LENGTH)
    return {key: round(255 * count / (count + norm)) or 1 for key, count in counts.items()}


def analyse(record: SearchRecord) -> tuple[dict[str, int], dict[str, set[str]]]:
    """A record's stems with their impacts, and its surface words whose stem is another key."""
    forms = word_forms(record.lang)
    weighted: Counter[str] = Counter()
    length = 0.0
    for name, text in record.fields.items():
        weight = FIELD_WEIGHTS.get(name, 0)
        found = words(text)
        if name == "body":
            found = found[:BODY_WORDS]
        length += weight * len(found)
        for word, count in Counter(found).items():
            weighted[word] += weight * count
    counts: dict[str, float] = {}
    surfaces: dict[str, set[str]] = {}
    for word, count in weighted.items():
        key, surface = forms(word)
        counts[key] = counts.get(key, 0) + count
        if surface != key:
            surfaces.setdefault(surface, set()).add(key)
    return impacts(counts, length), surfaces


def sort_value(key: str, value: str) -> int | None:
    """A sort key's value as an integer that orders like it (titles are ranked apart)."""
    try:
        if key == "date":
            return (date.fromisoformat(value[:10]) - SORT_DAY_ZERO).days
        return int(value)
    except ValueError:
        return None


class Runs:
    """Postings and surface words, spilled to sorted runs on disk and merged back in key order."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.files: list[Path] = []
        self.postings: dict[str, array] = {}
        self.surfaces: dict[str, set[str]] = {}
        self.buffered = 0

    def add(self, document: int, impacts: dict[str, int], surfaces: dict[str, set[str]]) -> None:
        for key, weight in impacts.items():
            found = self.postings.get(key)
            if found is None:
                found = self.postings[key] = array("I")
            found.append(document << 8 | weight)
        for surface, stems in surfaces.items():
            self.surfaces.setdefault(surface, set()).update(stems)
        self.buffered += len(impacts)
        if self.buffered >= RUN_POSTINGS:
            self.spill()

    def spill(self) -> None:
        if not self.postings and not self.surfaces:
            return
        path = self.scratch / f"run-{len(self.files)}"
        with path.open("wb") as out:
            for key in sorted(self.postings.keys() | self.surfaces.keys()):
                item = bytearray()
                encoding.string(key, item)
                stems = self.surfaces.get(key, ())
                encoding.varint(len(stems), item)
                for stem in stems:
                    encoding.string(stem, item)
                postings = self.postings.get(key, array("I"))
                encoding.varint(len(postings), item)
                item += postings.tobytes()
                out.write(struct.pack("<I", len(item)))
                out.write(item)
        self.files.append(path)
        self.postings, self.surfaces, self.buffered = {}, {}, 0

    def entries(self) -> Iterator[Entry]:
        """Every key once, in code-point order, with its stems and postings (ascending documents)."""
        self.spill()
        return merge_entries(*(_read_run(path) for path in self.files))


def _read_run(path: Path) -> Iterator[Entry]:
    with path.open("rb") as file:
        yield from _run_items(file)
    path.unlink()


def _run_items(file: BinaryIO) -> Iterator[Entry]:
    while header := file.read(4):
        reader = encoding.Reader(file.read(struct.unpack("<I", header)[0]))
        key = reader.string()
        stems = {reader.string() for _ in range(reader.varint())}
        count = reader.varint()
        postings = array("I")
        postings.frombytes(reader.data[reader.at : reader.at + 4 * count])
        yield key, stems, postings.tolist()


def merge_entries(*streams: Iterable[Entry]) -> Iterator[Entry]:
    """Streams of entries in key order merged into one, a key's postings in stream order (runs
    are spilled as documents come, so their postings follow one another in document order)."""
    current: Entry | None = None
    for key, stems, postings in heapq.merge(*streams, key=itemgetter(0)):
        if current is not None and current[0] == key:
            current[1].update(stems)
            current[2].extend(postings)
            continue
        if current is not None:
            yield current
        current = (key, set(stems), list(postings))
    if current is not None:
        yield current


class LayerBuilder:
    """Writes one layer of a language's index into the output, from documents given one at a time."""

    def __init__(
        self,
        writer: OutputWriter,
        folder: str,
        lang: str,
        title_order: Callable[[list[str]], list[int]] | None = None,
    ):
        """`folder` is the layer's output folder; `title_order` turns the layer's titles into title
        sort values (by default their ranks, times two: the overlay places its own in between)."""
        self.writer = writer
        self.folder = folder.rstrip("/")
        self.lang = lang
        self.title_order = title_order or _ranks
        self._scratch = tempfile.TemporaryDirectory(prefix=".search-runs-", dir=writer.staging)
        self.runs = Runs(Path(self._scratch.name))
        self.documents = 0
        """One more than the highest document number given."""
        self.rows: dict[int, list[object] | None] = {}
        """Shown data of the documents whose chunk is not written yet."""
        self.filters: dict[str, dict[str, array]] = {}
        self.sorts: dict[str, array] = {}
        self.titles: list[str] = []

    def add(self, record: SearchRecord, document: int | None = None) -> int:
        """Index one record, as the given document number or the next; returns the number.

        Numbers may come in any order (pages render in parallel): the build numbers the pages in
        its own order, so that the same site makes the same index."""
        document = self.add_document(
            [record.url, record.title, record.kind, _excerpt(record), record.meta],
            record.filters,
            record.sorts,
            document,
        )
        impacts, surfaces = analyse(record)
        self.runs.add(document, impacts, surfaces)
        return document

    def add_document(
        self, row: list[object], filters: dict[str, list[str]], sorts: dict[str, str], document: int | None = None
    ) -> int:
        """A document's shown data, filters and sorts (its postings come apart: `add`, `finish`)."""
        document = self.documents if document is None else document
        self.documents = max(self.documents, document + 1)
        self.rows[document] = row
        first = document - document % CHUNK
        if all(number in self.rows for number in range(first, first + CHUNK)):
            self._write_chunk(first // CHUNK)
        for name, values in filters.items():
            by_value = self.filters.setdefault(name, {})
            for value in dict.fromkeys(values):
                by_value.setdefault(value, array("I")).append(document)
        _put(self.titles, document, sorts.get("title", ""), "")
        for key, value in sorts.items():
            number = sort_value(key, value) if key != "title" else None
            if number is not None:
                _put(self.sorts.setdefault(key, array("q")), document, number, -1)
        return document

    def _write_chunk(self, chunk: int) -> None:
        rows = [
            self.rows.pop(number, None) for number in range(chunk * CHUNK, min((chunk + 1) * CHUNK, self.documents))
        ]
        data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
        self.writer.write(f"{self.folder}/d/{chunk}.bin", encoding.pack(data))

    def finish(self, existing: Iterable[Entry] = ()) -> LayerInfo:
        """Write the shards (merging in `existing` entries, in key order) and the other files."""
        try:
            for chunk in sorted({number // CHUNK for number in self.rows}):
                self._write_chunk(chunk)
            info = LayerInfo(f"{self.folder.rsplit('/', 1)[-1]}/", self.documents)
            self._write_shards(merge_entries(existing, self.runs.entries()), info)
            for name in sorted(self.filters):
                by_value = {value: sorted(numbers) for value, numbers in self.filters[name].items()}
                self.writer.write(f"{self.folder}/f/{name}.bin", encoding.encode_filter(by_value))
                info.filters.append(name)
            titles = self.titles + [""] * (self.documents - len(self.titles))
            columns: dict[str, list[int | None]] = {"title": list(self.title_order(titles))}
            for key, column in self.sorts.items():
                columns[key] = [None if value < 0 else value for value in column]
            for key in sorted(columns):
                values = columns[key] + [None] * (self.documents - len(columns[key]))
                self.writer.write(f"{self.folder}/o/{key}.bin", encoding.encode_sort(values))
                info.sorts.append(key)
            return info
        finally:
            self._scratch.cleanup()

    def _write_shards(self, entries: Iterator[Entry], info: LayerInfo) -> None:
        shard = bytearray()
        keys = 0
        for key, stems, postings in entries:
            if len(shard) >= SHARD_BYTES:
                self._write_shard(info, shard, keys)
                shard, keys = bytearray(), 0
            if not keys:
                info.shards.append(key)
            ordered = encoding.impact_order(postings) if postings else []
            tails = math.ceil(max(0, len(ordered) - encoding.HEAD) / encoding.TAIL)
            shown_stems = stems if stems != {key} else set()
            encoding.encode_entry(key, shown_stems, len(ordered), tails, ordered[: encoding.HEAD], shard)
            for number in range(tails):
                start = encoding.HEAD + number * encoding.TAIL
                self.writer.write(
                    f"{self.folder}/t/{len(info.shards) - 1}-{keys}-{number}.bin",
                    encoding.encode_tail(ordered[start : start + encoding.TAIL]),
                )
            keys += 1
        if keys:
            self._write_shard(info, shard, keys)

    def _write_shard(self, info: LayerInfo, shard: bytearray, keys: int) -> None:
        data = bytearray()
        encoding.varint(keys, data)
        self.writer.write(f"{self.folder}/s/{len(info.shards) - 1}.bin", encoding.pack(data + shard))


def _put(column: list | array, index: int, value: object, missing: object) -> None:
    """Set a column's value at an index, extending it with `missing` values as far as needed."""
    if index >= len(column):
        column.extend([missing] * (index + 1 - len(column)))
    column[index] = value


def _ranks(titles: list[str]) -> list[int]:
    """Each title's rank in code-point order, times two."""
    order = sorted(range(len(titles)), key=titles.__getitem__)
    ranks = [0] * len(titles)
    for rank, document in enumerate(order):
        ranks[document] = 2 * rank
    return ranks


def _excerpt(record: SearchRecord) -> str:
    """At most 40 words of the record's excerpt."""
    cut = record.excerpt.split()
    return " ".join(cut[:40]) + (" …" if len(cut) > 40 else "")
