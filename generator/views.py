"""View models: what templates see of the site graph.

Templates never touch content models or the graph: each page gets a `PageView` whose
fields are ready to print (translated labels instead of codes, URLs, formatted dates and
amounts, rendered Markdown, the QR code and the embeddable card). A theme can rely on
these names; docs/themes.md lists them. UI words come from the theme's translation
catalogue through the `Translate` function the builder is given, so a view in German
says "laufend" where the English one says "ongoing".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup

from .content import Document
from .graph import (
    KIND_SECTION,
    LEGACY_PERIOD,
    READINESS_CRITERIA,
    SECTIONS,
    TAXONOMIES,
    PageNode,
    SiteGraph,
    event_start,
)
from .models import Event, Image, News, Organisation, Page, Project, Result, ResultFile

MarkdownFn = Callable[[str], str]
"""Renders editors' Markdown to HTML."""

Translate = Callable[..., str]
"""``t(key, **params)``: a UI string of the theme's catalogue in the page's language."""

FORMAT_LOCALES = {"en": "en_IE"}
"""Locales for dates and numbers where the language's default region reads oddly to
European readers: English pages write "1 June 2026", as the EU's own sites do."""

QR_SIZE = 132
"""CSS pixels of the QR code on screen: about 3 px a module for a result's address (41 modules
with the quiet zone), which phones read; the print style sheet sets 36 mm."""

EMBED_CARD = Markup(
    '<div style="max-width:32rem;border:1px solid #767676;border-left:6px solid #003399;'
    'border-radius:4px;padding:0.75rem 1rem;font:inherit;line-height:1.4">'
    '<p style="margin:0 0 0.25rem;font-size:0.85em">{category}</p>'
    '<p style="margin:0 0 0.5rem;font-size:1.15em;font-weight:bold">'
    '<a href="{url}">{title}</a></p>'
    '<p style="margin:0 0 0.5rem">{summary}</p>'
    '<p style="margin:0;font-size:0.85em">{licence} &middot; {languages} &middot; {project}</p>'
    '<p style="margin:0.25rem 0 0;font-size:0.85em">{statement}</p>'
    "</div>"
)
"""The card partners paste into their own sites: self-contained (inline styles, absolute
links, no script, no image), so it needs nothing from this site but the link target."""


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


@dataclass
class LanguageOption:
    """One entry of the language switcher."""

    code: str
    name: str
    """The language's name for itself (Deutsch, français), so a reader finds their own."""
    url: str
    """The same page in that language, or that language's home page when untranslated."""
    current: bool


@dataclass
class Picture:
    src: str
    alt: str


@dataclass
class QRCode:
    src: str
    """The SVG file beside the page (``qr.svg``), which outputs write."""
    size: int
    """Width and height in CSS pixels."""
    alt: str


@dataclass
class Card:
    """An entry as a list shows it."""

    kind: str
    title: str
    url: str
    summary: str = ""
    facts: list[str] = field(default_factory=list)
    """Short, translated facts (category, licence, countries...), shown in one line."""
    date: str = ""
    date_iso: str = ""
    """The same date as YYYY-MM-DD, for ``<time datetime>``."""
    readiness: int | None = None
    """Results only: the transferability readiness score."""
    readiness_total: int = 0
    draft: bool = False
    upcoming: bool = False
    """Events only: it has not started yet."""


@dataclass
class Funding:
    """The EU funding statement and disclaimer a page carries, ready to print."""

    kind: str
    """co-funded, funded, legacy (2014-2020 wording) or general (a page covering many projects)."""
    statement: str
    """Beside the EU emblem, and the emblem's text alternative."""
    disclaimer: str
    authority: str
    """The granting authority the disclaimer names; empty for the 2014-2020 wording."""


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
    """Translated names of the flags the Commission set (good practice, success story)."""
    logo: Picture | None
    results: list[Card]
    upcoming_events: list[Card]
    """Soonest first."""
    past_events: list[Card]
    """Most recent first."""
    news: list[Card]
    events_held: int
    people_reached: int
    feed_url: str
    calendar_url: str
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
    lang: str
    """The language's code, for ``hreflang`` and ``lang``; empty when not given."""
    editable: bool


@dataclass
class EvidenceView:
    kind: str
    description: str
    count: str
    """Formatted for the language (1,250 or 1.250); empty when not counted."""
    unit: str
    date: str
    country: str


@dataclass
class ReadinessView:
    score: int
    total: int
    checklist: list[tuple[str, bool]]
    """(translated criterion, met?) in the fixed order of READINESS_CRITERIA."""


@dataclass
class ContactView:
    """Who to ask about reusing a result; every field may be empty."""

    organisation: Link | None
    name: str
    email: str
    url: str


@dataclass
class PublisherView:
    name: str
    url: str
    email: str


@dataclass
class CitationView:
    text: str
    """The result cited in one line, ready to copy."""
    bibtex: str
    ris: str
    cff: str
    """URLs of the citation files the outputs write beside the result page."""


@dataclass
class ResultView:
    id: str
    title: str
    url: str
    absolute_url: str
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
    credit: str
    """The credit line to copy (title, authors, source, licence), whether or not it is required."""
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
    contact: ContactView | None
    events: list[Card]
    citation: CitationView
    qr: QRCode
    embed: str
    """The embeddable card's HTML, to show as text for partners to copy."""
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
    """(project, its translated role in it)."""
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
    participants: list[tuple[str, str]]
    """(translated label, formatted count): aggregate numbers only."""
    results: list[Card]
    images: list[Picture]
    calendar_url: str
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
    """(translated heading, cards): by kind on term pages, upcoming and past on the events list;
    empty on the other sections, which show `cards` as one list."""
    terms: list[tuple[Link, int]]
    """For a taxonomy's index page: each term with its count."""
    page_number: int
    page_count: int
    previous: str
    next: str


@dataclass
class TermGroup:
    """A taxonomy as a browse panel: its title, its index page and its terms with counts."""

    title: str
    url: str
    terms: list[tuple[Link, int]]


@dataclass
class HomeView:
    project: ProjectView | None
    """Project mode: the partnership the site is about; None for a catalogue."""
    featured: list[Card]
    recent_news: list[Card]
    upcoming_events: list[Card]
    counts: list[tuple[Link, int]]
    """Each section with the number of entries in it."""
    browse: list[TermGroup]


@dataclass
class AccessibilityView:
    """The facts of the accessibility statement (showcase.yaml's ``accessibility``)."""

    publisher: str
    status: str
    """full, partial or non-compliant."""
    reviewed: str
    contact: str
    enforcement_url: str


@dataclass
class SiteView:
    title: str
    description: str
    base_url: str
    mode: str
    lang: str
    dir: str
    default_language: str
    menu: list[Link]
    languages: list[LanguageOption]
    publisher: PublisherView
    search: bool
    home_url: str
    search_url: str
    accessibility_url: str
    feeds: list[Link]
    """Site-wide feeds and open data (Atom, calendar, exports, sitemap) for the footer."""


SEARCH_FACETS: tuple[tuple[str, str], ...] = (
    ("kind", ""),
    ("country", "countries"),
    ("field", "fields"),
    ("action", "actions"),
    ("year", "years"),
    ("priority", "priorities"),
    ("category", "categories"),
    ("licence", "licences"),
    ("language", "languages"),
    ("readiness", ""),
    ("status", ""),
)
"""The search filters in the order the search page shows them, each with the taxonomy whose
browse pages it mirrors ("" for those without browse pages). docs/search.md describes them."""

SEARCH_SORTS = ("date", "title", "readiness")
SEARCH_KINDS = ("project", "result", "organisation", "event", "news", "page")


@dataclass
class SearchFacts:
    """What an entry page tells the search index; partials/search-meta.html writes it as
    ``data-pagefind-*`` attributes. Filter values are codes (DE, ADU, CC-BY-4.0), the same in
    every language, so a search URL keeps working on another language's search page."""

    filters: list[tuple[str, str]]
    """(filter, value) pairs; a filter with several values appears once per value."""
    sorts: dict[str, str]
    """Sort key -> value: ISO dates, casefolded titles, readiness scores."""
    meta: dict[str, str]
    """The facts a search result shows under its title (country, year, licence, readiness), ready to print."""


@dataclass
class FacetOption:
    value: str
    """The code, as in the index and in search URLs."""
    label: str
    url: str
    """The browse page of everything with this value; empty when there is none."""
    count: int


@dataclass
class Facet:
    name: str
    """The filter's name in the index and in search URLs (country, field...)."""
    title: str
    url: str
    """The taxonomy's index page; empty for filters without browse pages."""
    options: list[FacetOption]


@dataclass
class SearchView:
    """The search page: every filter with its values, so that without JavaScript the page
    links to the browse pages, and with it the script labels the codes Pagefind returns."""

    facets: list[Facet]
    sorts: list[tuple[str, str]]
    """(sort key, translated label); relevance, the key "", first."""


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
    search: SearchFacts | None = None
    """Entry pages: what the search index learns about the page."""


class ViewBuilder:
    """Builds view models for the pages of one graph in one language."""

    def __init__(self, graph: SiteGraph, markdown: MarkdownFn, lang: str, t: Translate):
        self.graph = graph
        self.vocab = graph.vocabularies
        self.config = graph.config
        self.markdown = markdown
        self.lang = lang
        self.locale = FORMAT_LOCALES.get(lang, lang)
        self.t = t
        self.prefix = graph.lang_prefix(lang)

    # -- small pieces ---------------------------------------------------------------------

    def date(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return format_datetime(value, "d MMMM y, HH:mm", locale=self.locale)
        return format_date(value, "long", locale=self.locale)

    def money(self, amount: float | None) -> str:
        if amount is None:
            return ""
        pattern = Locale.parse(self.locale).currency_formats["standard"].pattern
        if amount == int(amount):  # grants are mostly round lump sums: no ",00" / ".00"
            pattern = pattern.replace(".00", "")
        return format_currency(amount, "EUR", format=pattern, locale=self.locale, currency_digits=False)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def label(self, vocabulary: str, code: str) -> str:
        return self.vocab.label(vocabulary, code)

    def absolute(self, url: str) -> str:
        return self.config.base_url.rstrip("/") + url

    def term_link(self, taxonomy: str, code: str | int) -> Link:
        term = self.graph.term(taxonomy, str(code))
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
        return self.markdown(self.graph.body(doc))

    # -- cards ----------------------------------------------------------------------------

    def card(self, kind: str, id_: str) -> Card:
        doc = self.graph.doc(kind, id_, self.lang)
        entry = doc.entry
        url = self.graph.url(kind, id_, self.lang)
        t = self.t
        if isinstance(entry, Project):
            facts = self.graph.project(id_)
            return Card(
                kind,
                title_of(doc),
                url,
                entry.summary,
                [entry.action, str(entry.call_year), ", ".join(facts.countries), t(f"status.{facts.status}")],
                draft=entry.draft,
            )
        if isinstance(entry, Result):
            readiness = self.graph.readiness(id_)
            return Card(
                kind,
                entry.title,
                url,
                entry.summary,
                [self.label("result_categories", entry.category), entry.licence, ", ".join(entry.languages).upper()],
                self.date(entry.published),
                entry.published.isoformat() if entry.published else "",
                readiness.score,
                readiness.total,
                entry.draft,
            )
        if isinstance(entry, Organisation):
            return Card(
                kind,
                entry.name,
                url,
                entry.name_en or "",
                [self.label("organisation_types", entry.type), self.label("countries", entry.country)],
                draft=entry.draft,
            )
        if isinstance(entry, Event):
            place = (entry.place.city or entry.place.name) if entry.place else t("event.online")
            return Card(
                kind,
                entry.title,
                url,
                entry.summary,
                [self.label("event_types", entry.type), place],
                self.date(entry.start),
                event_start(entry).date().isoformat(),
                draft=entry.draft,
                upcoming=self.graph.upcoming(id_),
            )
        if isinstance(entry, News):
            return Card(
                kind,
                entry.title,
                url,
                entry.summary,
                [],
                self.date(entry.date),
                entry.date.isoformat(),
                draft=entry.draft,
            )
        return Card(kind, title_of(doc), url, getattr(entry, "summary", ""), draft=entry.draft)

    def cards(self, kind: str, ids: list[str]) -> list[Card]:
        return [self.card(kind, id_) for id_ in ids]

    # -- funding --------------------------------------------------------------------------

    def funding(self, node: PageNode) -> Funding:
        """The statement for the page's project, or the general one for pages about many."""
        project_id = self._project_of(node)
        if project_id is None and self.config.mode == "project" and (ids := self.graph.ids("project")):
            project_id = self.config.project or ids[0]
        if project_id is None:
            t = self.t
            authority = self.config.defaults.granting_authority or t("funding.authority.several")
            return Funding(
                "general",
                t("funding.statement.general"),
                t("funding.disclaimer.general", authority=authority),
                authority,
            )
        return self.project_funding(project_id)

    def project_funding(self, project_id: str) -> Funding:
        t = self.t
        facts = self.graph.project(project_id)
        if facts.period == LEGACY_PERIOD:
            return Funding("legacy", t("funding.statement.legacy"), t("funding.disclaimer.legacy"), "")
        kind = facts.funding_statement
        authority = self.granting_authority(project_id)
        return Funding(
            kind, t(f"funding.statement.{kind}"), t("funding.disclaimer.current", authority=authority), authority
        )

    def granting_authority(self, project_id: str) -> str:
        """Who granted the project, as the disclaimer names it: the graph's name, else one from its agency."""
        facts = self.graph.project(project_id)
        if facts.granting_authority:
            return facts.granting_authority
        if facts.agency == "EACEA":
            return self.t("funding.authority.eacea")
        if facts.agency:
            return self.t("funding.authority.agency", code=facts.agency)
        return self.t("funding.authority.unknown")

    def _project_of(self, node: PageNode) -> str | None:
        if node.kind == "project":
            return node.key
        if node.kind in ("result", "event", "news"):
            return self.graph.doc(node.kind, node.key).entry.project  # type: ignore[attr-defined]
        return None

    # -- entry pages ----------------------------------------------------------------------

    def project(self, id_: str) -> ProjectView:
        doc = self.graph.doc("project", id_, self.lang)
        project: Project = doc.entry  # type: ignore[assignment]
        facts = self.graph.project(id_)
        partners = []
        for partner in project.partners:
            organisation: Organisation = self.graph.doc("organisation", partner.organisation).entry  # type: ignore
            partners.append(
                Partner(
                    self.entry_link("organisation", partner.organisation),
                    self.term_link("countries", organisation.country),
                    self.t(f"role.{partner.role}"),
                    self.label("organisation_types", organisation.type),
                )
            )
        events = facts.events
        upcoming = [e for e in events if self.graph.upcoming(e)]
        flags = project.platform
        url = self.graph.url("project", id_, self.lang)
        return ProjectView(
            id=id_,
            title=project.title,
            acronym=project.acronym or "",
            code=project.code,
            url=url,
            action=self.term_link("actions", project.action),
            field=self.term_link("fields", facts.field),
            year=self.term_link("years", project.call_year),
            agency=project.agency or self.config.defaults.agency or "",
            eu_grant=self.money(project.eu_grant),
            start=self.date(project.start),
            end=self.date(project.end),
            duration_months=months_between(project.start, project.end),
            status=self.t(f"status.{facts.status}"),
            period=facts.period,
            partners=partners,
            countries=[self.term_link("countries", c) for c in facts.countries],
            priorities=[self.term_link("priorities", p) for p in project.priorities],
            topics=project.topics,
            target_groups=project.target_groups,
            languages=[self.term_link("languages", code) for code in project.languages],
            summary=project.summary,
            website=project.website or "",
            platform_url=facts.platform_url,
            platform_flags=[
                self.t(f"flag.{name}") for name in ("good_practice", "success_story") if flags and getattr(flags, name)
            ],
            logo=self.picture(project.logo),
            results=self.cards("result", facts.results),
            upcoming_events=self.cards("event", upcoming),
            past_events=self.cards("event", [e for e in events if e not in upcoming][::-1]),
            news=self.cards("news", facts.news),
            events_held=facts.events_held,
            people_reached=facts.people_reached,
            feed_url=url + "feed.xml",
            calendar_url=url + "events.ics",
            body=self.body(doc),
        )

    def result(self, id_: str) -> ResultView:
        doc = self.graph.doc("result", id_, self.lang)
        result: Result = doc.entry  # type: ignore[assignment]
        t = self.t
        transfer = result.transferability
        licence = self.licence(result.licence)
        readiness = self.graph.readiness(id_)
        project = self.entry_link("project", result.project)
        project_entry: Project = self.graph.doc("project", result.project).entry  # type: ignore[assignment]
        who = transfer.contact
        contact = (
            ContactView(
                self.entry_link("organisation", who.organisation) if who.organisation else None,
                who.name or "",
                who.email or "",
                who.url or "",
            )
            if who
            else None
        )
        url = self.graph.url("result", id_, self.lang)
        absolute_url = self.absolute(url)
        authors = [a.name for a in result.authors]
        source = project_entry.acronym or project_entry.title
        creators = join_names(authors, t("list.and")) or t("result.partnership", project=source)
        languages = [self.term_link("languages", code) for code in result.languages]
        return ResultView(
            id=id_,
            title=result.title,
            url=url,
            absolute_url=absolute_url,
            project=project,
            category=self.term_link("categories", result.category),
            kind=t(f"kind.{result.kind}"),
            status=t(f"result_status.{result.status}"),
            published=self.date(result.published),
            languages=languages,
            summary=result.summary,
            files=[self.file(f) for f in result.files],
            doi=result.doi or "",
            licence=licence,
            credit=t(
                "result.credit.authors" if authors else "result.credit.partnership",
                title=result.title,
                creators=creators,
                project=source,
                licence=licence.code,
                url=licence.url or absolute_url,
            ),
            authors=authors,
            audience=result.audience,
            educational_levels=[self.label("educational_levels", c) for c in result.educational_levels],
            accessibility=[self.label("accessibility_features", c) for c in result.accessibility],
            keywords=result.keywords,
            image=self.picture(result.image),
            readiness=ReadinessView(
                readiness.score,
                readiness.total,
                [(t(f"readiness.{key}"), key in readiness.met) for key, _ in READINESS_CRITERIA],
            ),
            reuse=t(f"reuse.{transfer.reuse}") if transfer.reuse else "",
            tested_countries=[self.term_link("countries", c) for c in transfer.tested_countries],
            tested_fields=[self.label("fields", c) for c in transfer.tested_fields],
            contexts=transfer.contexts,
            prerequisites=transfer.prerequisites,
            effort=t(f"effort.{transfer.effort}") if transfer.effort else "",
            guide=self.markdown(transfer.guide or ""),
            guide_file="/" + transfer.guide_file if transfer.guide_file else "",
            evidence=[
                EvidenceView(
                    t(f"evidence.{e.kind}"),
                    e.description,
                    self.number(e.count) if e.count is not None else "",
                    e.unit or "",
                    self.date(e.date),
                    self.label("countries", e.country) if e.country else "",
                )
                for e in transfer.evidence
            ],
            sustainability=transfer.sustainability or "",
            contact=contact,
            events=self.cards("event", self.graph.events_of(id_)),
            citation=CitationView(
                citation_text(
                    creators,
                    result.published.year if result.published else None,
                    result.title,
                    t("result.citation.source", project=source, code=project_entry.code),
                    f"https://doi.org/{result.doi}" if result.doi else absolute_url,
                ),
                url + "citation.bib",
                url + "citation.ris",
                url + "CITATION.cff",
            ),
            qr=QRCode(url + "qr.svg", QR_SIZE, t("result.qr.alt", url=absolute_url)),
            embed=embed_card(
                url=absolute_url,
                title=result.title,
                summary=result.summary,
                category=self.label("result_categories", result.category),
                licence=licence.code,
                languages=", ".join(link.label for link in languages),
                project=source,
                statement=self.project_funding(result.project).statement,
            ),
            body=self.body(doc),
        )

    def licence(self, code: str) -> LicenceView:
        licence = self.vocab["licences"][code]
        return LicenceView(
            code,
            licence["label"],
            licence.get("url", ""),
            licence.get("plain", ""),
            bool(licence.get("open")),
            bool(licence.get("adapt")),
            bool(licence.get("commercial")),
            bool(licence.get("share_alike")),
            bool(licence.get("attribution")),
        )

    def file(self, file: ResultFile) -> FileView:
        size = ""
        if file.path:
            size = human_size(self.graph.static_size(file.path) or 0, self.locale)
        fmt = file.format or PurePosixPath(file.path or file.url or "").suffix.lstrip(".").upper()
        return FileView(
            file.title,
            "/" + file.path if file.path else file.url or "",
            fmt,
            size,
            self.label("languages", file.language) if file.language else "",
            file.language or "",
            file.editable,
        )

    def organisation(self, id_: str) -> OrganisationView:
        doc = self.graph.doc("organisation", id_, self.lang)
        org: Organisation = doc.entry  # type: ignore[assignment]
        return OrganisationView(
            id=id_,
            name=org.name,
            name_en=org.name_en or "",
            url=self.graph.url("organisation", id_, self.lang),
            type=self.label("organisation_types", org.type),
            country=self.term_link("countries", org.country),
            region=org.region or "",
            city=org.city or "",
            oid=org.oid or "",
            pic=org.pic or "",
            website=org.website or "",
            logo=self.picture(org.logo),
            projects=[(self.card("project", p), self.t(f"role.{role}")) for p, role in self.graph.projects_of(id_)],
            body=self.body(doc),
        )

    def event(self, id_: str) -> EventView:
        doc = self.graph.doc("event", id_, self.lang)
        event: Event = doc.entry  # type: ignore[assignment]
        place = ", ".join(x for x in (event.place.name, event.place.city) if x) if event.place else ""
        counts = event.participants.model_dump() if event.participants else {}
        return EventView(
            id=id_,
            title=event.title,
            url=self.graph.url("event", id_, self.lang),
            type=self.label("event_types", event.type),
            project=self.entry_link("project", event.project),
            start=self.date(event.start),
            end=self.date(event.end),
            upcoming=self.graph.upcoming(id_),
            place=place,
            country=self.term_link("countries", event.place.country) if event.place else None,
            online=event.online or "",
            host=self.entry_link("organisation", event.host) if event.host else None,
            languages=[self.label("languages", c) for c in event.languages],
            participants=[
                (self.t(f"participants.{key}"), self.number(value))
                for key, value in counts.items()
                if value is not None
            ],
            results=self.cards("result", event.results),
            images=[Picture("/" + i.src, i.alt) for i in event.images],
            calendar_url=self.graph.url("project", event.project, self.lang) + "events.ics",
            summary=event.summary,
            body=self.body(doc),
        )

    def news(self, id_: str) -> NewsView:
        doc = self.graph.doc("news", id_, self.lang)
        item: News = doc.entry  # type: ignore[assignment]
        return NewsView(
            id_,
            item.title,
            self.graph.url("news", id_, self.lang),
            self.date(item.date),
            self.entry_link("project", item.project) if item.project else None,
            item.summary,
            self.cards("result", item.results),
            self.picture(item.image),
            self.body(doc),
        )

    def plain_page(self, id_: str) -> PlainPageView:
        doc = self.graph.doc("page", id_, self.lang)
        page: Page = doc.entry  # type: ignore[assignment]
        return PlainPageView(id_, page.title, self.graph.url("page", id_, self.lang), page.summary, self.body(doc))

    def accessibility(self) -> AccessibilityView:
        facts = self.config.accessibility
        return AccessibilityView(
            self.config.publisher.name,
            facts.status,
            self.date(facts.reviewed),
            facts.contact or self.config.publisher.email or "",
            facts.enforcement_url or "",
        )

    # -- lists ----------------------------------------------------------------------------

    def list_view(self, node: PageNode, title: str, taxonomy: str = "") -> ListView:
        cards = [self.card(kind, id_) for kind, id_ in node.items]
        base = node.url.split("page/")[0]
        return ListView(
            title=title,
            taxonomy=taxonomy,
            cards=cards,
            groups=self._groups(node, cards),
            terms=[],
            page_number=node.page_number,
            page_count=node.page_count,
            previous=(base if node.page_number == 2 else f"{base}page/{node.page_number - 1}/")
            if node.page_number > 1
            else "",
            next=f"{base}page/{node.page_number + 1}/" if node.page_number < node.page_count else "",
        )

    def _groups(self, node: PageNode, cards: list[Card]) -> list[tuple[str, list[Card]]]:
        if node.kind == "section":
            if node.key != "events":
                return []
            # The section lists the newest first; upcoming events read better soonest first.
            upcoming = [c for c in cards if c.upcoming][::-1]
            past = [c for c in cards if not c.upcoming]
            return [
                (heading, group)
                for heading, group in ((self.t("events.upcoming"), upcoming), (self.t("events.past"), past))
                if group
            ]
        by_kind: dict[str, list[Card]] = {}
        for card in cards:
            by_kind.setdefault(card.kind, []).append(card)
        return [(self.t(f"section.{KIND_SECTION[kind]}"), group) for kind, group in by_kind.items()]

    def term_links(self, taxonomy: str) -> list[tuple[Link, int]]:
        return [(Link(t.label, self.graph.term_url(t, self.lang)), t.count) for t in self.graph.taxonomy(taxonomy)]

    def home(self) -> HomeView:
        graph = self.graph
        config = self.config
        projects = graph.ids("project")
        project_id = config.project or (projects[0] if len(projects) == 1 else None)
        results = graph.entries("result")
        featured = sorted(
            results,
            key=lambda r: (
                not results[r].entry.featured,
                -graph.readiness(r).score,  # type: ignore
                results[r].entry.title.lower(),
            ),
        )  # type: ignore[attr-defined]
        news = sorted(graph.entries("news").items(), key=lambda kv: kv[1].entry.date, reverse=True)  # type: ignore
        events = sorted(
            (
                (event_start(d.entry), i)
                for i, d in graph.entries("event").items()  # type: ignore
                if graph.upcoming(i)
            )
        )
        counts = [
            (Link(self.t(f"section.{section}"), f"{self.prefix}/{section}/"), len(graph.ids(kind)))
            for kind, section in KIND_SECTION.items()
        ]
        return HomeView(
            project=self.project(project_id) if config.mode == "project" and project_id else None,
            featured=self.cards("result", featured[:6]),
            recent_news=self.cards("news", [i for i, _ in news[:3]]),
            upcoming_events=self.cards("event", [i for _, i in events[:3]]),
            counts=counts,
            browse=[
                TermGroup(self.t(f"taxonomy.{taxonomy}"), f"{self.prefix}/{taxonomy}/", self.term_links(taxonomy)[:12])
                for taxonomy in ("fields", "countries", "priorities", "categories")
                if graph.taxonomy(taxonomy)
            ],
        )

    # -- search ---------------------------------------------------------------------------

    def _searchable_term(self, taxonomy: str, code: str) -> bool:
        """The priority filter offers the programme's horizontal priorities only."""
        return taxonomy != "priorities" or self.vocab["priorities"].get(code, {}).get("scope") == "horizontal"

    def search_facts(self, kind: str, id_: str) -> SearchFacts:
        """The filters, sort keys and result facts of an entry page in the search index.

        The taxonomy filters are the terms the entry is filed under on the browse pages; a
        result also takes its project's countries, action, call year and status, so that
        "results of German KA220 projects" is one search.
        """
        graph = self.graph
        doc = graph.doc(kind, id_, self.lang)
        entry = doc.entry
        facet_of = {taxonomy: name for name, taxonomy in SEARCH_FACETS if taxonomy}
        values: dict[str, list[str]] = {name: [] for name, _ in SEARCH_FACETS}
        values["kind"].append(kind)
        for term in graph.terms_of(kind, id_):
            if self._searchable_term(term.taxonomy, term.code):
                values[facet_of[term.taxonomy]].append(term.code)
        meta: dict[str, str] = {}
        project_id = id_ if isinstance(entry, Project) else getattr(entry, "project", None)
        if isinstance(entry, (Project, Result)) and project_id:
            project: Project = graph.doc("project", project_id).entry  # type: ignore[assignment]
            facts = graph.project(project_id)
            values["country"] += [c for c in facts.countries if c not in values["country"]]
            values["action"] = [project.action]
            values["year"] = [str(project.call_year)]
            values["status"] = [facts.status]
            meta["country"] = ", ".join(self.label("countries", c) for c in facts.countries)
            meta["year"] = str(project.call_year)
        if isinstance(entry, Result):
            readiness = graph.readiness(id_)
            values["readiness"] = [str(readiness.score)]
            meta["licence"] = entry.licence  # the short code, as the cards show it
            meta["readiness"] = self.t("readiness.short", score=readiness.score, total=readiness.total)
        elif isinstance(entry, Event):
            if entry.place:
                values["country"] = [entry.place.country]
                meta["country"] = self.label("countries", entry.place.country)
            meta["date"] = self.date(entry.start)
        elif isinstance(entry, News):
            meta["date"] = self.date(entry.date)
        elif isinstance(entry, Organisation):
            meta["country"] = self.label("countries", entry.country)
        sorts = search_sorts(graph, kind, id_, self.lang)
        return SearchFacts(
            [(name, value) for name, _ in SEARCH_FACETS for value in values[name]],
            sorts,
            {k: v for k, v in meta.items() if v},
        )

    def search_page(self) -> SearchView:
        graph, t = self.graph, self.t
        facets = [
            Facet(
                "kind",
                t("search.facet.kind"),
                "",
                [
                    FacetOption(
                        kind,
                        t(f"search.kind.{kind}"),
                        f"{self.prefix}/{KIND_SECTION[kind]}/" if kind in KIND_SECTION else "",
                        len(graph.ids(kind)),
                    )
                    for kind in SEARCH_KINDS
                    if graph.ids(kind)
                ],
            )
        ]
        for name, taxonomy in SEARCH_FACETS:
            if taxonomy:
                title = t("search.facet.priority") if name == "priority" else t(f"taxonomy.{taxonomy}")
                facets.append(
                    Facet(
                        name,
                        title,
                        f"{self.prefix}/{taxonomy}/",
                        [
                            FacetOption(term.code, term.label, graph.term_url(term, self.lang), term.count)
                            for term in graph.taxonomy(taxonomy)
                            if self._searchable_term(taxonomy, term.code)
                        ],
                    )
                )
        total = len(READINESS_CRITERIA)
        scores = [graph.readiness(id_).score for id_ in graph.ids("result")]
        facets.append(
            Facet(
                "readiness",
                t("readiness.title"),
                "",
                [
                    FacetOption(str(score), t("search.readiness", score=score, total=total), "", scores.count(score))
                    for score in range(total, -1, -1)
                    if score in scores
                ],
            )
        )
        statuses = [graph.project(id_).status for id_ in graph.ids("project")]
        facets.append(
            Facet(
                "status",
                t("search.facet.status"),
                "",
                [
                    FacetOption(status, sentence_case(t(f"status.{status}")), "", statuses.count(status))
                    for status in ("planned", "ongoing", "finalised")
                    if status in statuses
                ],
            )
        )
        return SearchView(
            [facet for facet in facets if facet.options],
            [("", t("search.sort.relevance"))] + [(key, t(f"search.sort.{key}")) for key in SEARCH_SORTS],
        )

    # -- the site around the page ---------------------------------------------------------

    def site(self, current_url: str, alternates: dict[str, str]) -> SiteView:
        graph = self.graph
        prefix = self.prefix
        menu = [Link(self.t(f"section.{section}"), f"{prefix}/{section}/") for section in SECTIONS]
        menu += [Link(title, url) for title, url in graph.menu(self.lang)]
        for link in menu:
            link.current = current_url.startswith(link.url)
        languages = [
            LanguageOption(
                code,
                self.vocab["languages"].get(code, {}).get("native") or code,
                alternates.get(code) or f"{graph.lang_prefix(code)}/",
                code == self.lang,
            )
            for code in graph.languages
        ]
        config = self.config
        t = self.t
        feeds = [
            Link(t("footer.feed"), f"{prefix}/feed.xml"),
            Link(t("footer.calendar"), f"{prefix}/events.ics"),
            Link(t("footer.catalogue_json"), "/exports/catalogue.json"),
            Link(t("footer.catalogue_dcat"), "/exports/dcat.jsonld"),
            Link(t("footer.projects_csv"), "/exports/projects.csv"),
            Link(t("footer.results_csv"), "/exports/results.csv"),
            Link(t("footer.sitemap"), "/sitemap.xml"),
        ]
        return SiteView(
            title=config.title,
            description=config.description,
            base_url=config.base_url,
            mode=config.mode,
            lang=self.lang,
            dir=self.vocab["languages"].get(self.lang, {}).get("dir") or "ltr",
            default_language=graph.default_language,
            menu=menu,
            languages=languages,
            publisher=PublisherView(config.publisher.name, config.publisher.url or "", config.publisher.email or ""),
            search=config.search,
            home_url=f"{prefix}/",
            search_url=f"{prefix}/search/",
            accessibility_url=f"{prefix}/accessibility/",
            feeds=feeds,
        )


def search_sorts(graph: SiteGraph, kind: str, id_: str, lang: str) -> dict[str, str]:
    """An entry page's sort keys in the search index: its shown title casefolded, its date (a
    project's start, a result's publication, an event's start, a news item's date) as
    YYYY-MM-DD, a result's readiness score. The build also needs them apart from the page,
    to place the pages of the search index's overlay (search.py)."""
    entry = graph.doc(kind, id_, lang).entry
    # The title the page shows in its <h1>, which Pagefind also shows as the result's title.
    shown_title = getattr(entry, "title", None) or getattr(entry, "name", None) or id_
    sorts = {"title": shown_title.casefold()}
    when: date | datetime | None = None
    if isinstance(entry, Project):
        when = entry.start or date(entry.call_year, 1, 1)
    elif isinstance(entry, Result):
        sorts["readiness"] = str(graph.readiness(id_).score)
        when = entry.published
    elif isinstance(entry, Event):
        when = event_start(entry)
    elif isinstance(entry, News):
        when = entry.date
    if when:
        sorts["date"] = when.date().isoformat() if isinstance(when, datetime) else when.isoformat()
    return sorts


def sentence_case(text: str) -> str:
    """The status words are written for the middle of a sentence; a list item starts with a capital."""
    return text[:1].upper() + text[1:]


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


def human_size(size: int, locale: str = "en") -> str:
    amount = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1024 or unit == "GB":
            break
        amount /= 1024
    if unit == "bytes":
        return f"{size} {unit}"
    return f"{format_decimal(amount, format='#,##0.0', locale=locale)} {unit}"


def join_names(names: list[str], and_word: str) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {and_word} {names[-1]}"


def citation_text(creators: str, year: int | None, title: str, source: str, link: str) -> str:
    """One citation line in the author-date style most readers know: who (year). What. Where. Link."""
    when = f" ({year})" if year else ""
    return f"{creators}{when}. {title.rstrip('.')}. {source}. {link}"


def embed_card(
    *, url: str, title: str, summary: str, category: str, licence: str, languages: str, project: str, statement: str
) -> str:
    """The embeddable card's HTML; every value is escaped (`Markup.format` does it)."""
    return str(
        EMBED_CARD.format(
            url=url,
            title=title,
            summary=summary,
            category=category,
            licence=licence,
            languages=languages,
            project=project,
            statement=statement,
        )
    )
