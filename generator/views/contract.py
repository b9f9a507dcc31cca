"""The views' contract: what templates see of the site graph, the API a theme relies on.

Templates never touch content models or the graph: each page gets a `PageView` whose
fields are ready to print (translated labels instead of codes, URLs, formatted dates and
amounts, rendered Markdown, the QR code and the embeddable card). docs/themes.md lists
these names; `builder` fills them.

Text in another language than the page's (the title of an entry that is not translated, a
label with no translation, a field a translation leaves to its original) is a `Text` that
knows its language, so that templates can mark it with ``lang`` (WCAG 2.1, 3.1.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Text(str):
    """A string that knows the language it is written in when that is not the page's.

    It prints like any string; `lang` is the language's code, or empty when the text is in the
    page's language (or in none, like a code). Templates mark it with the `lang_attr` filter on
    the element that holds it (``<p{{ text | lang_attr }}>``) or wrap it with `lang_span`
    (``{{ texts | map("lang_span") | join(", ") }}``). A text joined into a longer one loses it."""

    lang: str

    def __new__(cls, text: str, lang: str = "") -> Text:
        self = super().__new__(cls, text)
        self.lang = lang
        return self


@dataclass
class Link:
    label: str
    """May be a `Text` in another language than the page's."""
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
    """May be a `Text`: mark the ``<img>`` with its language (``lang`` applies to ``alt``)."""


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
    """A `Text`: the entry's language when it is not translated into the page's."""
    url: str
    summary: str = ""
    """A `Text`, like the title."""
    facts: list[str] = field(default_factory=list)
    """Short, translated facts (category, licence, countries...), shown in one line; a fact with
    no translation is a `Text` in English."""
    date: str = ""
    date_iso: str = ""
    """The same date as YYYY-MM-DD, for ``<time datetime>``."""
    readiness: int | None = None
    """Results only: the transferability readiness score."""
    readiness_total: int = 0
    draft: bool = False
    upcoming: bool = False
    """Events only: it is not over yet (to come or under way)."""


@dataclass
class Funding:
    """The EU funding statement and disclaimer a page carries, ready to print."""

    kind: str
    """co-funded, funded, legacy (2014-2020 wording) or general (a page covering many projects)."""
    statement: str
    """Beside the EU emblem, and the emblem's text alternative."""
    disclaimer: str
    """Markup: it marks the authority's name with ``lang`` when that is in another language."""
    authority: str
    """The granting authority the disclaimer names; empty for the 2014-2020 wording."""


@dataclass
class MapView:
    """A map drawn at build time: inline SVG over the site's shared base map, and in words what it shows."""

    svg: str
    """The ``<svg role="img">``, named by its ``<title>``; trusted markup."""
    legend: list[tuple[str, str]]
    """(CSS class of a symbol or colour, what it stands for), e.g. ("map-coordinator", "Coordinator")."""
    columns: tuple[str, str]
    """Headings of `rows`' two columns."""
    rows: list[tuple[Link, str]]
    """The map's figures as a table (place or country, organisations); empty where the page
    lists them already (a project's partners table)."""
    credit: str
    """Where the geometry and the places come from."""


@dataclass
class Partner:
    organisation: Link
    country: Link
    role: str
    type: Text
    place: str
    """Where the map puts it: its city, or its country when the map uses the country's centre."""
    precision: str
    """How precisely: the organisation's own coordinates, its city's centre or its country's centre (translated)."""


@dataclass
class ProjectView:
    id: str
    title: Text
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
    map: MapView | None
    """The partners on a map; None when none of them can be placed."""
    countries: list[Link]
    priorities: list[Link]
    topics: list[Text]
    target_groups: list[Text]
    languages: list[Link]
    summary: Text
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
    results_published: int
    """The results with ``status: final``, of those in `results`."""
    feed_url: str
    calendar_url: str
    body: Text


@dataclass
class LicenceView:
    code: str
    label: Text
    url: str
    plain: Text
    open: bool
    adapt: bool
    commercial: bool
    share_alike: bool
    attribution: bool


@dataclass
class FileView:
    title: Text
    """In the file's own language when it has one."""
    url: str
    format: str
    size: str
    language: Text
    """The name of the file's language, in the page's language."""
    lang: str
    """The file's language's code, for ``hreflang``; empty when not given."""
    editable: bool


@dataclass
class EvidenceView:
    kind: str
    description: Text
    count: str
    """Formatted for the language (1,250 or 1.250); empty when not counted."""
    unit: Text
    date: str
    country: Text


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
    title: Text
    url: str
    absolute_url: str
    project: Link
    category: Link
    kind: str
    status: str
    published: str
    languages: list[Link]
    summary: Text
    files: list[FileView]
    doi: str
    licence: LicenceView
    credit: str
    """The credit line to copy (title, authors, source, licence), whether or not it is required."""
    authors: list[str]
    audience: list[Text]
    educational_levels: list[Text]
    accessibility: list[Text]
    keywords: list[Text]
    image: Picture | None
    readiness: ReadinessView
    reuse: str
    tested_countries: list[Link]
    tested_fields: list[Text]
    contexts: list[Text]
    prerequisites: list[Text]
    effort: str
    guide: Text
    """HTML."""
    guide_file: str
    evidence: list[EvidenceView]
    sustainability: Text
    contact: ContactView | None
    events: list[Card]
    citation: CitationView
    qr: QRCode
    embed: str
    """The embeddable card's HTML, to show as text for partners to copy."""
    body: Text
    """HTML; a translation without a body of its own shows its original's, marked with its language."""


@dataclass
class OrganisationView:
    id: str
    name: str
    name_en: str
    url: str
    type: Text
    country: Link
    region: str
    city: str
    oid: str
    pic: str
    website: str
    logo: Picture | None
    projects: list[tuple[Card, str]]
    """(project, its translated role in it)."""
    map: MapView | None
    precision: str
    """How precisely the map places it (translated); empty without a map."""
    body: Text


@dataclass
class EventView:
    id: str
    title: Text
    url: str
    type: Text
    project: Link
    when: str
    """Its dates and times, each date once, times with their zone: "3 December 2026, 15:00–16:30 CET"."""
    upcoming: bool
    """It is not over yet (to come or under way) at the time of the build."""
    place: str
    country: Link | None
    online: str
    host: Link | None
    languages: list[Text]
    participants: list[tuple[str, str]]
    """(translated label, formatted count): aggregate numbers only."""
    results: list[Card]
    images: list[Picture]
    calendar_url: str
    summary: Text
    body: Text


@dataclass
class NewsView:
    id: str
    title: Text
    url: str
    date: str
    project: Link | None
    summary: Text
    results: list[Card]
    image: Picture | None
    body: Text


@dataclass
class PlainPageView:
    id: str
    title: Text
    url: str
    summary: Text
    body: Text


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
    map: MapView | None
    """A country's page: its organisations on a map; None elsewhere."""
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
    """Each section with the number of entries in it; the link's label is the word that follows
    the number, in the form the number asks for ("1 project", "12 projects")."""
    browse: list[TermGroup]
    map: MapView | None
    """A catalogue's organisations per country, as a choropleth; None in project mode (the
    project's view has its partners' map) and without organisations."""
    statistics_url: str


@dataclass
class ChartView:
    """One table of figures of the statistics page, drawn as a bar chart."""

    id: str
    """Its anchor on the page (``projects-by-year``)."""
    title: str
    svg: str
    """The ``<svg role="img">`` named by its ``<title>``; trusted markup; empty without figures."""
    columns: tuple[str, str]
    rows: list[tuple[Link, str]]
    """(what is counted, linked to its page where there is one; the formatted figure): the same
    figures as the chart, all of them (a long chart shows the largest only)."""
    total: str
    """The sum, formatted; empty where an entry counts in several rows (a project in each country)."""
    note: str
    """How the table counts, in one sentence; may be empty."""


@dataclass
class StatisticsView:
    groups: list[tuple[str, list[ChartView]]]
    """(translated heading, its charts): projects, funding, results, organisations."""
    csv_url: str
    """The same figures as CSV (an export)."""


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
    title: Text
    """In the page's language when showcase.yaml's ``translations`` give it, else in the default language."""
    description: Text
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
    statistics_url: str
    feeds: list[Link]
    """Site-wide feeds and open data (Atom, calendar, exports, sitemap) for the footer."""
    content_security_policy: str
    """For the ``<meta http-equiv="Content-Security-Policy">`` tag that every page carries first in its head."""


@dataclass
class SearchFacts:
    """What an entry page tells the search index besides its text (views/search_facts.py makes
    its `SearchRecord` of both). Filter values are codes (DE, ADU, CC-BY-4.0), the same in
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
    links to the browse pages, and with it the script labels the codes the index holds."""

    facets: list[Facet]
    sorts: list[tuple[str, str]]
    """(sort key, translated label); relevance, the key "", first."""
    counts: dict[str, str]
    """How the page says a number of search results, for each CLDR plural category the language
    uses for whole numbers (``one``, ``few``, ``many``, ``other``...), with ``{count}`` for the
    number: the script picks one with ``Intl.PluralRules``."""


ItemView = (
    ProjectView
    | ResultView
    | OrganisationView
    | EventView
    | NewsView
    | PlainPageView
    | ListView
    | HomeView
    | SearchView
    | AccessibilityView
    | StatisticsView
    | None
)
"""What a page is about, one view per page kind."""


@dataclass
class PageView:
    """Everything one template render receives, as ``page`` (the site is ``site``)."""

    kind: str
    lang: str
    title: str
    """The page's name; on an entry's page a `Text`, which a translation may leave to its original."""
    description: str
    url: str
    canonical: str
    alternates: list[Link]
    breadcrumbs: list[Link]
    funding: Funding
    draft: bool
    item: ItemView
    """The kind's own view: ProjectView, ResultView, ListView, HomeView...; None on the 404 page."""
    head: str = ""
    """Extra markup for <head> from outputs (structured data); trusted HTML."""
    search: SearchFacts | None = None
    """Entry pages: what the search index learns about the page."""
