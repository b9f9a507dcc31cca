"""Outputs besides the HTML pages: what lets other systems pick the results up.

Each family of files has its own module. `SITE_OUTPUTS` make files about the whole site
from a few lists (the feeds, robots.txt, the base maps). Files that list every page or entry (the sitemap,
the open-data exports with their DCAT-AP description, the calendars) are put together by
`JOINS` from pieces that each page makes with `PAGE_PIECES` (see `pieces`). `PAGE_OUTPUTS`
make the files that sit beside one page, by page kind: a result's citations and QR code, a
project's feed and calendar. `head_markup` is what each page carries in its ``<head>`` for search engines,
social networks and feed readers. Outputs read only the graph (and the theme's UI strings
for the few words they write themselves); they return ``(path, bytes)`` pairs and the
writer writes them. docs/outputs.md lists every file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from ..graph import PageNode, SiteGraph
from ..views.contract import PageView
from . import locations
from .calendar import CalendarJoin, calendar_piece, project_calendar_file
from .citations import citation_files
from .exports import ExportsJoin, export_pieces
from .feeds import ATOM_TYPE, feed_files, page_feeds, project_feed_file
from .maps import map_files
from .pages import translations
from .pieces import Join, Piece
from .qr_codes import qr_code_file
from .sharing import meta_tags
from .sitemap import SitemapJoin, robots_file, sitemap_piece
from .structured_data import script
from .texts import Texts

SiteOutput = Callable[[SiteGraph, Texts], Iterable[tuple[str, bytes]]]
"""Produces (path in the output folder, bytes) pairs from the graph (and the UI strings, for titles)."""
PageOutput = Callable[[SiteGraph, PageNode, Texts], Iterable[tuple[str, bytes]]]
"""Produces the files that belong to one page, in the page's language."""
PagePieces = Callable[[SiteGraph, PageNode, Texts], Iterable[Piece]]
"""Produces a page's pieces of site-wide files."""

SITE_OUTPUTS: dict[str, SiteOutput] = {output.__name__: output for output in (feed_files, robots_file, map_files)}
PAGE_OUTPUTS: dict[str, list[PageOutput]] = {
    "result": [citation_files, qr_code_file],
    "project": [project_feed_file, project_calendar_file],
}
PAGE_PIECES: list[PagePieces] = [sitemap_piece, export_pieces, calendar_piece]
JOINS: list[Join] = [SitemapJoin(), ExportsJoin(), CalendarJoin()]


def head_markup(graph: SiteGraph, node: PageNode, texts: Texts, page: PageView) -> str:
    """What a page adds to its ``<head>``: JSON-LD, sharing tags, its feeds and its translations."""
    feed_links = [
        f'<link rel="alternate" type="{ATOM_TYPE}" title="{escape(feed.title)}" href="{escape(feed.url)}">'
        for feed in page_feeds(graph, node, texts)
    ]
    alternates = translations(graph, node)
    language_links = []
    if len(alternates) > 1:
        language_links = [
            f'<link rel="alternate" hreflang="{lang}" href="{escape(locations.absolute(graph, url))}">'
            for lang, url in alternates.items()
        ]
        default = alternates.get(graph.default_language, node.url)
        language_links.append(
            f'<link rel="alternate" hreflang="x-default" href="{escape(locations.absolute(graph, default))}">'
        )
    return "\n".join([script(graph, node, page), meta_tags(graph, node, page), *feed_links, *language_links])
