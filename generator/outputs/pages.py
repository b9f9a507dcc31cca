"""What outputs need to know about a page beyond its node: its translations and its project."""

from __future__ import annotations

from ..graph import PageNode, SiteGraph
from ..models import KINDS


def translations(graph: SiteGraph, node: PageNode) -> dict[str, str]:
    """language -> URL of the same page in that language (the page itself included).

    An entry exists in the languages it was translated into; every other page (lists,
    taxonomies, the home page) exists in every site language under its prefix.
    """
    if node.kind == "not_found":
        return {}
    if node.kind in KINDS:
        return dict(graph.translations(node.kind, node.key))
    path = node.url.removeprefix(graph.lang_prefix(node.lang))
    return {lang: graph.lang_prefix(lang) + path for lang in graph.languages}


def project_of(graph: SiteGraph, node: PageNode) -> str | None:
    """The project a page is about or belongs to; in project mode the home page's project."""
    if node.kind == "project":
        return node.key
    if node.kind in ("result", "event", "news"):
        return getattr(graph.doc(node.kind, node.key).entry, "project", None)
    return graph.site_project() if node.kind == "home" else None
