"""The sitemap (sitemaps.org 0.9) with hreflang alternates, and robots.txt pointing to it.

Every page a search engine should find is listed once per language, each with links to
all of its translations (itself included) and an ``x-default`` for the default language,
as search engines ask. Each page makes its own entry (`pieces`). Past 50,000 addresses,
the protocol's limit, the list is split into numbered files and ``sitemap.xml`` becomes
their index. No ``lastmod``: the content
has no modification dates, and a guessed one would mislead crawlers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from ..graph import PageNode, SiteGraph
from ..models import KINDS
from . import locations
from .pages import translations
from .pieces import Piece, PieceReader
from .texts import Texts

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000


def sitemap_piece(graph: SiteGraph, node: PageNode, texts: Texts) -> Iterable[Piece]:
    """A page's entry in the sitemap, with its translations."""
    if not _listed(graph, node):
        return
    url = ET.Element("url")
    ET.SubElement(url, "loc").text = locations.absolute(graph, node.url)
    alternates = translations(graph, node)
    if len(alternates) > 1:
        for lang, href in alternates.items():
            ET.SubElement(url, "xhtml:link", rel="alternate", hreflang=lang, href=locations.absolute(graph, href))
        ET.SubElement(
            url,
            "xhtml:link",
            rel="alternate",
            hreflang="x-default",
            href=locations.absolute(graph, alternates.get(graph.default_language, node.url)),
        )
    yield "sitemap", node.url, ET.tostring(url, encoding="unicode").encode()


class SitemapJoin:
    """sitemap.xml from the pages' entries; past `max_urls` numbered files and an index."""

    name = "sitemap"

    def __init__(self, max_urls: int = MAX_URLS):
        self.max_urls = max_urls

    def files(self, graph: SiteGraph) -> list[str]:
        return ["sitemap"]

    def make(self, graph: SiteGraph, texts: Texts, pieces: PieceReader) -> Iterable[tuple[str, bytes]]:
        entries = list(pieces("sitemap"))
        chunks = [entries[i : i + self.max_urls] for i in range(0, len(entries), self.max_urls)] or [[]]
        if len(chunks) == 1:
            yield locations.file_path(locations.SITEMAP), _urlset(chunks[0])
            return
        # register_namespace is process-wide state: the root declares its namespaces itself.
        index = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
        for number, chunk in enumerate(chunks, start=1):
            url = locations.SITEMAP.replace(".xml", f"-{number}.xml")
            ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = locations.absolute(graph, url)
            yield locations.file_path(url), _urlset(chunk)
        yield locations.file_path(locations.SITEMAP), ET.tostring(index, encoding="utf-8", xml_declaration=True)


def robots_file(graph: SiteGraph, texts: Texts) -> Iterable[tuple[str, bytes]]:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {locations.absolute(graph, locations.SITEMAP)}\n"
    yield locations.file_path(locations.ROBOTS), text.encode()


def _listed(graph: SiteGraph, node: PageNode) -> bool:
    if node.kind not in locations.LISTED_PAGES:
        return False
    return node.kind not in KINDS or not graph.doc(node.kind, node.key, node.lang).entry.draft


def _urlset(entries: list[bytes]) -> bytes:
    head = f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\" xmlns:xhtml=\"{XHTML_NS}\">"
    return head.encode() + b"".join(entries) + b"</urlset>"
