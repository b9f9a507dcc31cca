"""The search index: Pagefind, fed from memory while the pages render.

Pagefind runs as a separate process behind an async API. A private event loop in a
thread sends it each entry page as soon as it is rendered, so indexing overlaps with
rendering instead of re-reading the written site afterwards. Pagefind splits the index
by each page's ``<html lang>``: one index per site language. What is indexed and which
filters, sorts and metadata a page carries come from the theme's ``data-pagefind-*``
attributes.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from pagefind.index import PagefindIndex

from .graph import PageNode
from .writer import OutputWriter

INDEXED_KINDS = frozenset({"project", "result", "organisation", "event", "news", "page"})
BUNDLE = "pagefind"


class SearchError(Exception):
    """Pagefind could not build the index."""


class SearchIndexer:
    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._pending: list[Future] = []
        self._index = PagefindIndex(config={"keep_index_url": False})
        try:
            self._call(self._index.__aenter__())
        except Exception as exc:
            self._stop()
            raise SearchError(f"Pagefind could not start ({exc}); install it with: pip install 'pagefind[bin]'") from exc

    def _call(self, coroutine):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def add(self, node: PageNode, html: str) -> None:
        if node.kind in INDEXED_KINDS:
            self._pending.append(asyncio.run_coroutine_threadsafe(
                self._index.add_html_file(content=html, url=node.url), self._loop))

    def finish(self, writer: OutputWriter) -> int:
        """Write the index into the build's output; returns the number of pages indexed."""
        try:
            for future in self._pending:
                future.result()
            with tempfile.TemporaryDirectory(dir=writer.staging, prefix=".search-") as folder:
                self._call(self._index.write_files(output_path=folder))
                for path in sorted(Path(folder).rglob("*")):
                    if path.is_file():
                        writer.write(f"{BUNDLE}/{path.relative_to(folder).as_posix()}", path.read_bytes())
        except Exception as exc:
            raise SearchError(f"Pagefind failed while indexing: {exc}") from exc
        finally:
            self._call(self._index.__aexit__(RuntimeError, None, None))  # closes without writing again
            self._stop()
        return len(self._pending)

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

