"""Open Graph and Twitter card tags: how a page looks when someone shares its link.

The picture, in order: the entry's own (a result's or news item's image, an event's
first photo, an organisation's logo), then the logo of the page's project, then the
theme's default card (`locations.SHARE_CARD`, 1200x630, which a site replaces with its
own ``static/images/share-card.png``). Social networks do not show SVG, so SVG pictures
are passed over.
"""

from __future__ import annotations

from html import escape

from babel.core import get_global

from ..graph import PageNode, SiteGraph
from ..models import KINDS, Image, News, Project
from ..views.contract import PageView
from . import locations
from .pages import project_of, translations

SHAREABLE = (".png", ".jpg", ".jpeg", ".gif", ".webp")
OG_TYPES = {"news": "article"}


def meta_tags(graph: SiteGraph, node: PageNode, page: PageView) -> str:
    image, alt, shape = _picture(graph, node)
    config = graph.config
    tags = [
        ("property", "og:type", OG_TYPES.get(node.kind, "website")),
        ("property", "og:site_name", config.title),
        ("property", "og:title", page.title),
        ("property", "og:description", page.description),
        ("property", "og:url", page.canonical),
        ("property", "og:locale", _locale(node.lang)),
        *(
            ("property", "og:locale:alternate", _locale(lang))
            for lang in translations(graph, node)
            if lang != node.lang
        ),
        ("property", "og:image", locations.absolute(graph, image)),
        ("property", "og:image:alt", alt),
    ]
    if shape == "card":
        width, height = locations.SHARE_CARD_SIZE
        tags += [("property", "og:image:width", str(width)), ("property", "og:image:height", str(height))]
    if node.kind == "news":
        published = graph.doc(News, node.key).entry.date
        tags.append(("property", "article:published_time", published.isoformat()))
    tags += [
        # A logo is shown small beside the text; a photo or the card fills the width.
        ("name", "twitter:card", "summary" if shape == "logo" else "summary_large_image"),
        ("name", "twitter:title", page.title),
        ("name", "twitter:description", page.description),
        ("name", "twitter:image", locations.absolute(graph, image)),
        ("name", "twitter:image:alt", alt),
    ]
    return "\n".join(
        f'<meta {attribute}="{name}" content="{escape(value)}">' for attribute, name, value in tags if value
    )


def _picture(graph: SiteGraph, node: PageNode) -> tuple[str, str, str]:
    """(URL, alt text, shape: photo, logo or card) of the picture to share."""
    candidates: list[tuple[Image | None, str]] = []
    if node.kind in KINDS:
        entry = graph.doc(node.kind, node.key, node.lang).entry
        candidates += [
            (getattr(entry, "image", None), "photo"),
            *((i, "photo") for i in getattr(entry, "images", [])),
            (getattr(entry, "logo", None), "logo"),
        ]
    project_id = project_of(graph, node)
    if project_id:
        candidates.append((graph.doc(Project, project_id, node.lang).entry.logo, "logo"))
    for image, shape in candidates:
        if image and image.src.lower().endswith(SHAREABLE):
            return "/" + image.src, image.alt, shape
    return locations.SHARE_CARD, graph.config.title, "card"


def _locale(lang: str) -> str:
    """Open Graph wants language_TERRITORY: 'el' -> 'el_GR', from CLDR's likely subtags."""
    likely = get_global("likely_subtags").get(lang, lang)
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else lang
