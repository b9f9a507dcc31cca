"""Site-wide files made of one piece per page: the sitemap, the open-data exports, the calendars.

A site-wide file that lists every entry would have to be made again whenever any entry
changes, from every entry: at 10,000 projects a one-word edit would read the whole catalogue.
Instead each page makes its own piece of such files (its sitemap entry, its project's row of
projects.csv, its event's entry in the calendar) when it is made, the build keeps the pieces,
and a `Join` puts a file together from them, in their order, when some of its pieces changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from ..graph import SiteGraph
from .texts import Texts

Piece = tuple[str, str, bytes]
"""(the site-wide file it belongs to, its sort key in that file, its bytes)."""

PieceReader = Callable[[str], Iterable[bytes]]
"""The pieces of one site-wide file, in order."""


class Join(Protocol):
    """Puts site-wide files together from their pieces."""

    name: str

    def files(self, graph: SiteGraph) -> list[str]:
        """The names of the pieces' files it reads (``sitemap``, ``calendar:de``...)."""
        ...

    def make(self, graph: SiteGraph, texts: Texts, pieces: PieceReader) -> Iterable[tuple[str, bytes]]:
        """The files it makes: (output path, bytes)."""
        ...
