"""The site graph: every page with its URL, the links between entries, the taxonomies.

Built from validated `Content` without any I/O of its own (placing organisations on the maps
reads the package's map data and gazetteer through `maps.geography`, once per process). What
a page shows that is computed from other entries (a project's status and countries, a
result's readiness, an organisation's projects and place, a country's organisations, the
statistics of the whole site) is computed here once, so templates and outputs (feeds,
exports, search) all see the same facts.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, overload

from .content import AnyEntry, Content, Document, typed
from .maps.geography import Location, Place, basemap, gazetteer, locate, place_of
from .models import (
    KIND_OF_MODEL,
    KIND_SECTION,
    Defaults,
    Entry,
    Event,
    News,
    Organisation,
    Page,
    Project,
    Result,
    SiteConfig,
    moment,
)
from .vocabularies import Vocabularies

LEGACY_PERIOD = "2014-2020"
PLATFORM_CARD = "https://erasmus-plus.ec.europa.eu/projects/search/details/{code}"

TAXONOMIES: dict[str, str] = {
    "countries": "countries",
    "fields": "fields",
    "actions": "actions",
    "years": "",
    "priorities": "priorities",
    "categories": "result_categories",
    "licences": "licences",
    "languages": "languages",
}
"""Each taxonomy's URL segment and the vocabulary its terms come from (years have none)."""

READINESS_CRITERIA = (
    ("open_licence", "an open licence"),
    ("editable_source", "an editable source file"),
    ("languages", "two or more languages"),
    ("guide", "an adaptation guide"),
    ("tested", "tested in two or more countries"),
    ("evidence", "evidence of use"),
    ("contact", "a contact for reuse"),
)


STATISTICS: dict[str, str] = {
    "projects_by_year": "years",
    "projects_by_country": "countries",
    "projects_by_field": "fields",
    "projects_by_action": "actions",
    "projects_by_status": "status",
    "grant_by_country": "countries",
    "grant_by_year": "years",
    "results_by_category": "categories",
    "results_by_licence": "licences",
    "results_by_language": "languages",
    "results_by_readiness": "readiness",
    "organisations_by_country": "countries",
}
"""Each table of figures the statistics page shows, and what its rows are: a taxonomy's terms,
a project's status or a result's readiness score. ``grant_*`` tables sum euros, the others count."""

Figures = tuple[tuple[str, float], ...]
"""(code, figure) rows of one statistics table, in the order a reader expects."""


@dataclass(frozen=True)
class Readiness:
    """How ready a result is for others to reuse: which criteria it meets."""

    met: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def score(self) -> int:
        return len(self.met)

    @property
    def total(self) -> int:
        return len(self.met) + len(self.missing)


@dataclass
class ProjectFacts:
    """What is derived about a project from its own fields and from the other entries."""

    status: str
    education_field: str
    """The field of education's code: the project's own, else its action's."""
    period: str
    funding_statement: str
    granting_authority: str
    """The authority's name when the project or the site's defaults give it; empty otherwise."""
    agency: str
    """The managing agency's code (``EACEA`` for EACEA-managed actions); empty when unknown."""
    platform_url: str
    countries: list[str]
    coordinator: str
    results: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    news: list[str] = field(default_factory=list)
    people_reached: int = 0
    events_held: int = 0


@dataclass(eq=False)
class Term:
    """One term of a taxonomy (a country, a field, a licence...) and what it groups.

    Compared by identity: a graph holds one Term per (taxonomy, code)."""

    taxonomy: str
    code: str
    label: str
    slug: str
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """kind -> ids of the entries filed under this term."""

    @property
    def count(self) -> int:
        return sum(len(ids) for ids in self.members.values())


@dataclass
class PageNode:
    """One page of the site in one language."""

    url: str
    """Site-relative URL, starting and ending with '/' (``/fr/results/toolkit/``), or a file."""
    lang: str
    kind: str
    """project, result, organisation, event, news, page, section, taxonomy, term, home, search,
    accessibility, statistics or not_found: also the name of the template that renders it."""
    key: str = ""
    """The entry id, the section or taxonomy name, or 'taxonomy/code' for a term."""
    page_number: int = 1
    page_count: int = 1
    items: list[tuple[str, str]] = field(default_factory=list)
    """(kind, id) of the entries a list page shows on this page of the list."""

    @property
    def output_path(self) -> str:
        return self.url.lstrip("/") + "index.html" if self.url.endswith("/") else self.url.lstrip("/")

    @cached_property
    def fingerprint(self) -> str:
        """Changes when the page itself changes (another URL, other entries on a list page); what it
        shows of the entries is in the facts it reads."""
        return hashlib.blake2b(
            repr((self.url, self.lang, self.kind, self.key, self.page_number, self.page_count, self.items)).encode(),
            digest_size=16,
        ).hexdigest()


Fact = tuple[str, ...]
"""Names one fact of the graph that a page can show: ``("doc", kind, id)``, ``("project", id)``,
``("term", taxonomy, code)``... `SiteGraph.fact` says what each one is."""


class SiteGraph:
    """Every page of the site and the facts the pages show, read through its methods.

    A recording copy (`recording`) notes the `Fact` behind every method called on it: the
    build keeps, for each page, the facts it read, and renders a page again only when one of
    them changed (`fact` gives what to compare). That is why the graph's dictionaries are
    private. The configuration, the vocabularies and the languages are read freely: a change
    to them rebuilds every page anyway.
    """

    def __init__(
        self,
        content: Content,
        today: date,
        pages: list[PageNode],
        urls: dict[tuple[str, str], dict[str, str]],
        projects: dict[str, ProjectFacts],
        readiness: dict[str, Readiness],
        organisation_projects: dict[str, list[tuple[str, str]]],
        terms: dict[str, dict[str, Term]],
        entry_terms: dict[tuple[str, str], list[Term]],
        result_events: dict[str, list[str]],
        locations: dict[str, Location],
        statistics: dict[str, Figures],
    ):
        self._content = content
        self._today = today
        self._pages = pages
        self._urls = urls
        """(kind, id) -> language -> URL of that entry's page."""
        self._projects = projects
        self._readiness = readiness
        self._organisation_projects = organisation_projects
        """organisation id -> (project id, role), the projects it takes part in."""
        self._terms = terms
        """taxonomy -> code -> term; only terms with at least one member."""
        self._entry_terms = entry_terms
        """(kind, id) -> the terms it is filed under."""
        self._result_events = result_events
        """result id -> the events where it was presented."""
        self._locations = locations
        """organisation id -> where it is; organisations of a country without a known centre have none."""
        self._statistics = statistics
        """name (`STATISTICS`) -> its figures."""
        self.reads: set[Fact] | None = None
        """The facts read through this graph, when it is a recording copy."""

    def recording(self) -> SiteGraph:
        """A copy that notes in `reads` every fact read through it; the graph itself is shared."""
        copy = object.__new__(SiteGraph)
        copy.__dict__.update(self.__dict__)
        copy.reads = set()
        return copy

    def _read(self, fact: Fact) -> None:
        if self.reads is not None:
            self.reads.add(fact)

    # -- what every page depends on (not recorded) ------------------------------------------

    @property
    def config(self) -> SiteConfig:
        return self._content.config

    @property
    def vocabularies(self) -> Vocabularies:
        return self._content.vocabularies

    @property
    def languages(self) -> list[str]:
        return self._content.config.languages

    @property
    def default_language(self) -> str:
        return self._content.config.languages[0]

    def lang_prefix(self, lang: str) -> str:
        return "" if lang == self.default_language else f"/{lang}"

    def term_url(self, term: Term, lang: str) -> str:
        return f"{self.lang_prefix(lang)}/{term.taxonomy}/{term.slug}/"

    # -- recorded facts ---------------------------------------------------------------------

    @property
    def today(self) -> date:
        self._read(("today",))
        return self._today

    @property
    def pages(self) -> list[PageNode]:
        self._read(("pages",))
        return self._pages

    @overload
    def doc(self, kind: type[AnyEntry], id_: str, lang: str | None = None) -> Document[AnyEntry]: ...
    @overload
    def doc(self, kind: str, id_: str, lang: str | None = None) -> Document[Entry]: ...

    def doc(self, kind: type[Entry] | str, id_: str, lang: str | None = None) -> Document[Entry]:
        """The entry in `lang`, or in the default language when it is not translated; its body
        is read with `body`. Asked by model (`Project`), the document is typed as one."""
        name = kind if isinstance(kind, str) else KIND_OF_MODEL[kind]
        self._read(("doc", name, id_))
        langs = self._content.documents[name][id_]
        doc = langs.get(lang or self.default_language) or langs[self.default_language]
        return doc if isinstance(kind, str) else typed(doc, kind)

    def body(self, doc: Document[Entry]) -> str:
        """A document's Markdown body: only its own page shows it, so it is a fact of its own."""
        self._read(("body", doc.kind, doc.id))
        return doc.body

    def url(self, kind: str, id_: str, lang: str | None = None) -> str:
        """The entry's page in `lang`, or in the default language when not translated."""
        self._read(("doc", kind, id_))
        urls = self._urls[(kind, id_)]
        return urls.get(lang or self.default_language) or urls[self.default_language]

    def translations(self, kind: str, id_: str) -> dict[str, str]:
        """Language -> URL of the entry's page, for the languages it is written in."""
        self._read(("doc", kind, id_))
        return dict(self._urls[(kind, id_)])

    def ids(self, kind: str) -> list[str]:
        """The ids of every entry of a kind (without reading the entries)."""
        self._read(("ids", kind))
        return list(self._content.documents[kind])

    def entries(self, model: type[AnyEntry]) -> dict[str, Document[AnyEntry]]:
        """The default-language document of every entry of a kind."""
        self._read(("entries", KIND_OF_MODEL[model]))
        return self._content.entries(model)

    def project(self, id_: str) -> ProjectFacts:
        self._read(("project", id_))
        return self._projects[id_]

    def readiness(self, result_id: str) -> Readiness:
        self._read(("readiness", result_id))
        return self._readiness[result_id]

    def projects_of(self, organisation_id: str) -> list[tuple[str, str]]:
        """(project id, role) of the projects an organisation takes part in."""
        self._read(("projects_of", organisation_id))
        return self._organisation_projects.get(organisation_id, [])

    def events_of(self, result_id: str) -> list[str]:
        """The events where a result was presented, the earliest first."""
        self._read(("events_of", result_id))
        return self._result_events.get(result_id, [])

    def terms_of(self, kind: str, id_: str) -> list[Term]:
        """The terms an entry is filed under."""
        self._read(("terms_of", kind, id_))
        return self._entry_terms.get((kind, id_), [])

    def term(self, taxonomy: str, code: str) -> Term | None:
        """A term to name or link to (its label and URL); None when no entry is filed under it.

        Its members and count belong to `taxonomy`: a page that only links to a term does not
        change when another entry joins it."""
        self._read(("term", taxonomy, code))
        return self._terms[taxonomy].get(code)

    def taxonomy(self, taxonomy: str) -> list[Term]:
        """The terms of a taxonomy with their members, in the vocabulary's order."""
        self._read(("taxonomy", taxonomy))
        return list(self._terms[taxonomy].values())

    def upcoming(self, event_id: str) -> bool:
        """The event has not started yet (on the build's date)."""
        self._read(("upcoming", event_id))
        return (
            event_start(typed(self._content.documents["event"][event_id][self.default_language], Event).entry).date()
            > self._today
        )

    def menu(self, lang: str) -> list[tuple[str, str]]:
        """(title, URL) in `lang` of the plain pages in the main menu, in menu order.

        One fact for the whole menu, not a read of each page: every page shows the menu, and
        must not be rendered again when a menu page's text changes, only when its title does."""
        self._read(("menu",))
        documents = self._content.documents["page"]
        pages = self._content.entries(Page)
        order = sorted((doc.entry.menu, id_) for id_, doc in pages.items() if doc.entry.menu is not None)
        menu = []
        for _, id_ in order:
            langs, urls = documents[id_], self._urls[("page", id_)]
            doc = typed(langs.get(lang) or langs[self.default_language], Page)
            menu.append((doc.entry.title, urls.get(lang) or urls[self.default_language]))
        return menu

    def location(self, organisation_id: str) -> Location | None:
        """Where an organisation is (its place and its position on each map layer)."""
        self._read(("location", organisation_id))
        return self._locations.get(organisation_id)

    def organisations_in(self, country: str) -> list[str]:
        """The organisations of a country, by name."""
        self._read(("organisations_in", country))
        term = self._terms["countries"].get(country)
        return list(term.members.get("organisation", [])) if term else []

    def statistics(self) -> dict[str, Figures]:
        """Every table of figures (`STATISTICS`), counted once per build."""
        self._read(("statistics",))
        return self._statistics

    def static_size(self, path: str) -> int | None:
        """The size in bytes of a file in the site's static/ folder; None when there is none."""
        self._read(("static", path))
        return self._content.static.get(path)

    # -- what a fact is, to compare it with the previous build's ------------------------------

    def fact(self, fact: Fact) -> object:
        """The value a fact names, as a plain comparable value (None when it no longer exists)."""
        name, *args = fact
        content = self._content
        if name in ("doc", "body"):
            langs = content.documents.get(args[0], {}).get(args[1])
            if not langs:
                return None
            if name == "body":
                return tuple(
                    (lang, hashlib.blake2b(doc.body.encode(), digest_size=16).digest())
                    for lang, doc in sorted(langs.items())
                )
            return tuple((lang, doc.path, doc.front_digest) for lang, doc in sorted(langs.items()))
        if name == "ids":
            return tuple(content.documents[args[0]])
        if name == "entries":
            return tuple(
                (id_, lang, doc.front_digest)
                for id_, langs in content.documents[args[0]].items()
                for lang, doc in langs.items()
            )
        if name == "term":
            term = self._terms[args[0]].get(args[1])
            return (term.label, term.slug) if term else None
        if name == "taxonomy":
            return tuple((t.code, t.label, t.slug, t.count) for t in self._terms[args[0]].values())
        if name == "terms_of":
            return tuple((t.taxonomy, t.code) for t in self._entry_terms.get((args[0], args[1]), []))
        if name == "upcoming":
            exists = args[0] in content.documents["event"]
            return self.upcoming(args[0]) if exists else None
        if name == "menu":
            return tuple(tuple(self.menu(lang)) for lang in self.languages)
        if name == "pages":
            return tuple((n.url, n.kind, n.key) for n in self._pages)
        if name == "statistics":
            return tuple(self._statistics.items())
        if name == "organisations_in":
            return tuple(self.organisations_in(args[0]))
        table: dict[str, Any] = {
            "project": self._projects,
            "readiness": self._readiness,
            "projects_of": self._organisation_projects,
            "events_of": self._result_events,
            "location": self._locations,
            "static": content.static,
            "today": {"": self._today},
        }
        return table[name].get(args[0] if args else "")


def project_status(project: Project, today: date) -> str:
    if project.status:
        return project.status
    if project.start and project.start > today:
        return "planned"
    if project.end and project.end < today:
        return "finalised"
    return "ongoing"


def _agency(project: Project, defaults: Defaults, action: dict) -> str:
    if action.get("managed_by") == "EACEA":
        return "EACEA"
    return project.agency or defaults.agency or ""


def _granting_authority(project: Project, defaults: Defaults, action: dict) -> str:
    """The named authority for the disclaimer.

    The site-wide default names one agency: it must not be lent to a project that another
    agency or EACEA manages (the theme then names the authority by its code).
    """
    if project.granting_authority:
        return project.granting_authority
    agency = _agency(project, defaults, action)
    if defaults.granting_authority and agency in ("", defaults.agency or agency) and agency != "EACEA":
        return defaults.granting_authority
    return ""


def readiness(result: Result, licences: dict[str, dict]) -> Readiness:
    t = result.transferability
    checks = {
        "open_licence": bool(licences.get(result.licence, {}).get("open")),
        "editable_source": any(f.editable for f in result.files),
        "languages": len(result.languages) >= 2,
        "guide": bool(t.guide or t.guide_file),
        "tested": len(set(t.tested_countries)) >= 2,
        "evidence": bool(t.evidence),
        "contact": bool(t.contact),
    }
    return Readiness(
        tuple(k for k, _ in READINESS_CRITERIA if checks[k]), tuple(k for k, _ in READINESS_CRITERIA if not checks[k])
    )


def event_start(event: Event) -> datetime:
    return moment(event.start)


def _paginate(items: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def build_graph(content: Content, today: date) -> SiteGraph:
    """Lay out every page of the site and link the entries to each other."""
    config, vocab = content.config, content.vocabularies
    languages = config.languages
    default = languages[0]
    projects = {i: d.entry for i, d in content.entries(Project).items()}
    results = {i: d.entry for i, d in content.entries(Result).items()}
    organisations = {i: d.entry for i, d in content.entries(Organisation).items()}
    events = {i: d.entry for i, d in content.entries(Event).items()}
    news = {i: d.entry for i, d in content.entries(News).items()}

    def prefix(lang: str) -> str:
        return "" if lang == default else f"/{lang}"

    urls: dict[tuple[str, str], dict[str, str]] = {}
    for kind, by_id in content.documents.items():
        for id_, langs in by_id.items():
            base = f"/{KIND_SECTION[kind]}" if kind in KIND_SECTION else ""
            urls[(kind, id_)] = {lang: f"{prefix(lang)}{base}/{doc.slug}/" for lang, doc in langs.items()}

    facts: dict[str, ProjectFacts] = {}
    organisation_projects: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for id_, project in projects.items():
        action = vocab["actions"].get(project.action, {})
        period = action.get("period") or ("2014-2020" if project.call_year < 2021 else "2021-2027")
        countries = []
        for partner in project.partners:
            organisation_projects[partner.organisation].append((id_, partner.role))
            country = organisations[partner.organisation].country
            if country not in countries:
                countries.append(country)
        facts[id_] = ProjectFacts(
            status=project_status(project, today),
            education_field=project.field or action.get("field", "MIX"),
            period=period,
            funding_statement=project.funding_statement or config.defaults.funding_statement,
            granting_authority=_granting_authority(project, config.defaults, action),
            agency=_agency(project, config.defaults, action),
            platform_url=project.platform_url or PLATFORM_CARD.format(code=project.code),
            countries=countries,
            coordinator=next(p.organisation for p in project.partners if p.role == "coordinator"),
        )
    for id_, result in sorted(results.items(), key=lambda kv: (kv[1].published or date.min, kv[0]), reverse=True):
        facts[result.project].results.append(id_)
    result_events: dict[str, list[str]] = defaultdict(list)
    for id_, event in sorted(events.items(), key=lambda kv: (event_start(kv[1]), kv[0])):
        for result_id in event.results:
            result_events[result_id].append(id_)
        project_facts = facts[event.project]
        project_facts.events.append(id_)
        if event_start(event).date() <= today:
            project_facts.events_held += 1
            project_facts.people_reached += event.participants.total if event.participants else 0
    for id_, item in sorted(news.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True):
        if item.project:
            facts[item.project].news.append(id_)

    result_readiness = {id_: readiness(result, vocab["licences"]) for id_, result in results.items()}
    terms, entry_terms = _taxonomies(content, facts, projects, results, organisations)

    pages: list[PageNode] = []
    for (kind, id_), by_lang in urls.items():
        pages.extend(PageNode(url, lang, kind, id_) for lang, url in by_lang.items())
    section_items = _section_items(projects, results, organisations, events, news)
    for lang in languages:
        p = prefix(lang)
        pages.append(PageNode(f"{p}/", lang, "home"))
        pages.append(PageNode(f"{p}/search/", lang, "search"))
        pages.append(PageNode(f"{p}/accessibility/", lang, "accessibility"))
        pages.append(PageNode(f"{p}/statistics/", lang, "statistics"))
        for section, items in section_items.items():
            pages.extend(_list_pages(f"{p}/{section}/", lang, "section", section, items, config.page_size))
        for taxonomy, by_code in terms.items():
            pages.append(PageNode(f"{p}/{taxonomy}/", lang, "taxonomy", taxonomy))
            for term in by_code.values():
                items = [
                    (kind, i)
                    for kind in ("project", "result", "organisation", "event")
                    for i in term.members.get(kind, [])
                ]
                pages.extend(
                    _list_pages(
                        f"{p}/{taxonomy}/{term.slug}/", lang, "term", f"{taxonomy}/{term.code}", items, config.page_size
                    )
                )
    pages.append(PageNode("/404.html", default, "not_found"))
    return SiteGraph(
        content,
        today,
        pages,
        urls,
        facts,
        result_readiness,
        dict(organisation_projects),
        terms,
        entry_terms,
        dict(result_events),
        _locations(organisations),
        _statistics(projects, results, organisations, facts, result_readiness),
    )


def _locations(organisations: dict[str, Organisation]) -> dict[str, Location]:
    """Where each organisation is; the gazetteer is loaded only if one is placed by its city."""
    base = basemap()
    places: dict[str, Place] = {}
    for id_, organisation in organisations.items():
        place = place_of(
            organisation.latitude,
            organisation.longitude,
            organisation.city,
            organisation.country,
            lambda country, city: gazetteer().find(country, city),
            base.centres,
        )
        if place is not None:
            places[id_] = place
    return locate(places, base)


def _statistics(
    projects: dict[str, Project],
    results: dict[str, Result],
    organisations: dict[str, Organisation],
    facts: dict[str, ProjectFacts],
    result_readiness: dict[str, Readiness],
) -> dict[str, Figures]:
    """The statistics page's figures. A project counts once in each country it has a partner
    in; its grant counts in its coordinator's country (the grant is awarded to the coordinator).
    A result counts once in each of its languages."""
    tables: dict[str, defaultdict[str, float]] = {name: defaultdict(float) for name in STATISTICS}
    for id_, project in projects.items():
        project_facts = facts[id_]
        year = str(project.call_year)
        tables["projects_by_year"][year] += 1
        for country in project_facts.countries:
            tables["projects_by_country"][country] += 1
        tables["projects_by_field"][project_facts.education_field] += 1
        tables["projects_by_action"][project.action] += 1
        tables["projects_by_status"][project_facts.status] += 1
        if project.eu_grant is not None:
            tables["grant_by_country"][organisations[project_facts.coordinator].country] += project.eu_grant
            tables["grant_by_year"][year] += project.eu_grant
    for id_, result in results.items():
        tables["results_by_category"][result.category] += 1
        tables["results_by_licence"][result.licence] += 1
        for language in dict.fromkeys(result.languages):
            tables["results_by_language"][language] += 1
        tables["results_by_readiness"][str(result_readiness[id_].score)] += 1
    for organisation in organisations.values():
        tables["organisations_by_country"][organisation.country] += 1

    statuses = ("planned", "ongoing", "finalised")
    figures: dict[str, Figures] = {}
    for name, table in tables.items():
        rounded = {code: round(value, 2) for code, value in table.items()}
        if STATISTICS[name] in ("years", "readiness"):
            order = sorted(rounded, key=int)
        elif name == "projects_by_status":
            order = [status for status in statuses if status in rounded]
        else:
            order = sorted(rounded, key=lambda code: (-rounded[code], code))
        figures[name] = tuple((code, rounded[code]) for code in order)
    return figures


def _list_pages(
    url: str, lang: str, kind: str, key: str, items: list[tuple[str, str]], size: int
) -> Iterable[PageNode]:
    chunks = _paginate(items, size)
    for number, chunk in enumerate(chunks, start=1):
        page_url = url if number == 1 else f"{url}page/{number}/"
        yield PageNode(page_url, lang, kind, key, number, len(chunks), chunk)


def _section_items(
    projects: dict[str, Project],
    results: dict[str, Result],
    organisations: dict[str, Organisation],
    events: dict[str, Event],
    news: dict[str, News],
) -> dict[str, list[tuple[str, str]]]:
    """The entries each section lists, in the order a visitor expects."""
    return {
        "projects": [
            ("project", i) for i in sorted(projects, key=lambda i: (-projects[i].call_year, projects[i].title))
        ],
        "results": [("result", i) for i in sorted(results, key=lambda i: results[i].title.lower())],
        "organisations": [
            ("organisation", i) for i in sorted(organisations, key=lambda i: organisations[i].name.lower())
        ],
        "events": [("event", i) for i in sorted(events, key=lambda i: event_start(events[i]), reverse=True)],
        "news": [("news", i) for i in sorted(news, key=lambda i: (news[i].date, i), reverse=True)],
    }


def term_slug(code: str) -> str:
    return code.lower()


def _taxonomies(
    content: Content,
    facts: dict[str, ProjectFacts],
    projects: dict[str, Project],
    results: dict[str, Result],
    organisations: dict[str, Organisation],
) -> tuple[dict[str, dict[str, Term]], dict[tuple[str, str], list[Term]]]:
    vocab = content.vocabularies
    terms: dict[str, dict[str, Term]] = {taxonomy: {} for taxonomy in TAXONOMIES}
    entry_terms: dict[tuple[str, str], list[Term]] = defaultdict(list)

    def file(taxonomy: str, code: str | int, kind: str, id_: str) -> None:
        code = str(code)
        by_code = terms[taxonomy]
        term = by_code.get(code)
        if term is None:
            vocabulary = TAXONOMIES[taxonomy]
            label = vocab.label(vocabulary, code) if vocabulary else code
            term = by_code[code] = Term(taxonomy, code, label, term_slug(code))
        filed = entry_terms[(kind, id_)]
        # An entry may name a term twice (a language of the project and of the result); checking
        # the entry's few terms, not the term's thousands of members, keeps this linear.
        if term not in filed:
            term.members[kind].append(id_)
            filed.append(term)

    for id_ in sorted(projects, key=lambda i: projects[i].title.lower()):
        project, project_facts = projects[id_], facts[id_]
        for country in project_facts.countries:
            file("countries", country, "project", id_)
        file("fields", project_facts.education_field, "project", id_)
        file("actions", project.action, "project", id_)
        file("years", project.call_year, "project", id_)
        for priority in project.priorities:
            file("priorities", priority, "project", id_)
        for language in project.languages:
            file("languages", language, "project", id_)
    for id_ in sorted(results, key=lambda i: results[i].title.lower()):
        result = results[id_]
        project_facts = facts[result.project]
        file("categories", result.category, "result", id_)
        file("licences", result.licence, "result", id_)
        file("fields", project_facts.education_field, "result", id_)
        for language in result.languages:
            file("languages", language, "result", id_)
        for priority in projects[result.project].priorities:
            file("priorities", priority, "result", id_)
        for country in result.transferability.tested_countries:
            file("countries", country, "result", id_)
    for id_ in sorted(organisations, key=lambda i: organisations[i].name.lower()):
        file("countries", organisations[id_].country, "organisation", id_)

    ordered = {}
    for taxonomy, by_code in terms.items():
        vocabulary = TAXONOMIES[taxonomy]
        order = list(vocab[vocabulary]) if vocabulary else sorted(by_code, reverse=True)
        position = {code: index for index, code in enumerate(order)}
        ordered[taxonomy] = dict(sorted(by_code.items(), key=lambda kv: position.get(kv[0], len(position))))
    return ordered, dict(entry_terms)
