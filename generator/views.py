"""View models: what templates see of the site graph.

Templates never touch content models or the graph: each page gets a `PageView` whose
fields are ready to print (labels instead of codes, URLs, formatted dates and amounts,
rendered Markdown). A theme can rely on these names; docs/themes.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, Callable

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

from .content import Document
from .graph import KIND_SECTION, READINESS_CRITERIA, TAXONOMIES, PageNode, SiteGraph, event_start
from .models import Event, Image, News, Organisation, Page, Project, Result

MarkdownFn = Callable[[Document | None, str], str]
"""Renders Markdown for a document (cached by the caller); the document may be None."""


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


@dataclass
class Picture:
    src: str
    alt: str


@dataclass
class Card:
    """An entry as a list shows it."""

    kind: str
    title: str
    url: str
    summary: str = ""
    facts: list[str] = field(default_factory=list)
    date: str = ""
    readiness: int | None = None
    draft: bool = False


@dataclass
class Funding:
    """Which EU funding statement and disclaimer a page carries."""

    kind: str
    """co-funded, funded, legacy (2014-2020 wording) or general (a catalogue page)."""
    authority: str = ""


@dataclass
class Partner:
    organisation: Link
    country: Link
    role: str
    type: str


@dataclass
class ProjectView:
    id: str
    title: str
    acronym: str
    code: str
    url: str
    action: Link
    field: Link
    year: Link
    agency: str
    eu_grant: str
    start: str
    end: str
    duration_months: int | None
    status: str
    period: str
    partners: list[Partner]
    countries: list[Link]
    priorities: list[Link]
    topics: list[str]
    target_groups: list[str]
    languages: list[Link]
    summary: str
    website: str
    platform_url: str
    platform_flags: list[str]
    logo: Picture | None
    results: list[Card]
    upcoming_events: list[Card]
    past_events: list[Card]
    news: list[Card]
    events_held: int
    people_reached: int
    body: str


@dataclass
class LicenceView:
    code: str
    label: str
    url: str
    plain: str
    open: bool
    adapt: bool
    commercial: bool
    share_alike: bool
    attribution: bool


@dataclass
class FileView:
    title: str
    url: str
    format: str
    size: str
    language: str
    editable: bool


@dataclass
class EvidenceView:
    kind: str
    description: str
    count: int | None
    unit: str
    date: str
    country: str


@dataclass
class ReadinessView:
    score: int
    total: int
    checklist: list[tuple[str, bool]]
    """(criterion key, met?) in a fixed order; the theme translates the keys."""


@dataclass
class ResultView:
    id: str
    title: str
    url: str
    project: Link
    category: Link
    kind: str
    status: str
    published: str
    languages: list[Link]
    summary: str
    files: list[FileView]
    doi: str
    licence: LicenceView
    authors: list[str]
    audience: list[str]
    educational_levels: list[str]
    accessibility: list[str]
    keywords: list[str]
    image: Picture | None
    readiness: ReadinessView
    reuse: str
    tested_countries: list[Link]
    tested_fields: list[str]
    contexts: list[str]
    prerequisites: list[str]
    effort: str
    guide: str
    guide_file: str
    evidence: list[EvidenceView]
    sustainability: str
    contact: dict[str, str]
    events: list[Card]
    body: str


@dataclass
class OrganisationView:
    id: str
    name: str
    name_en: str
    url: str
    type: str
    country: Link
    region: str
    city: str
    oid: str
    pic: str
    website: str
    logo: Picture | None
    projects: list[tuple[Card, str]]
    """(project, role in it)."""
    body: str


@dataclass
class EventView:
    id: str
    title: str
    url: str
    type: str
    project: Link
    start: str
    end: str
    upcoming: bool
    place: str
    country: Link | None
    online: str
    host: Link | None
    languages: list[str]
    participants: dict[str, int]
    results: list[Card]
    images: list[Picture]
    summary: str
    body: str


@dataclass
class NewsView:
    id: str
    title: str
    url: str
    date: str
    project: Link | None
    summary: str
    results: list[Card]
    image: Picture | None
    body: str


@dataclass
class PlainPageView:
    id: str
    title: str
    url: str
    summary: str
    body: str


@dataclass
class ListView:
    """A section, a taxonomy or a term: a paginated list of cards."""

    title: str
    taxonomy: str
    cards: list[Card]
    groups: list[tuple[str, list[Card]]]
    """The cards grouped by kind, for pages that list several kinds (terms)."""
    terms: list[tuple[Link, int]]
    """For a taxonomy's index page: each term with its count."""
    page_number: int
    page_count: int
    previous: str
    next: str


@dataclass
class HomeView:
    project: ProjectView | None
    featured: list[Card]
    recent_news: list[Card]
    upcoming_events: list[Card]
    counts: dict[str, int]
    browse: list[tuple[str, list[tuple[Link, int]]]]
    """(taxonomy, its terms with counts) for the browse-by panels."""


@dataclass
class SiteView:
    title: str
    description: str
    base_url: str
    mode: str
    lang: str
    default_language: str
    menu: list[Link]
    languages: list[Link]
    publisher: dict[str, str]
    accessibility: dict[str, str]
    search: bool
    home_url: str
    search_url: str


@dataclass
class PageView:
    """Everything one template render receives, as ``page`` (the site is ``site``)."""

    kind: str
    lang: str
    title: str
    description: str
    url: str
    canonical: str
    alternates: list[Link]
    breadcrumbs: list[Link]
    funding: Funding
    draft: bool
    item: Any
    """The kind's own view: ProjectView, ResultView, ListView, HomeView..."""
    head: str = ""
    """Extra markup for <head> from outputs (structured data); trusted HTML."""


class ViewBuilder:
    """Builds view models for the pages of one graph."""

    def __init__(self, graph: SiteGraph, markdown: MarkdownFn, lang: str):
        self.graph = graph
        self.vocab = graph.content.vocabularies
        self.config = graph.content.config
        self.markdown = markdown
        self.lang = lang
        self.locale = lang

    # -- small pieces ---------------------------------------------------------------------

    def date(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return format_datetime(value, "d MMMM y, HH:mm", locale=self.locale)
        return format_date(value, "long", locale=self.locale)

    def money(self, amount: float | None) -> str:
        return format_currency(amount, "EUR", locale=self.locale, format_type="standard",
                               currency_digits=False).replace(".00", "") if amount is not None else ""

    def label(self, vocabulary: str, code: str) -> str:
        return self.vocab.label(vocabulary, code)

    def term_link(self, taxonomy: str, code: str | int) -> Link:
        term = self.graph.terms.get(taxonomy, {}).get(str(code))
        if term is None:
            vocabulary = TAXONOMIES[taxonomy]
            return Link(self.label(vocabulary, str(code)) if vocabulary else str(code), "")
        return Link(term.label, self.graph.term_url(term, self.lang))

    def entry_link(self, kind: str, id_: str) -> Link:
        doc = self.graph.doc(kind, id_, self.lang)
        return Link(title_of(doc), self.graph.url(kind, id_, self.lang))

    def picture(self, image: Image | None) -> Picture | None:
        return Picture("/" + image.src, image.alt) if image else None

    def body(self, doc: Document) -> str:
        return self.markdown(doc, doc.body)

    # -- cards ----------------------------------------------------------------------------

    def card(self, kind: str, id_: str) -> Card:
        doc = self.graph.doc(kind, id_, self.lang)
        entry = doc.entry
        url = self.graph.url(kind, id_, self.lang)
        if isinstance(entry, Project):
            facts = self.graph.projects[id_]
            return Card(kind, title_of(doc), url, entry.summary,
                        [entry.action, str(entry.call_year), ", ".join(facts.countries), facts.status],
                        draft=entry.draft)
        if isinstance(entry, Result):
            return Card(kind, entry.title, url, entry.summary,
                        [self.label("result_categories", entry.category), entry.licence,
                         ", ".join(entry.languages).upper()],
                        self.date(entry.published), self.graph.readiness[id_].score, entry.draft)
        if isinstance(entry, Organisation):
            return Card(kind, entry.name, url, entry.name_en or "",
                        [self.label("organisation_types", entry.type), self.label("countries", entry.country)],
                        draft=entry.draft)
        if isinstance(entry, Event):
            place = entry.place.city or entry.place.name if entry.place else "online"
            return Card(kind, entry.title, url, entry.summary,
                        [self.label("event_types", entry.type), place or ""], self.date(entry.start),
                        draft=entry.draft)
        if isinstance(entry, News):
            return Card(kind, entry.title, url, entry.summary, [], self.date(entry.date), draft=entry.draft)
        return Card(kind, title_of(doc), url, getattr(entry, "summary", ""), draft=entry.draft)

    def cards(self, kind: str, ids: list[str]) -> list[Card]:
        return [self.card(kind, id_) for id_ in ids]

    # -- entry pages ----------------------------------------------------------------------

    def project(self, id_: str) -> ProjectView:
        doc = self.graph.doc("project", id_, self.lang)
        project: Project = doc.entry  # type: ignore[assignment]
        facts = self.graph.projects[id_]
        partners = []
        for partner in project.partners:
            organisation: Organisation = self.graph.doc("organisation", partner.organisation).entry  # type: ignore
            partners.append(Partner(self.entry_link("organisation", partner.organisation),
                                    self.term_link("countries", organisation.country), partner.role,
                                    self.label("organisation_types", organisation.type)))
        events = self.graph.projects[id_].events
        today = self.graph.today
        upcoming = [e for e in events if event_start(self.graph.doc("event", e).entry).date() > today]  # type: ignore
        flags = project.platform
        return ProjectView(
            id=id_, title=project.title, acronym=project.acronym or "", code=project.code,
            url=self.graph.url("project", id_, self.lang),
            action=self.term_link("actions", project.action), field=self.term_link("fields", facts.field),
            year=self.term_link("years", project.call_year), agency=project.agency or self.config.defaults.agency or "",
            eu_grant=self.money(project.eu_grant), start=self.date(project.start), end=self.date(project.end),
            duration_months=months_between(project.start, project.end), status=facts.status, period=facts.period,
            partners=partners, countries=[self.term_link("countries", c) for c in facts.countries],
            priorities=[self.term_link("priorities", p) for p in project.priorities],
            topics=project.topics, target_groups=project.target_groups,
            languages=[self.term_link("languages", code) for code in project.languages],
            summary=project.summary, website=project.website or "", platform_url=facts.platform_url,
            platform_flags=[name for name in ("good_practice", "success_story") if flags and getattr(flags, name)],
            logo=self.picture(project.logo), results=self.cards("result", facts.results),
            upcoming_events=self.cards("event", upcoming),
            past_events=self.cards("event", [e for e in events if e not in upcoming][::-1]),
            news=self.cards("news", facts.news), events_held=facts.events_held,
            people_reached=facts.people_reached, body=self.body(doc))

    def result(self, id_: str) -> ResultView:
        doc = self.graph.doc("result", id_, self.lang)
        result: Result = doc.entry  # type: ignore[assignment]
        t = result.transferability
        licence = self.vocab["licences"][result.licence]
        readiness = self.graph.readiness[id_]
        contact: dict[str, str] = {}
        if t.contact:
            contact = {k: v for k, v in t.contact.model_dump().items() if v}
            if t.contact.organisation:
                link = self.entry_link("organisation", t.contact.organisation)
                contact.update(organisation=link.label, organisation_url=link.url)
        return ResultView(
            id=id_, title=result.title, url=self.graph.url("result", id_, self.lang),
            project=self.entry_link("project", result.project), category=self.term_link("categories", result.category),
            kind=result.kind, status=result.status, published=self.date(result.published),
            languages=[self.term_link("languages", code) for code in result.languages], summary=result.summary,
            files=[self.file(f) for f in result.files], doi=result.doi or "",
            licence=LicenceView(result.licence, licence["label"], licence.get("url", ""), licence.get("plain", ""),
                                bool(licence.get("open")), bool(licence.get("adapt")),
                                bool(licence.get("commercial")), bool(licence.get("share_alike")),
                                bool(licence.get("attribution"))),
            authors=[a.name for a in result.authors], audience=result.audience,
            educational_levels=[self.label("educational_levels", c) for c in result.educational_levels],
            accessibility=[self.label("accessibility_features", c) for c in result.accessibility],
            keywords=result.keywords, image=self.picture(result.image),
            readiness=ReadinessView(readiness.score, readiness.total,
                                    [(key, key in readiness.met) for key, _ in READINESS_CRITERIA]),
            reuse=t.reuse or "", tested_countries=[self.term_link("countries", c) for c in t.tested_countries],
            tested_fields=[self.label("fields", c) for c in t.tested_fields], contexts=t.contexts,
            prerequisites=t.prerequisites, effort=t.effort or "", guide=self.markdown(None, t.guide or ""),
            guide_file="/" + t.guide_file if t.guide_file else "",
            evidence=[EvidenceView(e.kind, e.description, e.count, e.unit or "", self.date(e.date),
                                   self.label("countries", e.country) if e.country else "") for e in t.evidence],
            sustainability=t.sustainability or "", contact=contact, events=self.cards("event", self.graph.result_events.get(id_, [])),
            body=self.body(doc))

    def file(self, file: Any) -> FileView:
        size = ""
        if file.path:
            size = human_size(self.graph.content.static.get(file.path, 0))
        fmt = file.format or PurePosixPath(file.path or file.url).suffix.lstrip(".").upper()
        return FileView(file.title, "/" + file.path if file.path else file.url, fmt, size,
                        self.label("languages", file.language) if file.language else "", file.editable)

    def organisation(self, id_: str) -> OrganisationView:
        doc = self.graph.doc("organisation", id_, self.lang)
        org: Organisation = doc.entry  # type: ignore[assignment]
        return OrganisationView(
            id=id_, name=org.name, name_en=org.name_en or "", url=self.graph.url("organisation", id_, self.lang),
            type=self.label("organisation_types", org.type), country=self.term_link("countries", org.country),
            region=org.region or "", city=org.city or "", oid=org.oid or "", pic=org.pic or "",
            website=org.website or "", logo=self.picture(org.logo),
            projects=[(self.card("project", p), role) for p, role in self.graph.organisation_projects.get(id_, [])],
            body=self.body(doc))

    def event(self, id_: str) -> EventView:
        doc = self.graph.doc("event", id_, self.lang)
        event: Event = doc.entry  # type: ignore[assignment]
        place = ", ".join(x for x in (event.place.name, event.place.city) if x) if event.place else ""
        return EventView(
            id=id_, title=event.title, url=self.graph.url("event", id_, self.lang),
            type=self.label("event_types", event.type), project=self.entry_link("project", event.project),
            start=self.date(event.start), end=self.date(event.end),
            upcoming=event_start(event).date() > self.graph.today, place=place,
            country=self.term_link("countries", event.place.country) if event.place else None,
            online=event.online or "", host=self.entry_link("organisation", event.host) if event.host else None,
            languages=[self.label("languages", c) for c in event.languages],
            participants={k: v for k, v in (event.participants.model_dump() if event.participants else {}).items()
                          if v is not None},
            results=self.cards("result", event.results), images=[self.picture(i) for i in event.images],  # type: ignore
            summary=event.summary, body=self.body(doc))

    def news(self, id_: str) -> NewsView:
        doc = self.graph.doc("news", id_, self.lang)
        item: News = doc.entry  # type: ignore[assignment]
        return NewsView(id_, item.title, self.graph.url("news", id_, self.lang), self.date(item.date),
                        self.entry_link("project", item.project) if item.project else None, item.summary,
                        self.cards("result", item.results), self.picture(item.image), self.body(doc))

    def plain_page(self, id_: str) -> PlainPageView:
        doc = self.graph.doc("page", id_, self.lang)
        page: Page = doc.entry  # type: ignore[assignment]
        return PlainPageView(id_, page.title, self.graph.url("page", id_, self.lang), page.summary, self.body(doc))

    # -- lists ----------------------------------------------------------------------------

    def list_view(self, node: PageNode, title: str, taxonomy: str = "") -> ListView:
        cards = [self.card(kind, id_) for kind, id_ in node.items]
        groups: dict[str, list[Card]] = {}
        for card in cards:
            groups.setdefault(card.kind, []).append(card)
        base = node.url.split("page/")[0]
        return ListView(
            title=title, taxonomy=taxonomy, cards=cards, groups=list(groups.items()), terms=[],
            page_number=node.page_number, page_count=node.page_count,
            previous=(base if node.page_number == 2 else f"{base}page/{node.page_number - 1}/")
            if node.page_number > 1 else "",
            next=f"{base}page/{node.page_number + 1}/" if node.page_number < node.page_count else "")

    def term_links(self, taxonomy: str) -> list[tuple[Link, int]]:
        return [(Link(t.label, self.graph.term_url(t, self.lang)), t.count)
                for t in self.graph.terms.get(taxonomy, {}).values()]

    def home(self) -> HomeView:
        graph = self.graph
        config = self.config
        project_id = config.project or (next(iter(graph.projects)) if len(graph.projects) == 1 else None)
        results = graph.content.entries("result")
        featured = sorted(results, key=lambda r: (-graph.readiness[r].score, results[r].entry.title.lower()))  # type: ignore
        news = sorted(graph.content.entries("news").items(), key=lambda kv: kv[1].entry.date, reverse=True)  # type: ignore
        events = sorted(((i, d) for i, d in graph.content.entries("event").items()
                         if event_start(d.entry).date() > graph.today),  # type: ignore[arg-type]
                        key=lambda kv: event_start(kv[1].entry))  # type: ignore[arg-type]
        return HomeView(
            project=self.project(project_id) if config.mode == "project" and project_id else None,
            featured=self.cards("result", featured[:6]),
            recent_news=self.cards("news", [i for i, _ in news[:3]]),
            upcoming_events=self.cards("event", [i for i, _ in events[:3]]),
            counts={section: len(graph.content.documents[kind]) for kind, section in KIND_SECTION.items()},
            browse=[(taxonomy, self.term_links(taxonomy)[:12])
                    for taxonomy in ("fields", "countries", "priorities", "categories")])

    def site(self, current_url: str, alternates: dict[str, str]) -> SiteView:
        graph = self.graph
        prefix = graph.lang_prefix(self.lang)
        pages = sorted(((d.entry.menu, i) for i, d in graph.content.entries("page").items()  # type: ignore
                        if d.entry.menu is not None))  # type: ignore[attr-defined]
        menu = [Link(section, f"{prefix}/{section}/") for section in ("projects", "results", "organisations",
                                                                      "events", "news")]
        menu += [self.entry_link("page", id_) for _, id_ in pages]
        for link in menu:
            link.current = current_url.startswith(link.url)
        languages = [Link(code, alternates.get(code) or f"{graph.lang_prefix(code)}/", code == self.lang)
                     for code in graph.languages]
        config = self.config
        return SiteView(
            title=config.title, description=config.description, base_url=config.base_url, mode=config.mode,
            lang=self.lang, default_language=graph.default_language, menu=menu, languages=languages,
            publisher={k: v for k, v in config.publisher.model_dump().items() if v},
            accessibility={k: str(v) for k, v in config.accessibility.model_dump().items() if v},
            search=config.search, home_url=f"{prefix}/", search_url=f"{prefix}/search/")

    def funding(self, node: PageNode) -> Funding:
        """The statement for the page's project, or the general one for catalogue pages."""
        project_id = self._project_of(node)
        if project_id is None:
            if self.config.mode == "project" and len(self.graph.projects) >= 1:
                project_id = self.config.project or next(iter(self.graph.projects))
            else:
                return Funding("general", self.config.defaults.granting_authority or "")
        facts = self.graph.projects[project_id]
        if facts.period == "2014-2020":
            return Funding("legacy")
        return Funding(facts.funding_statement, facts.granting_authority)

    def _project_of(self, node: PageNode) -> str | None:
        if node.kind == "project":
            return node.key
        if node.kind in ("result", "event"):
            return self.graph.doc(node.kind, node.key).entry.project  # type: ignore[attr-defined]
        if node.kind == "news":
            return self.graph.doc("news", node.key).entry.project  # type: ignore[attr-defined]
        return None


def title_of(doc: Document) -> str:
    entry = doc.entry
    if isinstance(entry, Project):
        return f"{entry.acronym}: {entry.title}" if entry.acronym else entry.title
    if isinstance(entry, Organisation):
        return entry.name
    return getattr(entry, "title", doc.id)


def months_between(start: date | None, end: date | None) -> int | None:
    if not start or not end:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= start.day else 0)


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return ""

