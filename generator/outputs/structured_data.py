"""JSON-LD (schema.org) for every page: what the page is, and the thing it is about.

Each page gets one ``@graph``: the page itself (`ItemPage`, `CollectionPage`...) with its
`BreadcrumbList`, the `WebSite` and its publisher, and the page's main entity: a
`Project` with the `MonetaryGrant` the European Union funds it with, an `Organization`
with its OID and PIC, a result as the schema.org type its category names in
``result_categories.yaml`` (a `LearningResource`, a `Dataset`...), an `Event`, a
`NewsArticle`, or the `ItemList` of a list page.

An entry is the same thing in every language, so its ``@id`` is built on its
default-language address; its ``url`` is the page in the language being read. Only
types and properties of schema.org 12.0 are used (the test suite checks each against
the vocabulary), which is why a grant points to its project with ``fundedItem``
rather than the project to its grant with the newer ``funding``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..graph import PageNode, SiteGraph
from ..models import Event, News, Organisation, Project, Result
from ..views.builder import human_size, title_of
from ..views.contract import Link, PageView
from . import locations
from .timing import local

Node = dict[str, Any]

EUROPEAN_UNION: Node = {
    "@type": "Organization",
    "@id": "http://www.wikidata.org/entity/Q458",
    "name": "European Union",
    "url": "https://european-union.europa.eu/",
}
PAGE_TYPES = {
    "project": "ItemPage",
    "result": "ItemPage",
    "organisation": "ItemPage",
    "event": "ItemPage",
    "news": "ItemPage",
    "section": "CollectionPage",
    "taxonomy": "CollectionPage",
    "term": "CollectionPage",
    "search": "SearchResultsPage",
}
RESULT_STATUS = {"planned": "Planned", "draft": "Draft", "final": "Published"}
ATTENDANCE = {(True, False): "Offline", (False, True): "Online", (True, True): "Mixed"}
ENTITY_FRAGMENT = {
    "project": "project",
    "result": "result",
    "organisation": "organization",
    "event": "event",
    "news": "article",
}


def script(graph: SiteGraph, node: PageNode, page: PageView) -> str:
    """The page's ``<script type="application/ld+json">`` element."""
    data = {"@context": "https://schema.org", "@graph": Describer(graph, node.lang).page(node, page)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "<" only occurs inside JSON strings, where \u003c means the same: no "</script>" can end the element early.
    return f'<script type="application/ld+json">{text.replace("<", chr(92) + "u003c")}</script>'


def _compact(node: Node) -> Node:
    """Leave out properties without a value, so that no empty string or list is published."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


class Describer:
    """Builds the schema.org nodes of one language's pages."""

    def __init__(self, graph: SiteGraph, lang: str):
        self.graph = graph
        self.lang = lang
        self.vocab = graph.vocabularies
        self.config = graph.config
        self.home = locations.absolute(graph, "/")

    # -- identities -----------------------------------------------------------------------

    def entity_id(self, kind: str, id_: str) -> str:
        return locations.absolute(self.graph, self.graph.url(kind, id_)) + "#" + ENTITY_FRAGMENT[kind]

    def page_url(self, kind: str, id_: str) -> str:
        return locations.absolute(self.graph, self.graph.url(kind, id_, self.lang))

    def file_url(self, path: str) -> str:
        return locations.absolute(self.graph, "/" + path)

    def reference(self, kind: str, id_: str) -> Node:
        """A short node naming another entry; its own page describes it in full."""
        doc = self.graph.doc(kind, id_, self.lang)
        entry = doc.entry
        schema_type = (
            self.result_type(entry)
            if isinstance(entry, Result)
            else {"project": "Project", "organisation": "Organization", "event": "Event", "news": "NewsArticle"}[kind]
        )
        return {
            "@type": schema_type,
            "@id": self.entity_id(kind, id_),
            "name": title_of(doc),
            "url": self.page_url(kind, id_),
        }

    def result_type(self, result: Result) -> str:
        return self.vocab["result_categories"].get(result.category, {}).get("schema_type", "CreativeWork")

    def website(self) -> Node:
        return _compact(
            {
                "@type": "WebSite",
                "@id": self.home + "#website",
                "name": self.config.title,
                "description": self.config.description,
                "url": locations.absolute(self.graph, f"{self.graph.lang_prefix(self.lang)}/"),
                "inLanguage": self.graph.languages,
                "publisher": {"@id": self.home + "#publisher"},
            }
        )

    def publisher(self) -> Node:
        publisher = self.config.publisher
        return _compact(
            {
                "@type": "Organization",
                "@id": self.home + "#publisher",
                "name": publisher.name,
                "url": publisher.url,
                "email": publisher.email,
            }
        )

    # -- the page -------------------------------------------------------------------------

    def page(self, node: PageNode, page: PageView) -> list[Node]:
        nodes = [self.website(), self.publisher()]
        webpage = _compact(
            {
                "@type": PAGE_TYPES.get(node.kind, "WebPage"),
                "@id": page.canonical + "#webpage",
                "url": page.canonical,
                "name": page.title,
                "description": page.description,
                "inLanguage": node.lang,
                "isPartOf": {"@id": self.home + "#website"},
            }
        )
        nodes.append(webpage)
        if node.kind != "home":
            webpage["breadcrumb"] = {"@id": page.canonical + "#breadcrumb"}
            nodes.append(self.breadcrumbs(page.canonical, page.breadcrumbs))
        main = self.main_entity(node)
        if main:
            webpage["mainEntity"] = {"@id": main[0]["@id"]}
            nodes.extend(main)
        return nodes

    def breadcrumbs(self, canonical: str, links: list[Link]) -> Node:
        return {
            "@type": "BreadcrumbList",
            "@id": canonical + "#breadcrumb",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": link.label,
                    "item": locations.absolute(self.graph, link.url),
                }
                for position, link in enumerate(links, start=1)
            ],
        }

    def main_entity(self, node: PageNode) -> list[Node]:
        describe = MAIN_ENTITIES.get(node.kind)
        return describe(self, node) if describe else []

    # -- entries --------------------------------------------------------------------------

    def project(self, id_: str) -> list[Node]:
        doc = self.graph.doc(Project, id_, self.lang)
        project = doc.entry
        facts = self.graph.project(id_)
        entity = self.entity_id("project", id_)
        members = [
            {
                "@type": "OrganizationRole",
                "roleName": partner.role,
                "member": self.reference("organisation", partner.organisation),
            }
            for partner in project.partners
        ]
        node = _compact(
            {
                "@type": "Project",
                "@id": entity,
                "name": project.title,
                "alternateName": project.acronym,
                "url": self.page_url("project", id_),
                "description": project.summary,
                "identifier": _property("Erasmus+ project code", project.code),
                "sameAs": [url for url in (project.website, facts.platform_url) if url],
                "logo": self.file_url(project.logo.src) if project.logo else None,
                "foundingDate": project.start.isoformat() if project.start else None,
                "dissolutionDate": project.end.isoformat() if project.end else None,
                "funder": EUROPEAN_UNION,
                "member": members,
                "knowsAbout": [self.vocab.label("priorities", p) for p in project.priorities] + project.topics,
                "knowsLanguage": project.languages,
            }
        )
        return [node, self.grant(id_, project, entity)]

    def grant(self, id_: str, project: Project, project_entity: str) -> Node:
        """The EU grant: funded by the Union, awarded by the granting authority (a National Agency or EACEA)."""
        authority = self.graph.project(id_).granting_authority
        sponsor = (
            _compact(
                {
                    "@type": "Organization",
                    "name": _without_article(authority),
                    "identifier": _property("Erasmus+ agency code", project.agency) if project.agency else None,
                }
            )
            if authority
            else None
        )
        return _compact(
            {
                "@type": "MonetaryGrant",
                "@id": project_entity.replace("#project", "#grant"),
                "name": f"Erasmus+: {self.vocab.label('actions', project.action)}",
                "identifier": project.code,
                "fundedItem": {"@id": project_entity},
                "funder": EUROPEAN_UNION,
                "sponsor": sponsor,
                "amount": {"@type": "MonetaryAmount", "currency": "EUR", "value": project.eu_grant}
                if project.eu_grant is not None
                else None,
            }
        )

    def organisation(self, id_: str) -> list[Node]:
        doc = self.graph.doc(Organisation, id_, self.lang)
        organisation = doc.entry
        identifiers = [
            _property(name, value) for name, value in (("OID", organisation.oid), ("PIC", organisation.pic)) if value
        ]
        has_geo = organisation.latitude is not None and organisation.longitude is not None
        return [
            _compact(
                {
                    "@type": "Organization",
                    "@id": self.entity_id("organisation", id_),
                    "name": organisation.name,
                    "alternateName": organisation.name_en,
                    "identifier": identifiers,
                    "url": self.page_url("organisation", id_),
                    "sameAs": organisation.website,
                    "logo": self.file_url(organisation.logo.src) if organisation.logo else None,
                    "address": _compact(
                        {
                            "@type": "PostalAddress",
                            "addressLocality": organisation.city,
                            "addressRegion": organisation.region,
                            "addressCountry": organisation.country,
                        }
                    ),
                    # schema.org gives coordinates to places, not to organisations.
                    "location": {
                        "@type": "Place",
                        "geo": {
                            "@type": "GeoCoordinates",
                            "latitude": organisation.latitude,
                            "longitude": organisation.longitude,
                        },
                    }
                    if has_geo
                    else None,
                    "memberOf": [
                        self.reference("project", project_id) for project_id, _ in self.graph.projects_of(id_)
                    ],
                }
            )
        ]

    def result(self, id_: str) -> list[Node]:
        doc = self.graph.doc(Result, id_, self.lang)
        result = doc.entry
        licence = self.vocab["licences"].get(result.licence, {})
        project = self.reference("project", result.project)
        authors = [
            _compact(
                {
                    "@type": "Person",
                    "name": author.name,
                    "sameAs": f"https://orcid.org/{author.orcid}" if author.orcid else None,
                    "affiliation": self.reference("organisation", author.organisation) if author.organisation else None,
                }
            )
            for author in result.authors
        ]
        return [
            _compact(
                {
                    "@type": self.result_type(result),
                    "@id": self.entity_id("result", id_),
                    "name": result.title,
                    "description": result.summary,
                    "url": self.page_url("result", id_),
                    "inLanguage": result.languages,
                    "license": licence.get("url"),
                    "datePublished": result.published.isoformat() if result.published else None,
                    "creativeWorkStatus": RESULT_STATUS[result.status],
                    "identifier": _property("DOI", result.doi) if result.doi else None,
                    "sameAs": f"https://doi.org/{result.doi}" if result.doi else None,
                    "author": authors or [project],
                    "producer": project,
                    "funder": EUROPEAN_UNION,
                    "publisher": {"@id": self.home + "#publisher"},
                    "learningResourceType": self.vocab.label("result_categories", result.category),
                    "educationalLevel": [
                        {
                            "@type": "DefinedTerm",
                            "termCode": level,
                            "name": self.vocab.label("educational_levels", level),
                        }
                        for level in result.educational_levels
                    ],
                    "audience": [{"@type": "Audience", "audienceType": audience} for audience in result.audience],
                    "accessibilityFeature": result.accessibility,
                    "keywords": result.keywords,
                    "isAccessibleForFree": True,
                    "image": self.file_url(result.image.src) if result.image else None,
                    "associatedMedia": [self.media(file) for file in result.files],
                }
            )
        ]

    def media(self, file: Any) -> Node:
        size = self.graph.static_size(file.path) if file.path else None
        return _compact(
            {
                "@type": "MediaObject",
                "name": file.title,
                "contentUrl": self.file_url(file.path) if file.path else file.url,
                "encodingFormat": file.format or (file.path or file.url).rsplit(".", 1)[-1].upper(),
                "inLanguage": file.language,
                "contentSize": human_size(size) if size is not None else None,
            }
        )

    def event(self, id_: str) -> list[Node]:
        doc = self.graph.doc(Event, id_, self.lang)
        event = doc.entry
        places = []
        if event.place:
            places.append(
                _compact(
                    {
                        "@type": "Place",
                        "name": event.place.name,
                        "address": _compact(
                            {
                                "@type": "PostalAddress",
                                "addressLocality": event.place.city,
                                "addressCountry": event.place.country,
                            }
                        ),
                    }
                )
            )
        if event.online:
            places.append({"@type": "VirtualLocation", "url": event.online})
        mode = ATTENDANCE.get((bool(event.place), bool(event.online)))
        organizer = (
            self.reference("organisation", event.host) if event.host else self.reference("project", event.project)
        )
        return [
            _compact(
                {
                    "@type": "Event",
                    "@id": self.entity_id("event", id_),
                    "name": event.title,
                    "description": event.summary,
                    "url": self.page_url("event", id_),
                    "startDate": local(self.graph, event, event.start).isoformat(),
                    "endDate": local(self.graph, event, event.end).isoformat() if event.end else None,
                    "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode" if mode else None,
                    "location": places,
                    "organizer": organizer,
                    "inLanguage": event.languages,
                    "image": [self.file_url(image.src) for image in event.images],
                    "about": [self.reference("result", result_id) for result_id in event.results],
                    "funder": EUROPEAN_UNION,
                }
            )
        ]

    def news(self, id_: str) -> list[Node]:
        doc = self.graph.doc(News, id_, self.lang)
        item = doc.entry
        publisher = {"@id": self.home + "#publisher"}
        return [
            _compact(
                {
                    "@type": "NewsArticle",
                    "@id": self.entity_id("news", id_),
                    "headline": item.title,
                    "name": item.title,
                    "description": item.summary,
                    "url": self.page_url("news", id_),
                    "datePublished": item.date.isoformat(),
                    "inLanguage": doc.lang,
                    "image": self.file_url(item.image.src) if item.image else None,
                    "author": publisher,
                    "publisher": publisher,
                    "about": self.reference("project", item.project) if item.project else None,
                    "mentions": [self.reference("result", result_id) for result_id in item.results],
                }
            )
        ]

    # -- lists ----------------------------------------------------------------------------

    def item_list(self, node: PageNode) -> list[Node]:
        """The entries on this page of a list, numbered across the list's pages."""
        first = (node.page_number - 1) * self.config.page_size
        return [
            self._list(
                node,
                [
                    (first + position, self.page_url(kind, id_), title_of(self.graph.doc(kind, id_, self.lang)))
                    for position, (kind, id_) in enumerate(node.items, start=1)
                ],
            )
        ]

    def term_list(self, node: PageNode) -> list[Node]:
        """A taxonomy's page lists its terms (countries, fields...), not entries."""
        terms = self.graph.taxonomy(node.key)
        return [
            self._list(
                node,
                [
                    (position, locations.absolute(self.graph, self.graph.term_url(term, self.lang)), term.label)
                    for position, term in enumerate(terms, start=1)
                ],
            )
        ]

    def _list(self, node: PageNode, items: list[tuple[int, str, str]]) -> Node:
        return {
            "@type": "ItemList",
            "@id": locations.absolute(self.graph, node.url) + "#items",
            "numberOfItems": len(items),
            "itemListElement": [
                {"@type": "ListItem", "position": position, "url": url, "name": name} for position, url, name in items
            ],
        }

    def home_page(self, node: PageNode) -> list[Node]:
        project_id = self.graph.site_project()
        return self.project(project_id) if project_id else []


def _entry(method: Callable[[Describer, str], list[Node]]) -> Callable[[Describer, PageNode], list[Node]]:
    return lambda describer, node: method(describer, node.key)


MAIN_ENTITIES: dict[str, Callable[[Describer, PageNode], list[Node]]] = {
    "project": _entry(Describer.project),
    "result": _entry(Describer.result),
    "organisation": _entry(Describer.organisation),
    "event": _entry(Describer.event),
    "news": _entry(Describer.news),
    "section": Describer.item_list,
    "taxonomy": Describer.term_list,
    "term": Describer.item_list,
    "home": Describer.home_page,
}
"""Page kind -> the nodes of what the page is about, its main entity first."""


def _property(name: str, value: str) -> Node:
    return {"@type": "PropertyValue", "propertyID": name, "value": value}


def _without_article(authority: str) -> str:
    """'the National Agency ...' as the disclaimer writes it -> 'National Agency ...' as a name."""
    return authority[4:] if authority.lower().startswith("the ") else authority
