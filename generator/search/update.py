"""Keeping the published index up to date: a full index, or an overlay of what changed.

A full build streams every record into a new *base* layer per language. Other builds take the
records of the pages they made again: those whose record changed (and the new ones) go into a
small *overlay* layer, indexed again from its records at each build, and the manifest lists the
base documents that the overlay replaces or that were removed, which search.js leaves out.
Once the overlay holds more than `overlay_limit` of the base, the two are merged into a new base
(`rebase`) by reading the base's own files back: no page needs rendering again for that.

Layers live in numbered folders (``base-3/``, ``overlay-12/``): a new layer never overwrites the
files of the one it replaces, so the merge can read the old base while it writes the new, and a
browser never mixes a cached old file with a new manifest.
"""

from __future__ import annotations

import bisect
import heapq
import json
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from ..writer import OutputWriter
from . import encoding
from .layer import CHUNK, SORT_DAY_ZERO, Entry, LayerBuilder, LayerInfo
from .records import SearchRecord

FOLDER = "search"
"""The index's folder in the output: one folder per language, ``search/<lang>/``."""
FORMAT = 1


def manifest_path(lang: str) -> str:
    return f"{FOLDER}/{lang}/index.json"


def overlay_limit(base_documents: int) -> int:
    """How many documents the overlay may replace or remove before it is merged into the base:
    2 % of the base (1,500 entries of a 10,000-project catalogue), at least 50."""
    return max(50, base_documents // 50)


@dataclass
class LanguageState:
    """What one language's published index holds."""

    generation: int
    """Numbers the layers' folders: each new layer takes the next."""
    base: LayerInfo
    documents: dict[str, list[str | int]]
    """URL -> [document number in the base, record digest, title sort key] of each base document."""
    overlay: dict[str, SearchRecord] = field(default_factory=dict)
    """URL -> record of each entry changed or added since the base was built."""
    removed: list[str] = field(default_factory=list)
    """URLs of base documents whose entries are gone."""
    overlay_info: LayerInfo | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "generation": self.generation,
            "base": self.base.to_json(),
            "documents": self.documents,
            "overlay": {url: record.to_json() for url, record in self.overlay.items()},
            "removed": self.removed,
            "overlay_info": self.overlay_info.to_json() if self.overlay_info else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> LanguageState:
        return cls(
            data["generation"],
            LayerInfo(**data["base"]),
            data["documents"],
            {url: SearchRecord.from_json(record) for url, record in data["overlay"].items()},
            data["removed"],
            LayerInfo(**data["overlay_info"]) if data["overlay_info"] else None,
        )

    def deleted(self) -> list[int]:
        """Base documents the search leaves out: replaced by the overlay, or removed."""
        return sorted(int(self.documents[url][0]) for url in (*self.overlay, *self.removed) if url in self.documents)


@dataclass
class SearchState:
    """What the published index holds, for the next build to bring up to date (JSON in the cache)."""

    languages: dict[str, LanguageState]

    def to_json(self) -> str:
        return json.dumps(
            {"format": FORMAT, "languages": {lang: state.to_json() for lang, state in self.languages.items()}},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> SearchState | None:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            return None
        return cls({lang: LanguageState.from_json(state) for lang, state in data["languages"].items()})


class SearchUpdate:
    """Brings the published index up to date with one build.

    It is given every searchable page of the site (URL and language, in the build's order) and
    then the records of the pages the build made, in any order (`add`, as they render); `finish`
    writes the index. A full update needs the record of every page (`missing` says which it has
    not had); otherwise only the changed records count, and pages gone are removed.
    """

    def __init__(
        self, previous: SearchState | None, writer: OutputWriter, pages: Iterable[tuple[str, str]], *, full: bool
    ):
        if previous is not None and not all(writer.has(manifest_path(lang)) for lang in previous.languages):
            previous = None
        self.previous = None if full else previous
        self.writer = writer
        self.pages: dict[str, tuple[str, int]] = {}
        """URL -> (language, document number in a new base: the page's place among its language's)."""
        counts: dict[str, int] = {}
        for url, lang in pages:
            self.pages[url] = (lang, counts.get(lang, 0))
            counts[lang] = counts.get(lang, 0) + 1
        self._bases: dict[str, LayerBuilder] = {}
        self._base_documents: dict[str, dict[str, list[str | int]]] = {}
        self._changed: dict[str, SearchRecord] = {}

    @property
    def full(self) -> bool:
        """A full update indexes every page: it needs the record of each."""
        return self.previous is None

    def add(self, record: SearchRecord) -> None:
        if record.url not in self.pages:
            return
        if not self.full:
            self._changed[record.url] = record
            return
        builder = self._bases.get(record.lang)
        if builder is None:
            builder = LayerBuilder(self.writer, f"{FOLDER}/{record.lang}/base-1", record.lang)
            self._bases[record.lang] = builder
            self._base_documents[record.lang] = {}
        document = builder.add(record, self.pages[record.url][1])
        self._base_documents[record.lang][record.url] = [document, record.digest(), record.sorts.get("title", "")]

    def missing(self) -> list[str]:
        """The pages a full update has had no record of (none when the build made every page)."""
        if not self.full:
            return []
        return [url for url, (lang, _) in self.pages.items() if url not in self._base_documents.get(lang, {})]

    def finish(self) -> SearchState:
        """Write the index; returns what it holds, for the next build."""
        if self.full:
            languages = {}
            for lang, builder in self._bases.items():
                languages[lang] = LanguageState(1, builder.finish(), self._base_documents[lang])
                self._write_manifest(lang, languages[lang])
            return SearchState(languages)
        assert self.previous is not None
        languages = {}
        for lang, state in self.previous.languages.items():
            changed = {url: record for url, record in self._changed.items() if record.lang == lang}
            current = {url for url, (page_lang, _) in self.pages.items() if page_lang == lang}
            languages[lang] = self._update(lang, state, changed, current)
        for lang in sorted({record.lang for record in self._changed.values()} - languages.keys()):
            # A language's first entries since the last full build: a base of its own.
            builder = LayerBuilder(self.writer, f"{FOLDER}/{lang}/base-1", lang)
            documents: dict[str, list[str | int]] = {}
            for url in sorted(self._changed):
                record = self._changed[url]
                if record.lang == lang:
                    documents[url] = [builder.add(record), record.digest(), record.sorts.get("title", "")]
            languages[lang] = LanguageState(1, builder.finish(), documents)
            self._write_manifest(lang, languages[lang])
        return SearchState(languages)

    def _update(
        self, lang: str, state: LanguageState, changed: Mapping[str, SearchRecord], current: set[str]
    ) -> LanguageState:
        overlay = {url: record for url, record in state.overlay.items() if url in current}
        for url, record in changed.items():
            known = state.documents.get(url)
            if url in overlay or known is None or known[1] != record.digest():
                overlay[url] = record
        removed = sorted(url for url in state.documents if url not in current)
        if (
            removed == state.removed
            and overlay.keys() == state.overlay.keys()
            and all(record.digest() == state.overlay[url].digest() for url, record in overlay.items())
        ):
            self.writer.keep_folder(f"{FOLDER}/{lang}")
            return state
        if len(overlay) + len(removed) > overlay_limit(len(state.documents)):
            return self._rebase(lang, state, overlay, removed)
        return self._write_overlay(lang, state, overlay, removed)

    def _write_overlay(
        self, lang: str, state: LanguageState, overlay: dict[str, SearchRecord], removed: list[str]
    ) -> LanguageState:
        """Index the overlay's records again; the base stays as it is."""
        self.writer.keep_folder(f"{FOLDER}/{lang}/{state.base.path}")
        generation = state.generation + 1
        info = None
        if overlay:
            titles = sorted(str(document[2]) for document in state.documents.values())

            def between_base_titles(shown: list[str]) -> list[int]:
                # The base's title values are its ranks times two: a title goes just before the first not smaller.
                return [2 * bisect.bisect_left(titles, title) - 1 for title in shown]

            builder = LayerBuilder(self.writer, f"{FOLDER}/{lang}/overlay-{generation}", lang, between_base_titles)
            for url in sorted(overlay):
                builder.add(overlay[url])
            info = builder.finish()
        new = LanguageState(generation, state.base, state.documents, overlay, removed, info)
        self._write_manifest(lang, new)
        return new

    def _rebase(
        self, lang: str, state: LanguageState, overlay: dict[str, SearchRecord], removed: list[str]
    ) -> LanguageState:
        """Merge the base (less what is replaced or removed) and the overlay's records into a new base."""
        generation = state.generation + 1
        old = f"{FOLDER}/{lang}/{state.base.path}".rstrip("/")
        left_out = {int(state.documents[url][0]) for url in (*overlay, *removed) if url in state.documents}
        builder = LayerBuilder(self.writer, f"{FOLDER}/{lang}/base-{generation}", lang)
        renumbered = array("q", [-1]) * state.base.documents
        documents: dict[str, list[str | int]] = {}
        for number, row, filters, sorts in _base_documents(self.writer, old, state):
            if number not in left_out:
                renumbered[number] = builder.add_document(row, filters, sorts)
                url = str(row[0])
                documents[url] = [renumbered[number], *state.documents[url][1:]]
        for url in sorted(overlay):
            record = overlay[url]
            documents[url] = [builder.add(record), record.digest(), record.sorts.get("title", "")]
        info = builder.finish(existing=_base_entries(self.writer, old, state.base, renumbered))
        new = LanguageState(generation, info, documents)
        self._write_manifest(lang, new)
        return new

    def _write_manifest(self, lang: str, state: LanguageState) -> None:
        layers = [state.base.to_json()] + ([state.overlay_info.to_json()] if state.overlay_info else [])
        manifest = {"format": FORMAT, "lang": lang, "layers": layers, "deleted": state.deleted()}
        self.writer.write(manifest_path(lang), json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode())


def _base_documents(
    writer: OutputWriter, folder: str, state: LanguageState
) -> Iterator[tuple[int, list[object], dict[str, list[str]], dict[str, str]]]:
    """(number, shown data, filters, sorts) of each base document, read back from the layer's files."""
    info = state.base
    memberships = [
        _memberships(name, value, numbers)
        for name in info.filters
        for value, numbers in encoding.decode_filter(writer.read(f"{folder}/f/{name}.bin")).items()
    ]
    by_document = heapq.merge(*memberships)
    pending = next(by_document, None)
    columns = {key: encoding.decode_sort(writer.read(f"{folder}/o/{key}.bin")) for key in info.sorts if key != "title"}
    titles = {int(document[0]): str(document[2]) for document in state.documents.values()}
    for chunk in range(-(-info.documents // CHUNK)):
        rows = json.loads(encoding.unpack(writer.read(f"{folder}/d/{chunk}.bin")))
        for offset, row in enumerate(rows):
            number = chunk * CHUNK + offset
            filters: dict[str, list[str]] = {}
            while pending is not None and pending[0] == number:
                filters.setdefault(pending[1], []).append(pending[2])
                pending = next(by_document, None)
            sorts = {"title": titles.get(number, "")}
            for key, column in columns.items():
                value = column[number] if number < len(column) else None
                if value is not None:
                    sorts[key] = (SORT_DAY_ZERO + timedelta(days=value)).isoformat() if key == "date" else str(value)
            yield number, row, filters, sorts


def _memberships(name: str, value: str, numbers: Iterable[int]) -> Iterator[tuple[int, str, str]]:
    return ((number, name, value) for number in numbers)


def _base_entries(writer: OutputWriter, folder: str, info: LayerInfo, renumbered: array) -> Iterator[Entry]:
    """The base's keys in order, their postings renumbered; documents left out are dropped."""
    for shard in range(len(info.shards)):
        for position, (key, stems, tails, head) in enumerate(
            encoding.decode_shard(writer.read(f"{folder}/s/{shard}.bin"))
        ):
            postings = list(head)
            for tail in range(tails):
                postings += encoding.decode_tail(writer.read(f"{folder}/t/{shard}-{position}-{tail}.bin"))
            kept = [renumbered[p >> 8] << 8 | (p & 0xFF) for p in postings if renumbered[p >> 8] >= 0]
            if kept or stems:
                yield key, set(stems), kept
