"""The sitemap (sitemaps.org 0.9) with hreflang alternates, and robots.txt pointing to it.

Every page a search engine should find is listed once per language, each with links to
all of its translations (itself included) and an ``x-default`` for the default language,
as search engines ask. Past 50,000 addresses, the protocol's limit, the list is split
into numbered files and ``sitemap.xml`` becomes their index. No ``lastmod``: the content
has no modification dates, and a guessed one would mislead crawlers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from ..graph import PageNode, SiteGraph
from ..models import KINDS
from . import locations
from .pages import translations
from .texts import Texts

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000


def sitemap_files(graph: SiteGraph, texts: Texts, max_urls: int = MAX_URLS) -> Iterable[tuple[str, bytes]]:
    nodes = [node for node in graph.pages if _listed(graph, node)]
    chunks = [nodes[i : i + max_urls] for i in range(0, len(nodes), max_urls)] or [[]]
    if len(chunks) == 1:
        yield locations.file_path(locations.SITEMAP), _urlset(graph, chunks[0])
        return
    # register_namespace is process-wide state: the root declares its namespaces itself.
    index = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
    for number, chunk in enumerate(chunks, start=1):
        url = locations.SITEMAP.replace(".xml", f"-{number}.xml")
        ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = locations.absolute(graph, url)
        yield locations.file_path(url), _urlset(graph, chunk)
    yield locations.file_path(locations.SITEMAP), ET.tostring(index, encoding="utf-8", xml_declaration=True)


def robots_file(graph: SiteGraph, texts: Texts) -> Iterable[tuple[str, bytes]]:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {locations.absolute(graph, locations.SITEMAP)}\n"
    yield locations.file_path(locations.ROBOTS), text.encode()


def _listed(graph: SiteGraph, node: PageNode) -> bool:
    if node.kind not in locations.LISTED_PAGES:
        return False
    return node.kind not in KINDS or not graph.doc(node.kind, node.key, node.lang).entry.draft


def _urlset(graph: SiteGraph, nodes: list[PageNode]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for node in nodes:
        url = ET.SubElement(root, "url")
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
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
