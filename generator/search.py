"""The search index: Pagefind, fed from memory while the pages render, and kept up to date
by an overlay.

Pagefind runs as a separate process (``pagefind --service``, the binary that the
``pagefind[bin]`` package ships). In a full build each searchable page goes down its stdin
as soon as it is rendered, so indexing overlaps with rendering instead of re-reading the
written site afterwards. Pagefind splits the index by each page's ``<html lang>``: one index
per site language. What is indexed (``data-pagefind-body``) and which filters, sorts and
metadata a page carries come from the theme's ``data-pagefind-*`` attributes.

Pagefind cannot update an index, and indexing a catalogue takes minutes. So a build that
changed a few searchable pages indexes only those, into a second, small bundle (the
overlay, ``pagefind/overlay/``), and writes ``pagefind/overlay.json``: which pages of the
base index the overlay replaces (with the filters they were counted under) and where each
overlay page falls in the base index's sort orders. The search page merges the two
(search.js). The overlay holds every page changed since the base was built; past
`overlay_limit` pages the next build indexes the whole site again.

We speak the service's protocol ourselves instead of through ``pagefind.index``: that
client reads each answer after a 0.1 s pause, which caps indexing at ten pages a second
(two hours for a catalogue of 75,000 pages). The protocol is small: base64-encoded JSON
messages, each followed by a comma, answered in order.
"""

from __future__ import annotations

import base64
import bisect
import gzip
import io
import json
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pagefind.service import get_executable

from .models import KINDS
from .writer import OutputWriter

INDEXED_KINDS = frozenset(KINDS)
"""The page kinds that go into the index: the entry pages, which carry search facts (views/search_facts.py)."""
BUNDLE = "pagefind"
OVERLAY = f"{BUNDLE}/overlay"
MANIFEST = f"{BUNDLE}/overlay.json"
OVERLAY_MARK = '<span data-pagefind-meta="layer:·" hidden></span>'
"""Added to the pages of the overlay, inside their indexed part: it makes their stored
text differ from the base index's copy, so that an unchanged page never has the same
result id in both."""
INSTALL_HINT = "install it with: pip install 'pagefind[bin]'"
_JOINED_ELEMENT_END = re.compile(r"</(?:dt|dd|figcaption)>")


class SearchError(Exception):
    """Pagefind could not build the index."""


@dataclass
class IndexedPage:
    """A page as one bundle of the search index holds it."""

    hash: str
    """Its stored text's name in the bundle: the id of its search results."""
    filters: dict[str, list[str]]
    """The filter values it is counted under."""
    sorts: dict[str, str] = field(default_factory=dict)
    """Its sort keys (base index only: the overlay's pages are placed among them)."""


@dataclass
class SearchState:
    """What the published search index holds, for the next build to bring up to date."""

    base: dict[str, IndexedPage]
    """Output path -> the page in the base index, as it was when the base was built."""
    overlay: dict[str, IndexedPage]
    """Output path -> the page in the overlay: the pages changed or added since."""

    # The build cache keeps the state as JSON text: 75,000 pages' filters load in a tenth of
    # the time that pickled objects take.
    def to_json(self) -> str:
        return json.dumps(
            {
                layer: {path: [page.hash, page.filters, page.sorts] for path, page in pages.items()}
                for layer, pages in (("base", self.base), ("overlay", self.overlay))
            }
        )

    @classmethod
    def from_json(cls, text: str) -> SearchState:
        layers = json.loads(text)
        return cls(
            *({path: IndexedPage(*page) for path, page in layers[layer].items()} for layer in ("base", "overlay"))
        )


def overlay_limit(base_pages: int) -> int:
    """How many pages the overlay may hold before the whole index is built again.

    The overlay is indexed again in every build and its pages rank with the small overlay's
    word statistics, so it stays small: 2 % of the base (1,500 pages of a 10,000-project
    catalogue, a few seconds of indexing), at least 50.
    """
    return max(50, base_pages // 50)


class SearchUpdate:
    """Brings the published search index up to date with one build.

    A full update builds a new base index from every page (streamed while they render);
    otherwise the changed pages go into the overlay after rendering (`finish`).
    """

    def __init__(self, previous: SearchState | None, writer: OutputWriter, *, full: bool):
        self.previous = previous if not full and previous and writer.has(MANIFEST) else None
        self.writer = writer
        self._base: SearchIndexer | None = None
        self._sent: set[str] = set()
        """Output paths of the pages streamed into the new base."""

    @property
    def full(self) -> bool:
        return self.previous is None

    def page_changed(self, path: str, url: str, html: str) -> None:
        """A searchable page whose bytes changed; a full update indexes it at once."""
        if self.full:
            self._base = self._base or SearchIndexer()
            self._base.add(url, html)
            self._sent.add(path)

    def finish(
        self, pages: Mapping[str, str], changed: set[str], sorts: Callable[[str], dict[str, str]]
    ) -> SearchState:
        """Write the index for the site's searchable `pages` (output path -> URL).

        `changed` are the pages whose bytes changed in this build; `sorts` gives a page's sort
        keys (views.search_facts.search_sorts).
        """
        previous = self.previous
        if previous is not None:
            before = previous.base.keys() | previous.overlay.keys()
            removed = before - pages.keys()
            added = pages.keys() - before
            if not changed & pages.keys() and not removed and not added:
                self.writer.keep_folder(BUNDLE)
                return previous
            overlay = (previous.overlay.keys() | (changed & pages.keys()) | added) - removed
            if len(overlay) + len(removed & previous.base.keys()) <= overlay_limit(len(previous.base)):
                return self._write_overlay(previous, {path: pages[path] for path in sorted(overlay)}, removed, sorts)
        return self._write_base(pages, sorts)

    def _write_base(self, pages: Mapping[str, str], sorts: Callable[[str], dict[str, str]]) -> SearchState:
        base = self._base or SearchIndexer()
        for path, url in pages.items():
            if path not in self._sent:
                base.add(url, self.writer.read(path).decode())
        by_url = base.finish(self.writer, BUNDLE)
        state = SearchState({path: by_url[url] for path, url in pages.items() if url in by_url}, {})
        for path, page in state.base.items():
            page.sorts = sorts(path)
        self.writer.write(MANIFEST, _manifest(None, {}, {}))
        return state

    def _write_overlay(
        self, previous: SearchState, pages: dict[str, str], removed: set[str], sorts: Callable[[str], dict[str, str]]
    ) -> SearchState:
        """Index `pages` (output path -> URL) into the overlay; the base stays as it is."""
        for rel in self.writer.known:
            if rel.startswith(f"{BUNDLE}/") and not rel.startswith(f"{OVERLAY}/") and rel != MANIFEST:
                self.writer.keep(rel)
        by_url: dict[str, IndexedPage] = {}
        if pages:
            indexer = SearchIndexer()
            for path, url in pages.items():
                indexer.add(url, _marked(self.writer.read(path).decode()))
            by_url = indexer.finish(self.writer, OVERLAY)
        overlay = {path: by_url[url] for path, url in pages.items() if url in by_url}
        replaced = {
            page.hash: page.filters for path, page in previous.base.items() if path in overlay or path in removed
        }
        order = _base_order(previous.base)
        placed = {page.hash: _positions(order, sorts(path)) for path, page in overlay.items()}
        self.writer.write(MANIFEST, _manifest(f"/{OVERLAY}/" if overlay else None, replaced, placed))
        return SearchState(previous.base, overlay)


def _marked(html: str) -> str:
    """The page with `OVERLAY_MARK` at the start of its indexed part (or of its body)."""
    anchor = html.find("data-pagefind-body")
    if anchor == -1:
        anchor = html.find("<body")
    start = html.find(">", anchor) + 1 if anchor != -1 else 0
    return html[:start] + OVERLAY_MARK + html[start:]


def _base_order(base: Mapping[str, IndexedPage]) -> dict[str, tuple[bool, list[Any]]]:
    """Each sort key's values in the base index, in Pagefind's order: numbers when every value is
    one, otherwise strings by code point (what Pagefind does, pagefind/src/index/mod.rs)."""
    values: dict[str, list[str]] = {}
    for page in base.values():
        for key, value in page.sorts.items():
            values.setdefault(key, []).append(value)
    order = {}
    for key, found in values.items():
        numeric = all(_NUMBER.fullmatch(value) for value in found)
        order[key] = (numeric, sorted(float(v) for v in found) if numeric else sorted(found))
    return order


def _positions(order: Mapping[str, tuple[bool, list[Any]]], sorts: Mapping[str, str]) -> dict[str, float]:
    """Where a page falls in each of the base index's sort orders: Pagefind scores a sorted result
    by its position, so the page goes just before the first base value that is not smaller."""
    placed = {}
    for key, value in sorts.items():
        numeric, values = order.get(key, (False, []))
        if numeric and not _NUMBER.fullmatch(value):
            continue  # the base compares this key as numbers; such a value has no place among them
        placed[key] = bisect.bisect_left(values, float(value) if numeric else value) - 0.5
    return placed


def _manifest(
    bundle: str | None, replaced: dict[str, dict[str, list[str]]], placed: dict[str, dict[str, float]]
) -> bytes:
    """overlay.json: the overlay's bundle (or null), the base pages it replaces (result id ->
    filters they are counted under) and the positions of its pages in the base's sort orders."""
    return json.dumps(
        {"bundle": bundle, "replaced": replaced, "positions": placed},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class SearchIndexer:
    """One Pagefind index, built from pages sent while the site renders.

    `add` only writes to the service's stdin; a reader thread collects the answers, so
    rendering never waits for Pagefind unless the pipe is full.
    """

    def __init__(self) -> None:
        binary = get_executable()
        if binary is None:
            raise SearchError(f"the Pagefind binary is missing; {INSTALL_HINT}")
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the service runs)
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
            )
        except OSError as exc:
            raise SearchError(f"Pagefind could not start ({exc}); {INSTALL_HINT}") from exc
        self._sent = 0
        self._answers: dict[int, dict[str, Any]] = {}
        """Answers to the messages we wait for, by message id."""
        self._answer_count = 0
        self._errors: list[str] = []
        self._answered = threading.Condition()
        self._reader = threading.Thread(target=self._read_answers, name="pagefind answers", daemon=True)
        self._reader.start()
        answer = self._request({"type": "NewIndex", "config": {"keep_index_url": False}})
        self._index_id = answer["index_id"]

    def add(self, url: str, html: str) -> None:
        """Send one page to the index; the caller decides which pages are searchable (INDEXED_KINDS)."""
        # Pagefind joins the text of elements it takes for inline ones, so "<dt>Authors</dt><dd>Ana"
        # would be indexed as the word "AuthorsAna": a space after each closing tag keeps words apart.
        html = _JOINED_ELEMENT_END.sub(r"\g<0> ", html)
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html})

    def finish(self, writer: OutputWriter, folder: str) -> dict[str, IndexedPage]:
        """Write the bundle into the build's output under `folder`; returns, by URL, what it holds
        of each page."""
        pages = {}
        try:
            with tempfile.TemporaryDirectory(dir=writer.staging, prefix=".search-") as written:
                # The service answers in order: this answer comes after every page's.
                self._request({"type": "WriteFiles", "index_id": self._index_id, "output_path": written})
                for path in sorted(Path(written).rglob("*")):
                    if path.is_file():
                        rel = path.relative_to(written).as_posix()
                        data = path.read_bytes()
                        writer.write(f"{folder}/{rel}", data)
                        if rel.startswith("fragment/"):
                            stored = json.loads(gzip.decompress(data)[len(b"pagefind_dcd") :])
                            pages[stored["url"]] = IndexedPage(path.stem, stored["filters"])
        finally:
            self._stop()
        return pages

    # -- the protocol -----------------------------------------------------------------

    def _send(self, payload: dict[str, Any], *, flush: bool = False) -> int:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode()
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(message) + b",")
            if flush:
                stdin.flush()
        except OSError as exc:  # the service died: its stderr says why
            raise SearchError(f"Pagefind stopped while indexing: {self._failure()}") from exc
        return self._sent

    def _request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a message and wait for its answer (and so for every earlier one)."""
        message_id = self._send(payload, flush=True)
        with self._answered:
            self._answered.wait_for(lambda: self._answer_count >= message_id or not self._reader.is_alive())
        if self._errors:
            raise SearchError("Pagefind could not index the site: " + "; ".join(self._errors[:5]))
        if message_id not in self._answers:
            raise SearchError(f"Pagefind stopped while indexing: {self._failure()}")
        return self._answers.pop(message_id)

    def _read_answers(self) -> None:
        stdout = self._process.stdout
        assert isinstance(stdout, io.BufferedReader), "Popen's pipes are buffered unless asked otherwise"
        buffer = b""
        while chunk := stdout.read1(1 << 16):
            *messages, buffer = (buffer + chunk).split(b",")
            with self._answered:
                for message in messages:
                    answer = json.loads(base64.b64decode(message))
                    payload = answer["payload"]
                    if payload.get("type") == "Error":
                        self._errors.append(payload.get("message", "unknown error"))
                    elif payload.get("type") != "IndexedFile":  # pages' answers are not needed
                        self._answers[answer.get("message_id")] = payload
                    self._answer_count += 1
                self._answered.notify_all()
        with self._answered:
            self._answered.notify_all()

    def _failure(self) -> str:
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self._stderr.seek(0)
        text = self._stderr.read().decode(errors="replace").strip()
        return text[-2000:] or f"exit code {self._process.returncode}"

    def _stop(self) -> None:
        if self._process.stdin and not self._process.stdin.closed:
            try:
                self._process.stdin.close()
            except OSError:
                pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=10)
        self._stderr.close()
