"""The site graph: every page with its URL, the links between entries, the taxonomies.

The graph reads the content index that the build keeps in its cache (`cache.Store`): each
document's validated fields, the relations between entries, the terms each entry is filed
under, and a few values per entry that lists are sorted and counted by. It never touches a
file itself, and it reads only what a page asks for, so a rebuild after an edit does not
load a catalogue's 75,000 entries to render the ten pages that show the edit.

What a page shows that is computed from other entries (a project's status and countries,
its results, an organisation's projects and place, a term's members, the statistics of the
whole site) is computed here, so templates and outputs (feeds, exports, search) all see the
same facts. Placing organisations on the maps reads the package's own map data and gazetteer
through `maps.geography`, once per process.

**Inputs.** Every value a page can read through the graph comes from an *input*: a
document, an entry's body, the entries linked to another, a term's members, a list's order,
a project's status on the day of the build... Each input has a name (``doc:result:toolkit``)
and a fingerprint; `INPUTS` says, for each kind of input, how to compute its value. A
recording copy of the graph (`recording`) notes the inputs behind every method called on it:
the build keeps, for each page and file, the inputs it read, and makes it again only when
one of them changed. The same registry computes the fingerprints the build compares, so
what is recorded is always what is compared.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, NamedTuple, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global

from .cache import Store
from .content import AnyEntry, BodyLink, Document, LinkTarget, marked_values, static_references, typed
from .maps.geography import Location, basemap, gazetteer, locate, place_of
from .models import (
    KIND_OF_MODEL,
    KIND_SECTION,
    KINDS,
    SECTIONS,
    Defaults,
    Entry,
    Event,
    News,
    Organisation,
    Page,
    Project,
    Ref,
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

TERM_KINDS = ("project", "result", "organisation", "event")
"""The kinds a term page lists, in this order."""

READINESS_CRITERIA = (
    ("open_licence", "an open licence"),
    ("editable_source", "an editable source file"),
    ("languages", "two or more languages"),
    ("guide", "an adaptation guide"),
    ("tested", "tested in two or more countries"),
    ("evidence", "evidence of use"),
    ("contact", "a contact for reuse"),
)

COORDINATED = "coordinated"
"""The filing of a project under its coordinator's country: it has no pages, the statistics
sum grants by it (the grant is awarded to the coordinator)."""

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

NEWEST_FIRST = frozenset({"event", "news"})
"""The kinds whose lists show the newest first; the others are in the order of their `EntryRow.sort`:
projects by call year (newest first) then title, results by title, organisations by name."""


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
    results: list[str]
    """Newest first."""
    events: list[str]
    """Earliest first."""
    news: list[str]
    """Newest first."""
    people_reached: int
    events_held: int
    results_published: int
    """Its results with ``status: final``: those planned or still drafted are not published."""


@dataclass(frozen=True)
class Term:
    """One term of a taxonomy (a country, a field, a licence...) with the number of entries filed under it."""

    taxonomy: str
    code: str
    label: str
    slug: str
    count: int


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

    def to_json(self) -> str:
        """The node as the build cache keeps it: changes when the page itself changes (another URL,
        other entries on a list page); what it shows of the entries is in the inputs it reads."""
        return json.dumps(
            [self.url, self.lang, self.kind, self.key, self.page_number, self.page_count, self.items],
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> PageNode:
        url, lang, kind, key, number, count, items = json.loads(text)
        return cls(url, lang, kind, key, number, count, [(kind, id_) for kind, id_ in items])


def _digest(value: object) -> bytes:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()


# -- what each entry contributes to the content index (the build stores it when it reads a file) --


@dataclass(frozen=True)
class EntryRow:
    """The values of an entry that lists sort, filter and count by: one row per entry in the index."""

    visible: bool
    """Shown in this build: not a draft, or drafts are built."""
    sort: str
    """Its position in its kind's list (see `NEWEST_FIRST`)."""
    day: str
    """The date feeds and the home page order by (YYYY-MM-DD...); a project's start."""
    until: str
    """A project's end (YYYY-MM-DD): with `day` and `state`, its status on any date."""
    state: str
    """A project's status when its file sets one."""
    rank: int
    """Results: featured first, then by readiness (the home page's choice); pages: the menu position (-1: none)."""
    project: str
    """The project a result, event or news item belongs to."""
    grant: float = 0.0
    """A project's EU grant in euros (0 when its file gives none)."""


class IndexRow(NamedTuple):
    """An entry's row in the content index, as the build cache gives it back (see `EntryRow`)."""

    kind: str
    id: str
    visible: int
    sort: str
    day: str
    until: str
    state: str
    rank: int
    project: str
    grant: float


def entry_row(doc: Document[Entry], vocabularies: Vocabularies, drafts: bool) -> EntryRow:
    entry = doc.entry
    visible = drafts or not entry.draft
    if isinstance(entry, Project):
        sort = f"{9999 - entry.call_year:04d}\x1f{entry.title}"
        grant = entry.eu_grant or 0.0
        return EntryRow(visible, sort, _iso(entry.start), _iso(entry.end), entry.status or "", 0, doc.id, grant)
    if isinstance(entry, Result):
        score = readiness(entry, vocabularies["licences"]).score
        return EntryRow(
            visible,
            entry.title.lower(),
            _iso(entry.published),
            "",
            "",
            int(entry.featured) * 100 + score,
            entry.project,
        )
    if isinstance(entry, Event):
        start = event_start(entry).isoformat()
        return EntryRow(visible, start, start, event_end(entry).isoformat(), "", 0, entry.project)
    if isinstance(entry, News):
        return EntryRow(visible, entry.date.isoformat(), entry.date.isoformat(), "", "", 0, entry.project or "")
    if isinstance(entry, Organisation):
        return EntryRow(visible, entry.name.lower(), "", "", "", 0, "")
    assert isinstance(entry, Page)
    return EntryRow(visible, entry.title.lower(), "", "", "", -1 if entry.menu is None else entry.menu, "")


def entry_links(doc: Document[Entry]) -> list[tuple[str, str, int, str]]:
    """(relation, target, position, extra) of a document's links to others, which the graph and
    the checks across files follow backwards: an organisation's projects, a project's results,
    a result's events; ``ref:<kind>`` for every reference to an entry, ``static`` for every file
    of static/ it names (extra: the field); ``body:<kind>`` and ``body:static`` for every link of
    its bodies (`body_link_row`)."""
    entry = doc.entry
    links: list[tuple[str, str, int, str]] = []
    if isinstance(entry, Project):
        links += [("partner", p.organisation, n, p.role) for n, p in enumerate(entry.partners)]
    if isinstance(entry, Result | Event | News) and entry.project:
        links.append(("project", entry.project, 0, ""))
    if isinstance(entry, Event):
        links += [("presents", result, n, "") for n, result in enumerate(entry.results)]
    for path, marker, value in marked_values(type(entry), entry):
        if isinstance(marker, Ref):
            links.append((f"ref:{marker.kind}", value, 0, ".".join(map(str, path))))
    links += [("static", wanted, 0, ".".join(map(str, path))) for path, wanted in static_references(entry)]
    links += [body_link_row(doc.lang, link) for link in doc.body_links]
    return links


def body_link_row(lang: str, link: BodyLink) -> tuple[str, str, int, str]:
    """A link of the body of a document in `lang`, as the content index keeps it (`body_link`)."""
    target = link.target
    extra = json.dumps([lang, link.file, link.written, target.lang, target.anchor], separators=(",", ":"))
    return f"body:{target.kind or 'static'}", target.id, link.line, extra


def body_link(rel: str, target: str, position: int, extra: str) -> tuple[str, BodyLink]:
    """(the document's language, the link) of a row `body_link_row` made."""
    lang, file, written, target_lang, anchor = json.loads(extra)
    kind = rel.removeprefix("body:")
    found = LinkTarget("" if kind == "static" else kind, target, target_lang, anchor)
    return lang, BodyLink(found, written, file, position)


def readiness(result: Result, licences: dict[str, dict[str, Any]]) -> Readiness:
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


def project_status(project: Project, today: date) -> str:
    if project.status:
        return project.status
    if project.start and project.start > today:
        return "planned"
    if project.end and project.end < today:
        return "finalised"
    return "ongoing"


def event_start(event: Event) -> datetime:
    return moment(event.start)


def event_end(event: Event) -> datetime:
    """When an event is over, on the clock it is written in: its end time, else the midnight
    after the last day it takes (an event that gives no end time lasts the rest of its day)."""
    if isinstance(event.end, datetime):
        return moment(event.end)
    last = event.end or event.start
    return datetime.combine((last.date() if isinstance(last, datetime) else last) + timedelta(days=1), time())


def coordinator_of(project: Project) -> str:
    return next(p.organisation for p in project.partners if p.role == "coordinator")


def country_zone(vocabularies: Vocabularies, country: str) -> ZoneInfo:
    """The ``timezone`` the countries vocabulary gives, else the one CLDR knows for the country."""
    named = vocabularies["countries"].get(country, {}).get("timezone")
    if named:
        try:
            return ZoneInfo(named)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # not an IANA zone name: CLDR's zone is the better guess
    return _cldr_zone(country)


@cache
def _cldr_zone(country: str) -> ZoneInfo:
    # CLDR lists a country's zones alphabetically, not the main one first; the European
    # zone is right for every programme country (Madrid, Lisbon, Kyiv). A country CLDR
    # does not know falls back to UTC: the vocabulary's `timezone` is the way to name it.
    zones = get_global("territory_zones").get(country, [])
    european = [zone for zone in zones if zone.startswith("Europe/")]
    return ZoneInfo((european or zones or ["UTC"])[0])


def term_slug(code: str) -> str:
    return code.lower()


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _agency(project: Project, defaults: Defaults, action: dict[str, Any]) -> str:
    if action.get("managed_by") == "EACEA":
        return "EACEA"
    return project.agency or defaults.agency or ""


def _granting_authority(project: Project, defaults: Defaults, action: dict[str, Any]) -> str:
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


def _paginate(items: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


Bodies = Callable[[Document[Entry]], str]
"""Reads a document's Markdown body (from its file, checked against its digest)."""


class SiteGraph:
    """Every page of the site and the facts the pages show, read through its methods.

    A recording copy (`recording`) notes the input behind every method called on it; see the
    module's docstring. That is why everything is read through methods. The configuration, the
    vocabularies and the languages are read freely: a change to them rebuilds everything anyway.
    """

    def __init__(
        self,
        store: Store,
        config: SiteConfig,
        vocabularies: Vocabularies,
        now: datetime,
        bodies: Bodies,
        static: Mapping[str, int],
    ):
        self._store = store
        self._static = static
        """The static files' sizes, by path under static/ (what the build found there)."""
        self._config = config
        self._vocabularies = vocabularies
        self._now = now
        """The moment of the build (aware): what is upcoming, and a project's status on its date."""
        self._bodies = bodies
        self._documents: dict[tuple[str, str], dict[str, Document[Entry]]] = {}
        """(kind, id) -> language -> document: documents read in this build."""
        self._entries: dict[str, dict[str, IndexRow]] = {}
        """kind -> id -> index row, for the kinds whose rows were read in this build."""
        self._read_once: dict[tuple[str, ...], Any] = {}
        """What was read of the content index in this build (a term's members...), by what it is."""
        self._derived: dict[tuple[object, ...], tuple[object, frozenset[str]]] = {}
        """Values computed from several inputs (a project's facts...), with the inputs they read."""
        self.reads: set[str] | None = None
        """The inputs read through this graph, when it is a recording copy."""

    @property
    def store(self) -> Store:
        return self._store

    def reading_from(self, store: Store) -> SiteGraph:
        """The same graph reading another connection to the cache (a forked worker's), with nothing read yet."""
        return SiteGraph(store, self._config, self._vocabularies, self._now, self._bodies, self._static)

    def recording(self) -> SiteGraph:
        """A copy that notes in `reads` every input read through it; what it reads is shared."""
        copy = object.__new__(SiteGraph)
        copy.__dict__.update(self.__dict__)
        copy.reads = set()
        return copy

    def _unrecorded(self) -> SiteGraph:
        """A copy that records nothing: for a value whose own input's fingerprint covers what it reads."""
        copy = object.__new__(SiteGraph)
        copy.__dict__.update(self.__dict__)
        copy.reads = None
        return copy

    def _read(self, name: str) -> None:
        if self.reads is not None:
            self.reads.add(name)

    def _derive(self, key: tuple[object, ...], compute: Callable[[SiteGraph], Any]) -> Any:
        """A value computed once per build from several inputs; a recording copy that uses it
        records the inputs it was computed from."""
        found = self._derived.get(key)
        if found is None:
            recorder = self.recording()
            value = compute(recorder)
            found = self._derived[key] = (value, frozenset(recorder.reads or ()))
        if self.reads is not None:
            self.reads |= found[1]
        return found[0]

    # -- what every page depends on (not recorded) ------------------------------------------

    @property
    def config(self) -> SiteConfig:
        return self._config

    @property
    def vocabularies(self) -> Vocabularies:
        return self._vocabularies

    @property
    def languages(self) -> list[str]:
        return self._config.languages

    @property
    def default_language(self) -> str:
        return self._config.languages[0]

    def lang_prefix(self, lang: str) -> str:
        return "" if lang == self.default_language else f"/{lang}"

    def term_url(self, term: Term, lang: str) -> str:
        return f"{self.lang_prefix(lang)}/{term.taxonomy}/{term.slug}/"

    # -- documents ----------------------------------------------------------------------------

    def _languages_of(self, kind: str, id_: str) -> dict[str, Document[Entry]]:
        found = self._documents.get((kind, id_))
        if found is None:
            model = KINDS[kind].model
            found = {
                lang: Document(
                    kind, id_, lang, model.model_validate_json(entry), path, body_line, front.hex(), body.hex()
                )
                for lang, path, body_line, front, body, entry in self._store.documents(kind, id_)
            }
            self._documents[(kind, id_)] = found
        return found

    @overload
    def doc(self, kind: type[AnyEntry], id_: str, lang: str | None = None) -> Document[AnyEntry]: ...
    @overload
    def doc(self, kind: str, id_: str, lang: str | None = None) -> Document[Entry]: ...

    def doc(self, kind: type[Entry] | str, id_: str, lang: str | None = None) -> Document[Entry]:
        """The entry in `lang`, or in the default language when it is not translated; its body
        is read with `body`. Asked by model (`Project`), the document is typed as one."""
        name = kind if isinstance(kind, str) else KIND_OF_MODEL[kind]
        self._read(f"doc:{name}:{id_}")
        langs = self._languages_of(name, id_)
        doc = langs.get(lang or self.default_language) or langs[self.default_language]
        return doc if isinstance(kind, str) else typed(doc, kind)

    def body(self, doc: Document[Entry]) -> str:
        """A document's Markdown body: only its own page shows it, so it is an input of its own."""
        self._read(f"body:{doc.kind}:{doc.id}")
        return self._bodies(doc)

    def url(self, kind: str, id_: str, lang: str | None = None) -> str:
        """The entry's page in `lang`, or in the default language when not translated."""
        self._read(f"doc:{kind}:{id_}")
        urls = self._urls(kind, id_)
        return urls.get(lang or self.default_language) or urls[self.default_language]

    def translations(self, kind: str, id_: str) -> dict[str, str]:
        """Language -> URL of the entry's page, for the languages it is written in."""
        self._read(f"doc:{kind}:{id_}")
        return self._urls(kind, id_)

    def _urls(self, kind: str, id_: str) -> dict[str, str]:
        base = f"/{KIND_SECTION[kind]}" if kind in KIND_SECTION else ""
        return {
            lang: f"{self.lang_prefix(lang)}{base}/{doc.slug}/" for lang, doc in self._languages_of(kind, id_).items()
        }

    # -- lists and counts -------------------------------------------------------------------

    def _rows(self, kind: str) -> dict[str, IndexRow]:
        """Id -> index row of every entry of a kind shown in this build (read once per build)."""
        found = self._entries.get(kind)
        if found is None:
            found = self._entries[kind] = {
                row.id: row for row in (IndexRow(*values) for values in self._store.entries(kind)) if row.visible
            }
        return found

    def _row(self, kind: str, id_: str) -> IndexRow | None:
        return self._rows(kind).get(id_)

    def ids(self, kind: str) -> list[str]:
        """The ids of every entry of a kind shown in this build, in the order its list shows them."""
        self._read(f"order:{kind}")
        return self._ordered(kind)

    def _ordered(self, kind: str) -> list[str]:
        rows = sorted(self._rows(kind).values(), key=lambda row: (row.sort, row.id), reverse=kind in NEWEST_FIRST)
        return [row.id for row in rows]

    def count(self, kind: str) -> int:
        self._read(f"count:{kind}")
        return len(self._rows(kind))

    def site_project(self) -> str | None:
        """In project mode, the project the site is about: ``project`` in showcase.yaml, or the only one."""
        if self._config.mode != "project":
            return None
        if self._config.project:
            return self._config.project
        self._read("order:project")
        projects = self._ordered("project")
        return projects[0] if len(projects) == 1 else None

    def featured_results(self, limit: int) -> list[str]:
        """The results a catalogue's home page shows first: featured ones, then the readiest, by title."""
        self._read(f"featured:{limit}")
        return self._featured(limit)

    def _featured(self, limit: int) -> list[str]:
        rows = sorted(self._rows("result").values(), key=lambda row: (-row.rank, row.sort, row.id))
        return [row.id for row in rows[:limit]]

    def latest(self, kind: str, limit: int) -> list[str]:
        """The newest news items or results (by date; results without a publication date are left out)."""
        self._read(f"latest:{kind}:{limit}")
        return self._latest(kind, limit)

    def _latest(self, kind: str, limit: int) -> list[str]:
        rows = sorted((row for row in self._rows(kind).values() if row.day), key=lambda row: (row.day, row.id))
        return [row.id for row in reversed(rows[-limit:])] if limit else []

    def coming_events(self, limit: int) -> list[str]:
        """The events that have not started yet on the build's date, the soonest first."""
        self._read(f"coming:{limit}")
        return self._coming(limit)

    def _coming(self, limit: int) -> list[str]:
        rows = sorted(
            (row for row in self._rows("event").values() if self._is_upcoming(row)), key=lambda row: (row.day, row.id)
        )
        return [row.id for row in rows[:limit]]

    def readiness_counts(self) -> dict[int, int]:
        """Readiness score -> number of results with it."""
        self._read("readiness-counts")
        return self._readiness_counts()

    def _readiness_counts(self) -> dict[int, int]:
        return dict(Counter(row.rank % 100 for row in self._rows("result").values()))

    def status_counts(self) -> dict[str, int]:
        """Project status on the build's date -> number of projects with it."""
        self._read("status-counts")
        return self._status_counts()

    def _status_counts(self) -> dict[str, int]:
        return dict(Counter(self._project_status(row) for row in self._rows("project").values()))

    # -- derived facts ----------------------------------------------------------------------

    def project(self, id_: str) -> ProjectFacts:
        return self._derive(("project", id_), lambda graph: graph._project_facts(id_))

    def _project_facts(self, id_: str) -> ProjectFacts:
        project = self.doc(Project, id_).entry
        config = self._config
        action = self._vocabularies["actions"].get(project.action, {})
        self._read(f"linked:project:{id_}")
        members = self._store.linked("project", id_)
        results = sorted(
            (m for m in members if m[0] == "result" and self._visible("result", m[1])),
            key=lambda m: (self.doc(Result, m[1]).entry.published or date.min, m[1]),
            reverse=True,
        )
        events = sorted(
            (m for m in members if m[0] == "event" and self._visible("event", m[1])),
            key=lambda m: (event_start(self.doc(Event, m[1]).entry), m[1]),
        )
        news = sorted(
            (m for m in members if m[0] == "news" and self._visible("news", m[1])),
            key=lambda m: (self.doc(News, m[1]).entry.date, m[1]),
            reverse=True,
        )
        held = [e for _, e, _, _ in events if not self.upcoming(e)]
        return ProjectFacts(
            status=self.status(id_),
            education_field=self._field(project),
            period=action.get("period") or ("2014-2020" if project.call_year < 2021 else "2021-2027"),
            funding_statement=project.funding_statement or config.defaults.funding_statement,
            granting_authority=_granting_authority(project, config.defaults, action),
            agency=_agency(project, config.defaults, action),
            platform_url=project.platform_url or PLATFORM_CARD.format(code=project.code),
            countries=self._countries(project),
            coordinator=coordinator_of(project),
            results=[r for _, r, _, _ in results],
            events=[e for _, e, _, _ in events],
            news=[n for _, n, _, _ in news],
            people_reached=sum(p.total for e in held if (p := self.doc(Event, e).entry.participants)),
            events_held=len(held),
            results_published=sum(self.doc(Result, r).entry.status == "final" for _, r, _, _ in results),
        )

    def _countries(self, project: Project) -> list[str]:
        """The countries of a project's partners, in the order the partners are listed."""
        countries = (self.doc(Organisation, p.organisation).entry.country for p in project.partners)
        return list(dict.fromkeys(countries))

    def _field(self, project: Project) -> str:
        return project.field or self._vocabularies["actions"].get(project.action, {}).get("field", "MIX")

    def _visible(self, kind: str, id_: str) -> bool:
        """Whether a linked entry is shown in this build; read as part of its document."""
        self._read(f"doc:{kind}:{id_}")
        return self._row(kind, id_) is not None

    def status(self, project_id: str) -> str:
        """A project's status on the day of the build (`project_status`, from its row in the index)."""
        self._read(f"status:{project_id}")
        row = self._row("project", project_id)
        assert row is not None, f"there is no project {project_id}"
        return self._project_status(row)

    def _project_status(self, row: IndexRow) -> str:
        today = self._now.date().isoformat()
        if row.state:
            return row.state
        if row.day and row.day > today:
            return "planned"
        if row.until and row.until < today:
            return "finalised"
        return "ongoing"

    def readiness(self, result_id: str) -> Readiness:
        return readiness(self.doc(Result, result_id).entry, self._vocabularies["licences"])

    def projects_of(self, organisation_id: str) -> list[tuple[str, str]]:
        """(project id, role) of the projects an organisation takes part in, by project id."""
        self._read(f"linked:partner:{organisation_id}")
        return [
            (id_, role)
            for kind, id_, _, role in self._store.linked("partner", organisation_id)
            if self._visible(kind, id_)
        ]

    def events_of(self, result_id: str) -> list[str]:
        """The events where a result was presented, the earliest first."""
        self._read(f"linked:presents:{result_id}")
        events = [id_ for kind, id_, _, _ in self._store.linked("presents", result_id) if self._visible(kind, id_)]
        return sorted(events, key=lambda e: (event_start(self.doc(Event, e).entry), e))

    def upcoming(self, event_id: str) -> bool:
        """The event is not over at the build's moment: it is to come or under way."""
        self._read(f"upcoming:{event_id}")
        row = self._row("event", event_id)
        return row is not None and self._is_upcoming(row)

    def _is_upcoming(self, row: IndexRow) -> bool:
        return self._ends_by(row) > self._now

    def _ends_by(self, row: IndexRow) -> datetime:
        """When an event is over (`event_end` in its time zone); for one that ends more than a day
        from the build's moment, its end as if written in UTC. A venue's clock is within 14 hours
        of UTC, so that compares with the build's moment as the exact end does, and lists of
        events read no event's document."""
        written = datetime.fromisoformat(row.until).replace(tzinfo=UTC)
        if abs(written - self._now) > timedelta(days=1):
            return written
        unrecorded = self._unrecorded()
        event = unrecorded.doc(Event, row.id).entry
        return unrecorded.zoned(event, event.end if isinstance(event.end, datetime) else event_end(event))

    def next_change(self) -> datetime | None:
        """A moment by which what is upcoming may have changed (a day before the first end of
        an event not over yet, `_ends_by` being a day early at worst); None when none is."""
        ends = [self._ends_by(row) for row in self._rows("event").values() if self._is_upcoming(row)]
        return min(ends) - timedelta(days=1) if ends else None

    def event_zone(self, event: Event) -> ZoneInfo:
        """The time zone of an event's times: its country's (`country_zone`), the venue's, else
        the host organisation's (for online events), else the coordinator's."""
        if event.place:
            country = event.place.country
        else:
            organisation = event.host or coordinator_of(self.doc(Project, event.project).entry)
            country = self.doc(Organisation, organisation).entry.country
        return country_zone(self._vocabularies, country)

    def zoned(self, event: Event, moment: datetime) -> datetime:
        """A date-time of an event in its zone. A time written with an offset (``16:00+01:00``)
        keeps its instant but moves into the named zone, whose rules calendars can carry (a bare
        offset is no iCalendar zone)."""
        zone = self.event_zone(event)
        return moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)

    @property
    def today(self) -> date:
        """The date of the build's moment."""
        self._read("today")
        return self._now.date()

    def menu(self, lang: str) -> list[tuple[str, str, str]]:
        """(title, URL, the title's language) in `lang` of the plain pages in the main menu, in
        menu order; a page not translated into `lang` is in the default language.

        One input for the whole menu, not a read of each page: every page shows the menu, and
        must not be rendered again when a menu page's text changes, only when its title does."""
        self._read("menu")
        return self._menu()[lang]

    def _menu(self) -> dict[str, list[tuple[str, str, str]]]:
        pages = sorted((row.rank, row.id) for row in self._rows("page").values() if row.rank >= 0)
        menus: dict[str, list[tuple[str, str, str]]] = {lang: [] for lang in self.languages}
        for _, id_ in pages:
            langs, urls = self._languages_of("page", id_), self._urls("page", id_)
            original = typed(langs[self.default_language], Page)
            for lang, menu in menus.items():
                doc = typed(langs.get(lang) or original, Page)
                # A translation that leaves the title as it was shows the original's.
                title_lang = original.lang if doc.entry.title == original.entry.title else doc.lang
                menu.append((doc.entry.title, urls.get(lang) or urls[self.default_language], title_lang))
        return menus

    def location(self, organisation_id: str) -> Location | None:
        """Where an organisation is (its place and its position on each map layer); None when
        neither its coordinates, nor its city, nor its country's centre are known."""
        return self._derive(("location", organisation_id), lambda graph: graph._locate(organisation_id))

    def _locate(self, organisation_id: str) -> Location | None:
        organisation = self.doc(Organisation, organisation_id).entry
        base = basemap()
        place = place_of(
            organisation.latitude,
            organisation.longitude,
            organisation.city,
            organisation.country,
            lambda country, city: gazetteer().find(country, city),  # loaded only for an organisation placed by city
            base.centres,
        )
        return None if place is None else locate({organisation_id: place}, base)[organisation_id]

    def organisations_in(self, country: str) -> list[str]:
        """The organisations of a country, by name."""
        return [id_ for kind, id_ in self.members("countries", country) if kind == "organisation"]

    def statistics(self) -> dict[str, Figures]:
        """Every table of figures (`STATISTICS`), from the content index: counted once per build."""
        self._read("statistics")
        key = ("statistics",)
        if key not in self._read_once:
            self._read_once[key] = self._count_statistics()
        return self._read_once[key]

    def _count_statistics(self) -> dict[str, Figures]:
        """A project counts once in each country it has a partner in; its grant counts in its
        coordinator's country. A result counts once in each of its languages."""
        tables: dict[str, defaultdict[str, float]] = {name: defaultdict(float) for name in STATISTICS}
        projects = self._rows("project")

        def filed(taxonomy: str, kind: str) -> Iterable[tuple[str, str]]:
            return ((code, id_) for code, k, id_ in self._store.filed_in(taxonomy) if k == kind and self._row(k, id_))

        for table, taxonomy, kind in (
            ("projects_by_year", "years", "project"),
            ("projects_by_country", "countries", "project"),
            ("projects_by_field", "fields", "project"),
            ("projects_by_action", "actions", "project"),
            ("results_by_category", "categories", "result"),
            ("results_by_licence", "licences", "result"),
            ("results_by_language", "languages", "result"),
            ("organisations_by_country", "countries", "organisation"),
        ):
            for code, _ in filed(taxonomy, kind):
                tables[table][code] += 1
        for code, id_ in filed("years", "project"):
            tables["grant_by_year"][code] += projects[id_].grant
        for code, id_ in filed(COORDINATED, "project"):
            tables["grant_by_country"][code] += projects[id_].grant
        tables["projects_by_status"].update(self._status_counts())
        tables["results_by_readiness"].update((str(score), n) for score, n in self._readiness_counts().items())

        statuses = ("planned", "ongoing", "finalised")
        figures: dict[str, Figures] = {}
        for name, counted in tables.items():
            rounded = {code: round(value, 2) for code, value in counted.items() if value}
            if STATISTICS[name] in ("years", "readiness"):
                order = sorted(rounded, key=int)
            elif name == "projects_by_status":
                order = [status for status in statuses if status in rounded]
            else:
                order = sorted(rounded, key=lambda code: (-rounded[code], code))
            figures[name] = tuple((code, float(rounded[code])) for code in order)
        return figures

    def static_size(self, path: str) -> int | None:
        """The size in bytes of a file in the site's static/ folder; None when there is none."""
        self._read(f"static:{path}")
        return self._static.get(path)

    # -- taxonomies -----------------------------------------------------------------------------

    def filings(self, kind: str, id_: str) -> list[tuple[str, str]]:
        """(taxonomy, code) of the terms an entry is filed under, for the content index (`filed`).

        Projects by their partners' countries, field, action, call year, priorities and
        languages; results by category, licence, their project's field and priorities, their
        languages and the countries they were tested in; organisations by country."""
        doc = self.doc(kind, id_)
        entry = doc.entry
        found: list[tuple[str, str]] = []
        if isinstance(entry, Project):
            found += [("countries", c) for c in self._countries(entry)]
            found.append((COORDINATED, self.doc(Organisation, coordinator_of(entry)).entry.country))
            found += [("fields", self._field(entry)), ("actions", entry.action), ("years", str(entry.call_year))]
            found += [("priorities", p) for p in entry.priorities]
            found += [("languages", lang) for lang in entry.languages]
        elif isinstance(entry, Result):
            project = self.doc(Project, entry.project).entry
            found += [("categories", entry.category), ("licences", entry.licence), ("fields", self._field(project))]
            found += [("languages", lang) for lang in entry.languages]
            found += [("priorities", p) for p in project.priorities]
            found += [("countries", c) for c in entry.transferability.tested_countries]
        elif isinstance(entry, Organisation):
            found.append(("countries", entry.country))
        return list(dict.fromkeys(found))  # an entry may name a term twice (a language of the project and the result)

    def terms_of(self, kind: str, id_: str) -> list[Term]:
        """The terms an entry is filed under."""
        self._read(f"doc:{kind}:{id_}")
        terms = []
        for taxonomy, code in self._store.filed_of(kind, id_):
            term = self.term(taxonomy, code) if taxonomy in TAXONOMIES else None
            if term is not None:
                terms.append(term)
        return terms

    def term(self, taxonomy: str, code: str) -> Term | None:
        """A term to name or link to (its label and URL); None when no entry shown is filed under it.

        Its count belongs to `taxonomy`: a page that only links to a term does not change when
        another entry joins it."""
        self._read(f"term:{taxonomy}:{code}")
        return self._term(taxonomy, code, 0) if self._members(taxonomy, code) else None

    def _term(self, taxonomy: str, code: str, count: int) -> Term:
        vocabulary = TAXONOMIES[taxonomy]
        label = self._vocabularies.label(vocabulary, code) if vocabulary else code
        return Term(taxonomy, code, label, term_slug(code), count)

    def taxonomy(self, taxonomy: str) -> list[Term]:
        """The terms of a taxonomy with their counts, in the vocabulary's order."""
        self._read(f"taxonomy:{taxonomy}")
        return self._taxonomy(taxonomy)

    def _taxonomy(self, taxonomy: str) -> list[Term]:
        key = ("taxonomy", taxonomy)
        if key not in self._read_once:
            self._read_once[key] = self._read_taxonomy(taxonomy)
        return self._read_once[key]

    def _read_taxonomy(self, taxonomy: str) -> list[Term]:
        counts = Counter(code for code, kind, id_ in self._store.filed_in(taxonomy) if self._row(kind, id_))
        vocabulary = TAXONOMIES[taxonomy]
        order = list(self._vocabularies[vocabulary]) if vocabulary else sorted(counts, reverse=True)
        position = {code: index for index, code in enumerate(order)}
        codes = sorted(counts, key=lambda code: (position.get(code, len(position)), code))
        return [self._term(taxonomy, code, counts[code]) for code in codes]

    def members(self, taxonomy: str, code: str) -> list[tuple[str, str]]:
        """(kind, id) of the entries filed under a term, by kind, each kind in its list's order."""
        self._read(f"members:{taxonomy}:{code}")
        return self._members(taxonomy, code)

    def _members(self, taxonomy: str, code: str) -> list[tuple[str, str]]:
        key = ("members", taxonomy, code)
        if key not in self._read_once:
            self._read_once[key] = self._read_members(taxonomy, code)
        return self._read_once[key]

    def _read_members(self, taxonomy: str, code: str) -> list[tuple[str, str]]:
        filed: dict[str, list[IndexRow]] = {}
        for _, kind, id_ in self._store.filed_in(taxonomy, code):
            if (row := self._row(kind, id_)) is not None:
                filed.setdefault(kind, []).append(row)
        found: list[tuple[str, str]] = []
        for kind in TERM_KINDS:
            rows = sorted(filed.get(kind, []), key=lambda row: (row.sort, row.id), reverse=kind in NEWEST_FIRST)
            found += [(kind, row.id) for row in rows]
        return found

    # -- the pages --------------------------------------------------------------------------------

    def family(self, name: str) -> list[PageNode]:
        """The pages of one family: an entry's pages in its languages (``entry:result:toolkit``), a
        section's list (``section:results``), a taxonomy's index (``taxonomy:countries``), a term's
        list (``term:countries:DE``), or the site's own pages (``site``)."""
        family, _, key = name.partition(":")
        if family == "entry":
            kind, id_ = key.split(":", 1)
            return self._entry_pages(kind, id_)
        if family == "section":
            kind = SECTIONS[key]
            items = [(kind, id_) for id_ in self.ids(kind)]
            return [
                node
                for lang in self.languages
                for node in self._list_pages(f"{self.lang_prefix(lang)}/{key}/", lang, "section", key, items)
            ]
        if family == "taxonomy":
            return [PageNode(f"{self.lang_prefix(lang)}/{key}/", lang, "taxonomy", key) for lang in self.languages]
        if family == "term":
            taxonomy, code = key.split(":", 1)
            items = self.members(taxonomy, code)
            if not items:
                return []
            return [
                node
                for lang in self.languages
                for node in self._list_pages(
                    f"{self.lang_prefix(lang)}/{taxonomy}/{term_slug(code)}/", lang, "term", f"{taxonomy}/{code}", items
                )
            ]
        assert name == "site", name
        pages: list[PageNode] = []
        for lang in self.languages:
            prefix = self.lang_prefix(lang)
            pages += [
                PageNode(f"{prefix}/", lang, "home"),
                PageNode(f"{prefix}/search/", lang, "search"),
                PageNode(f"{prefix}/accessibility/", lang, "accessibility"),
                PageNode(f"{prefix}/statistics/", lang, "statistics"),
                # /404.html answers for the whole site on every host; /<lang>/404.html, for hosts
                # that look for the nearest one, answers in the language of the address asked for.
                PageNode(f"{prefix}/404.html", lang, "not_found"),
            ]
        return pages

    def family_names(self) -> list[str]:
        """Every family of pages: what a build from nothing makes."""
        terms = sorted({(taxonomy, code) for taxonomy in TAXONOMIES for code, _, _ in self._store.filed_in(taxonomy)})
        return [
            "site",
            *(f"section:{section}" for section in SECTIONS),
            *(f"taxonomy:{taxonomy}" for taxonomy in TAXONOMIES),
            *(f"term:{taxonomy}:{code}" for taxonomy, code in terms),
            *(f"entry:{kind}:{id_}" for kind in KINDS for id_ in sorted(row[1] for row in self._store.entries(kind))),
        ]

    def _entry_pages(self, kind: str, id_: str) -> list[PageNode]:
        if not self._visible(kind, id_):
            return []
        return [PageNode(url, lang, kind, id_) for lang, url in self.translations(kind, id_).items()]

    def _list_pages(self, url: str, lang: str, kind: str, key: str, items: list[tuple[str, str]]) -> Iterable[PageNode]:
        chunks = _paginate(items, self._config.page_size)
        for number, chunk in enumerate(chunks, start=1):
            page_url = url if number == 1 else f"{url}page/{number}/"
            yield PageNode(page_url, lang, kind, key, number, len(chunks), chunk)

    # -- the inputs' values, to compare with the previous build's ------------------------------

    def input_value(self, name: str) -> object:
        """The value an input stands for, as a plain comparable value (None when it is gone)."""
        kind, _, argument = name.partition(":")
        return INPUTS[kind](self, *(argument.split(":") if argument else ()))

    def fingerprint(self, name: str) -> bytes:
        return _digest(self.input_value(name))


def _document_state(graph: SiteGraph, kind: str, id_: str) -> object:
    """What an entry's pages show of its fields: its documents' front matter, and whether it is shown."""
    documents = tuple((lang, path, front) for lang, path, _, front, _, _ in graph._store.documents(kind, id_))
    return (documents, graph._row(kind, id_) is not None) if documents else None


def _body_state(graph: SiteGraph, kind: str, id_: str) -> object:
    return tuple((lang, body) for lang, _, _, _, body, _ in graph._store.documents(kind, id_)) or None


def _linked_state(graph: SiteGraph, rel: str, target: str) -> object:
    return tuple(graph._store.linked(rel, target))


INPUTS: dict[str, Callable[..., object]] = {
    "doc": _document_state,
    "body": _body_state,
    "linked": _linked_state,
    "order": lambda graph, kind: tuple(graph._ordered(kind)),
    "count": lambda graph, kind: len(graph._rows(kind)),
    "featured": lambda graph, limit: tuple(graph._featured(int(limit))),
    "latest": lambda graph, kind, limit: tuple(graph._latest(kind, int(limit))),
    "coming": lambda graph, limit: tuple(graph._coming(int(limit))),
    "readiness-counts": lambda graph: graph._readiness_counts(),
    "status-counts": lambda graph: graph._status_counts(),
    "status": lambda graph, id_: graph._project_status(row) if (row := graph._row("project", id_)) else None,
    "upcoming": lambda graph, id_: graph._is_upcoming(row) if (row := graph._row("event", id_)) else None,
    "today": lambda graph: graph._now.date(),
    "menu": lambda graph: graph._menu(),
    "static": lambda graph, *path: graph._static.get(":".join(path)),
    "term": lambda graph, taxonomy, code: bool(graph._members(taxonomy, code)),
    "taxonomy": lambda graph, taxonomy: tuple(graph._taxonomy(taxonomy)),
    "members": lambda graph, taxonomy, code: tuple(graph._members(taxonomy, code)),
    "statistics": lambda graph: tuple(graph._count_statistics().items()),
}
"""Each kind of input (the part of its name before the first ':') -> its value, from the
arguments in the rest of its name. `SiteGraph` records inputs by these names; the build
compares their fingerprints; tests/test_incremental.py checks that every name recorded in a
build resolves here."""
