"""What the search index and the search page know of the site: records, filters, sort keys, facts.

An entry page gives the index a `SearchRecord` (`search_record`): the text of its title,
summary, topics, keywords, target groups, audience and body, the filter values it is counted
under, its sort keys and the facts a search result shows (`search_facts`). The search page lists
every filter with its values and counts (`search_page`). Filter values are codes (DE, ADU,
CC-BY-4.0), the same in every language, so a search URL keeps working on another language's
search page.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from ..graph import READINESS_CRITERIA, SiteGraph, event_start
from ..i18n import plural_samples
from ..models import KIND_SECTION, KINDS, Event, News, Organisation, Project, Result
from ..search.records import SearchRecord
from ..vocabularies import Vocabularies
from . import wording
from .builder import ViewBuilder, sentence_case
from .contract import Facet, FacetOption, OrganisationView, PageView, SearchFacts, SearchView

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


def _searchable_term(vocab: Vocabularies, taxonomy: str, code: str) -> bool:
    """The priority filter offers the programme's horizontal priorities only."""
    return taxonomy != "priorities" or vocab["priorities"].get(code, {}).get("scope") == "horizontal"


def search_facts(views: ViewBuilder, kind: str, id_: str) -> SearchFacts:
    """The filters, sort keys and result facts of an entry page in the search index.

    The taxonomy filters are the terms the entry is filed under on the browse pages; a
    result also takes its project's countries, action, call year and status, so that
    "results of German KA220 projects" is one search.
    """
    graph = views.graph
    doc = graph.doc(kind, id_, views.lang)
    entry = doc.entry
    facet_of = {taxonomy: name for name, taxonomy in SEARCH_FACETS if taxonomy}
    values: dict[str, list[str]] = {name: [] for name, _ in SEARCH_FACETS}
    values["kind"].append(kind)
    for term in graph.terms_of(kind, id_):
        if _searchable_term(graph.vocabularies, term.taxonomy, term.code):
            values[facet_of[term.taxonomy]].append(term.code)
    meta: dict[str, str] = {}
    project_id = id_ if isinstance(entry, Project) else getattr(entry, "project", None)
    if isinstance(entry, (Project, Result)) and project_id:
        project = graph.doc(Project, project_id).entry
        facts = graph.project(project_id)
        values["country"] += [c for c in facts.countries if c not in values["country"]]
        values["action"] = [project.action]
        values["year"] = [str(project.call_year)]
        values["status"] = [facts.status]
        meta["country"] = ", ".join(views.label("countries", c) for c in facts.countries)
        meta["year"] = str(project.call_year)
    if isinstance(entry, Result):
        readiness = graph.readiness(id_)
        values["readiness"] = [str(readiness.score)]
        meta["licence"] = entry.licence  # the short code, as the cards show it
        meta["readiness"] = views.t.gettext(
            "Reuse readiness: %(score)s of %(total)s", score=readiness.score, total=readiness.total
        )
    elif isinstance(entry, Event):
        if entry.place:
            values["country"] = [entry.place.country]
            meta["country"] = views.label("countries", entry.place.country)
        meta["date"] = views.date(entry.start)
    elif isinstance(entry, News):
        meta["date"] = views.date(entry.date)
    elif isinstance(entry, Organisation):
        meta["country"] = views.label("countries", entry.country)
    sorts = search_sorts(graph, kind, id_, views.lang)
    return SearchFacts(
        [(name, value) for name, _ in SEARCH_FACETS for value in values[name]],
        sorts,
        {k: v for k, v in meta.items() if v},
    )


def search_page(views: ViewBuilder) -> SearchView:
    graph, t = views.graph, views.t
    facets = [
        Facet(
            "kind",
            t.pgettext("kind of entry: project, result, event...", "Type"),
            "",
            [
                FacetOption(
                    kind,
                    wording.kind_title(t, kind),
                    f"{views.prefix}/{KIND_SECTION[kind]}/" if kind in KIND_SECTION else "",
                    graph.count(kind),
                )
                for kind in KINDS
                if graph.count(kind)
            ],
        )
    ]
    for name, taxonomy in SEARCH_FACETS:
        if taxonomy:
            title = t.gettext("Horizontal priorities") if name == "priority" else wording.taxonomy_title(t, taxonomy)
            facets.append(
                Facet(
                    name,
                    title,
                    f"{views.prefix}/{taxonomy}/",
                    [
                        FacetOption(
                            term.code,
                            views.term_label(taxonomy, term.code),
                            graph.term_url(term, views.lang),
                            term.count,
                        )
                        for term in graph.taxonomy(taxonomy)
                        if _searchable_term(graph.vocabularies, taxonomy, term.code)
                    ],
                )
            )
    total = len(READINESS_CRITERIA)
    scores = graph.readiness_counts()
    facets.append(
        Facet(
            "readiness",
            t.gettext("Transferability readiness"),
            "",
            [
                FacetOption(
                    str(score),
                    t.ngettext("%(score)s of %(num)s criterion", "%(score)s of %(num)s criteria", total, score=score),
                    "",
                    scores[score],
                )
                for score in range(total, -1, -1)
                if score in scores
            ],
        )
    )
    statuses = graph.status_counts()
    facets.append(
        Facet(
            "status",
            t.gettext("Project status"),
            "",
            [
                FacetOption(status, sentence_case(wording.project_status(t, status)), "", statuses[status])
                for status in ("planned", "ongoing", "finalised")
                if status in statuses
            ],
        )
    )
    return SearchView(
        [facet for facet in facets if facet.options],
        [(key, wording.search_sort(t, key)) for key in ("", *SEARCH_SORTS)],
        {
            category: t.npgettext("search hits", "%(num)s result", "%(num)s results", number, num="{count}")
            for category, number in plural_samples(views.lang).items()
        },
    )


def search_sorts(graph: SiteGraph, kind: str, id_: str, lang: str) -> dict[str, str]:
    """An entry page's sort keys in the search index: its shown title casefolded, its date (a
    project's start, a result's publication, an event's start, a news item's date) as
    YYYY-MM-DD, a result's readiness score."""
    entry = graph.doc(kind, id_, lang).entry
    # The title the page shows in its <h1>, which a search result shows too.
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


_TAG = re.compile(r"<[^>]*>")


def search_record(views: ViewBuilder, id_: str, page: PageView) -> SearchRecord:
    """What the search index takes of an entry page, from the view the page was rendered from.

    docs/search.md lists the fields for editors: a project's acronym counts with its title and
    its code with its keywords; an organisation's English name with its name, its city and
    region with its keywords; an event's place with its keywords.
    """
    item, facts = page.item, page.search
    assert facts is not None and item is not None and not isinstance(item, SearchView), "an entry page"
    entry = views.graph.doc(page.kind, id_, views.lang).entry
    title = [page.title]
    keywords: list[str] = list(getattr(entry, "keywords", []))
    if isinstance(entry, Project):
        title.append(entry.acronym or "")
        keywords.append(entry.code)
    elif isinstance(entry, Organisation):
        title.append(entry.name_en or "")
        keywords += [entry.city or "", entry.region or ""]
    elif isinstance(entry, Event) and entry.place:
        keywords += [entry.place.name, entry.place.city or ""]
    body = html.unescape(_TAG.sub(" ", getattr(item, "body", "")))
    fields = {
        "title": " ".join(title),
        "summary": getattr(entry, "summary", "") or "",
        "topics": "; ".join(getattr(entry, "topics", [])),
        "keywords": "; ".join(word for word in keywords if word),
        "target_groups": "; ".join(getattr(entry, "target_groups", [])),
        "audience": "; ".join(getattr(entry, "audience", [])),
        "body": " ".join(body.split()),
    }
    filters: dict[str, list[str]] = {}
    for name, value in facts.filters:
        filters.setdefault(name, []).append(value)
    return SearchRecord(
        url=page.url,
        lang=page.lang,
        kind=page.kind,
        title=item.name if isinstance(item, OrganisationView) else page.title,
        fields={name: text for name, text in fields.items() if text},
        excerpt=fields["summary"] or fields["body"],
        filters=filters,
        sorts=facts.sorts,
        meta=facts.meta,
    )
