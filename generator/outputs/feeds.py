"""Atom feeds (RFC 4287): the whole site, its news, results and events, and each project.

A feed holds news by date, results by publication date (a result without one is not news
yet and stays out) and upcoming events. A feed exists in every language its page exists
in and, like the site's own lists, shows each entry in that language when it is
translated and in the default language otherwise (the entry then says so in ``xml:lang``).

Content has no modification times, so an entry's ``updated`` is the date that makes it
news: a news item's date, a result's publication date, an event's start (which is how
event feeds conventionally sort). Drafts never appear.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .. import __version__
from ..graph import PageNode, SiteGraph
from ..models import KIND_SECTION, SECTIONS, Event, News, Project, Result
from ..views.builder import title_of
from ..views.wording import section_title
from . import locations
from .pages import project_of
from .texts import Texts
from .timing import day_instant, event_instant, rfc3339

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml"
FEED_SIZE = 50
"""Entries of each kind per feed: the newest news and results, the soonest events."""


@dataclass(frozen=True)
class Feed:
    url: str
    """Site-relative URL of the feed file."""
    title: str
    page: str
    """Site-relative URL of the HTML page the feed follows."""
    lang: str
    subtitle: str = ""
    logo: str = ""


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    updated: datetime
    published: datetime | None = None


def feed_files(graph: SiteGraph, texts: Texts) -> Iterable[tuple[str, bytes]]:
    """The site's feed and its sections' feeds, in every language."""
    items = _items(
        graph, graph.latest("news", FEED_SIZE), graph.latest("result", FEED_SIZE), graph.coming_events(FEED_SIZE)
    )
    config = graph.config
    for lang in graph.languages:
        prefix = graph.lang_prefix(lang)
        yield _write(
            graph,
            Feed(
                locations.site_feed(graph, lang),
                config.text_in("title", lang)[0],
                f"{prefix}/",
                lang,
                config.text_in("description", lang)[0],
            ),
            items,
        )
        for section in locations.FEED_SECTIONS:
            yield _write(
                graph,
                section_feed(graph, section, lang, texts),
                [item for item in items if item.kind == SECTIONS[section]],
            )


def project_feed_file(graph: SiteGraph, node: PageNode, texts: Texts) -> Iterable[tuple[str, bytes]]:
    """The feed of the project a project page shows, in the page's language."""
    facts = graph.project(node.key)
    items = _items(graph, facts.news, facts.results, [e for e in facts.events if graph.upcoming(e)])
    yield _write(graph, project_feed(graph, node.key, node.lang), items)


def section_feed(graph: SiteGraph, section: str, lang: str, texts: Texts) -> Feed:
    return Feed(
        locations.section_feed(graph, section, lang),
        f"{graph.config.text_in('title', lang)[0]}: {section_title(texts[lang], section)}",
        f"{graph.lang_prefix(lang)}/{section}/",
        lang,
    )


def project_feed(graph: SiteGraph, project_id: str, lang: str) -> Feed:
    doc = graph.doc(Project, project_id, lang)
    logo = doc.entry.logo
    return Feed(
        locations.project_feed(graph, project_id, lang),
        title_of(doc),
        graph.url("project", project_id, lang),
        lang,
        doc.entry.summary,
        "/" + logo.src if logo else "",
    )


def page_feeds(graph: SiteGraph, node: PageNode, texts: Texts) -> list[Feed]:
    """The feeds a page announces in its <head>: the site's, its section's, its project's."""
    config = graph.config
    title = config.text_in("title", node.lang)[0]
    found = [Feed(locations.site_feed(graph, node.lang), title, f"{graph.lang_prefix(node.lang)}/", node.lang)]
    section = node.key if node.kind == "section" else KIND_SECTION.get(node.kind)
    if section in locations.FEED_SECTIONS:
        found.append(section_feed(graph, section, node.lang, texts))
    project_id = project_of(graph, node)
    if project_id:
        found.append(project_feed(graph, project_id, node.lang))
    return found


def _items(graph: SiteGraph, news: list[str], results: list[str], events: list[str]) -> list[Item]:
    """What feeds may show of these news items, results and coming events: the newest first, then
    the soonest events; never a draft, not even in a preview."""
    news_items = [
        Item("news", i, day_instant(entry.date), day_instant(entry.date))
        for i in news
        if not (entry := graph.doc(News, i).entry).draft
    ]
    result_items = [
        Item("result", i, day_instant(published), day_instant(published))
        for i in results
        if not (result := graph.doc(Result, i).entry).draft and (published := result.published)
    ]
    event_items = [
        Item("event", i, event_instant(graph, event)) for i in events if not (event := graph.doc(Event, i).entry).draft
    ]
    newest = sorted(news_items + result_items, key=lambda item: (item.updated, item.id), reverse=True)
    return newest + sorted(event_items, key=lambda item: (item.updated, item.id))


def _write(graph: SiteGraph, feed: Feed, items: list[Item]) -> tuple[str, bytes]:
    newest = [i for i in items if i.kind != "event"][:FEED_SIZE]
    soonest = [i for i in items if i.kind == "event"][:FEED_SIZE]
    shown = newest + soonest
    config = graph.config
    # register_namespace is process-wide state: declare the default namespace on the root instead.
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: feed.lang})
    ET.SubElement(root, "id").text = locations.absolute(graph, feed.url)
    ET.SubElement(root, "title").text = feed.title
    if feed.subtitle:
        ET.SubElement(root, "subtitle").text = feed.subtitle
    ET.SubElement(root, "link", rel="self", type=ATOM_TYPE, href=locations.absolute(graph, feed.url))
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=locations.absolute(graph, feed.page))
    # Only an empty feed reads the build's date: reading it always would make every feed depend on it.
    updated = max(i.updated for i in shown) if shown else day_instant(graph.today)
    ET.SubElement(root, "updated").text = rfc3339(updated)
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = config.publisher.name
    if config.publisher.url:
        ET.SubElement(author, "uri").text = config.publisher.url
    ET.SubElement(root, "generator", version=__version__).text = "Partnership Showcase"
    if feed.logo:
        ET.SubElement(root, "logo").text = locations.absolute(graph, feed.logo)
    for item in shown:
        root.append(_entry(graph, item, feed.lang))
    return locations.file_path(feed.url), ET.tostring(root, encoding="utf-8", xml_declaration=True)


CATEGORY_FIELDS = {"result": ("category", "result_categories"), "event": ("type", "event_types")}
"""Kinds whose entries carry a category: the field that holds it and its vocabulary."""


def _entry(graph: SiteGraph, item: Item, lang: str) -> ET.Element:
    doc = graph.doc(item.kind, item.id, lang)
    url = locations.absolute(graph, graph.url(item.kind, item.id, lang))
    entry = ET.Element("entry", {XML_LANG: doc.lang} if doc.lang != lang else {})
    ET.SubElement(entry, "id").text = url
    ET.SubElement(entry, "title").text = title_of(doc)
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url, hreflang=doc.lang)
    ET.SubElement(entry, "updated").text = rfc3339(item.updated)
    if item.published:
        ET.SubElement(entry, "published").text = rfc3339(item.published)
    for author in getattr(doc.entry, "authors", []):
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = author.name
    if item.kind in CATEGORY_FIELDS:
        field, vocabulary = CATEGORY_FIELDS[item.kind]
        code = getattr(doc.entry, field)
        ET.SubElement(entry, "category", term=code, label=graph.vocabularies.label(vocabulary, code))
    summary = getattr(doc.entry, "summary", "")
    if summary:
        ET.SubElement(entry, "summary").text = summary
    return entry
