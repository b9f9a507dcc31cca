"""The search index: Pagefind, fed from memory while the pages render.

Pagefind runs as a separate process (``pagefind --service``, the binary that the
``pagefind[bin]`` package ships). Each searchable page goes down its stdin as soon as it
is rendered, so indexing overlaps with rendering instead of re-reading the written site
afterwards. Pagefind splits the index by each page's ``<html lang>``: one index per site
language. What is indexed (``data-pagefind-body``) and which filters, sorts and metadata a
page carries come from the theme's ``data-pagefind-*`` attributes.

We speak the service's protocol ourselves instead of through ``pagefind.index``: that
client reads each answer after a 0.1 s pause, which caps indexing at ten pages a second
(two hours for a catalogue of 75,000 pages). The protocol is small: base64-encoded JSON
messages, each followed by a comma, answered in order.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from pagefind.service import get_executable

from .views import SEARCH_KINDS
from .writer import OutputWriter

INDEXED_KINDS = frozenset(SEARCH_KINDS)
"""The page kinds that go into the index: the entry pages, which carry search facts (views.py)."""
BUNDLE = "pagefind"
INSTALL_HINT = "install it with: pip install 'pagefind[bin]'"
_JOINED_ELEMENT_END = re.compile(r"</(?:dt|dd|figcaption)>")


class SearchError(Exception):
    """Pagefind could not build the index."""


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
            self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=self._stderr)
        except OSError as exc:
            raise SearchError(f"Pagefind could not start ({exc}); {INSTALL_HINT}") from exc
        self._sent = 0
        self._pages = 0
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
        self._pages += 1

    def finish(self, writer: OutputWriter) -> int:
        """Write the index into the build's output; returns the number of pages indexed."""
        try:
            with tempfile.TemporaryDirectory(dir=writer.staging, prefix=".search-") as folder:
                # The service answers in order: this answer comes after every page's.
                self._request({"type": "WriteFiles", "index_id": self._index_id, "output_path": folder})
                for path in sorted(Path(folder).rglob("*")):
                    if path.is_file():
                        writer.write(f"{BUNDLE}/{path.relative_to(folder).as_posix()}", path.read_bytes())
        finally:
            self._stop()
        return self._pages

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
        assert stdout is not None
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
