"""Outputs besides the HTML pages: feeds, sitemap, structured data, exports, citations."""

from __future__ import annotations

from typing import Callable, Iterable

from ..graph import PageNode, SiteGraph

Output = Callable[[SiteGraph], Iterable[tuple[str, bytes]]]
"""Produces (path in the output folder, bytes) pairs from the graph."""

OUTPUTS: list[Output] = []


def structured_data(graph: SiteGraph, node: PageNode) -> str:
    """The JSON-LD <script> elements for a page."""
    return ""
