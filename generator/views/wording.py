"""The theme's words for codes: a section's title, a project's status, a partner's role...

Content and the graph speak in codes (``ongoing``, ``coordinator``, ``as-is``); pages name
them in the reader's language. Each function maps every code of one family to its message,
written out in full so that ``pybabel extract`` finds each one (a message put together from
a code would never reach the catalogue). A code the content model does not allow is a bug,
so an unknown one raises KeyError.
"""

from __future__ import annotations

from ..i18n import Translator


def section_title(t: Translator, section: str) -> str:
    """A section of the site; also what the open data's datasets are named after (statistics too)."""
    return {
        "projects": t.gettext("Projects"),
        "results": t.gettext("Results"),
        "organisations": t.gettext("Organisations"),
        "events": t.gettext("Events"),
        "news": t.gettext("News"),
        "statistics": t.gettext("Statistics"),
    }[section]


def section_count(t: Translator, section: str, count: int) -> str:
    """The word that follows the number of a section's entries ("12 projects"), in the form the number asks for."""
    return {
        "projects": t.npgettext("after a number", "project", "projects", count),
        "results": t.npgettext("after a number", "result", "results", count),
        "organisations": t.npgettext("after a number", "organisation", "organisations", count),
        "events": t.npgettext("after a number", "event", "events", count),
        "news": t.npgettext("after a number", "news item", "news items", count),
    }[section]


def kind_title(t: Translator, kind: str) -> str:
    """The entries of a kind, as the search page's filter names them."""
    return {
        "project": t.gettext("Projects"),
        "result": t.gettext("Results"),
        "organisation": t.gettext("Organisations"),
        "event": t.gettext("Events"),
        "news": t.gettext("News"),
        "page": t.gettext("Pages"),
    }[kind]


def taxonomy_title(t: Translator, taxonomy: str) -> str:
    return {
        "countries": t.gettext("Countries"),
        "fields": t.gettext("Fields"),
        "actions": t.gettext("Action types"),
        "years": t.gettext("Call years"),
        "priorities": t.gettext("Priorities"),
        "categories": t.gettext("Result categories"),
        "licences": t.gettext("Licences"),
        "languages": t.gettext("Languages"),
    }[taxonomy]


def term_title(t: Translator, taxonomy: str, term: str) -> str:
    """The title of a term's page: the taxonomy and the term's label."""
    return {
        "countries": t.gettext("Country: %(term)s", term=term),
        "fields": t.gettext("Field: %(term)s", term=term),
        "actions": t.gettext("Action type: %(term)s", term=term),
        "years": t.gettext("Call year %(term)s", term=term),
        "priorities": t.gettext("Priority: %(term)s", term=term),
        "categories": t.gettext("Result category: %(term)s", term=term),
        "licences": t.gettext("Licence: %(term)s", term=term),
        "languages": t.gettext("Language: %(term)s", term=term),
    }[taxonomy]


def project_status(t: Translator, status: str) -> str:
    """Written for the middle of a sentence: lower case in English."""
    return {
        "planned": t.pgettext("project status", "planned"),
        "ongoing": t.pgettext("project status", "ongoing"),
        "finalised": t.pgettext("project status", "finalised"),
    }[status]


def partner_role(t: Translator, role: str) -> str:
    return {
        "coordinator": t.pgettext("role in a project", "Coordinator"),
        "partner": t.pgettext("role in a project", "Partner"),
        "associated-partner": t.pgettext("role in a project", "Associated partner"),
    }[role]


def platform_flag(t: Translator, flag: str) -> str:
    return {
        "good_practice": t.gettext("Good practice"),
        "success_story": t.gettext("Success story"),
    }[flag]


def result_kind(t: Translator, kind: str) -> str:
    return {
        "output": t.pgettext("kind of result", "Output"),
        "outcome": t.pgettext("kind of result", "Outcome"),
    }[kind]


def result_status(t: Translator, status: str) -> str:
    return {
        "planned": t.pgettext("result status", "planned"),
        "draft": t.pgettext("result status", "draft version"),
        "final": t.pgettext("result status", "final version"),
    }[status]


def reuse_way(t: Translator, way: str) -> str:
    return {
        "as-is": t.gettext("Use it as it is"),
        "adapt": t.gettext("Adapt it to your context"),
        "inspire": t.gettext("Take it as inspiration"),
    }[way]


def effort(t: Translator, level: str) -> str:
    return {
        "low": t.pgettext("effort", "low"),
        "medium": t.pgettext("effort", "medium"),
        "high": t.pgettext("effort", "high"),
    }[level]


def evidence_kind(t: Translator, kind: str) -> str:
    return {
        "pilot": t.pgettext("kind of evidence of use", "Pilot"),
        "adoption": t.pgettext("kind of evidence of use", "Adoption"),
        "training": t.pgettext("kind of evidence of use", "Training"),
        "policy-uptake": t.pgettext("kind of evidence of use", "Policy uptake"),
        "adaptation": t.pgettext("kind of evidence of use", "Adaptation"),
        "other": t.pgettext("kind of evidence of use", "Use"),
    }[kind]


def participants_label(t: Translator, count: str) -> str:
    """The label of one of an event's participant counts."""
    return {
        "total": t.gettext("Participants"),
        "international": t.gettext("Participants from other countries"),
        "fewer_opportunities": t.gettext("Participants with fewer opportunities"),
    }[count]


def readiness_criterion(t: Translator, criterion: str) -> str:
    return {
        "open_licence": t.gettext("An open licence"),
        "editable_source": t.gettext("An editable source file"),
        "languages": t.gettext("Two or more languages"),
        "guide": t.gettext("An adaptation guide"),
        "tested": t.gettext("Tested in two or more countries"),
        "evidence": t.gettext("Evidence of use"),
        "contact": t.gettext("A contact for reuse"),
    }[criterion]


def funding_statement(t: Translator, kind: str) -> str:
    """The statement beside the EU emblem: the Commission's own wording in each language."""
    return {
        "co-funded": t.gettext("Co-funded by the European Union"),
        "funded": t.gettext("Funded by the European Union"),
        "legacy": t.gettext("Co-funded by the Erasmus+ Programme of the European Union"),
        "general": t.gettext("Co-funded by the European Union"),
    }[kind]


def search_sort(t: Translator, sort: str) -> str:
    """A sort order of the search page; relevance is the empty key."""
    return {
        "": t.gettext("Best match"),
        "date": t.gettext("Newest first"),
        "title": t.gettext("Title (A–Z)"),
        "readiness": t.gettext("Readiest to reuse first"),
    }[sort]


def map_precision(t: Translator, precision: str) -> str:
    """Where a map places an organisation: how precisely its place is known."""
    return {
        "exact": t.gettext("its own coordinates"),
        "city": t.gettext("the centre of its town"),
        "country": t.gettext("the centre of its country"),
    }[precision]


def statistics_group(t: Translator, group: str) -> str:
    """A section of the statistics page."""
    return {
        "projects": t.gettext("Projects"),
        "funding": t.gettext("EU funding"),
        "results": t.gettext("Results"),
        "organisations": t.gettext("Organisations"),
    }[group]


def statistics_title(t: Translator, table: str) -> str:
    """A table of figures of the statistics page (`graph.STATISTICS`)."""
    return {
        "projects_by_year": t.gettext("Projects by call year"),
        "projects_by_country": t.gettext("Projects by country"),
        "projects_by_field": t.gettext("Projects by field of education"),
        "projects_by_action": t.gettext("Projects by action type"),
        "projects_by_status": t.gettext("Projects by status"),
        "grant_by_country": t.gettext("EU grants by country"),
        "grant_by_year": t.gettext("EU grants by call year"),
        "results_by_category": t.gettext("Results by category"),
        "results_by_licence": t.gettext("Results by licence"),
        "results_by_language": t.gettext("Results by language"),
        "results_by_readiness": t.gettext("Results by transferability readiness"),
        "organisations_by_country": t.gettext("Organisations by country"),
    }[table]


def statistics_column(t: Translator, rows: str) -> str:
    """The heading of the first column of a table of figures: what its rows are."""
    return {
        "years": t.gettext("Call year"),
        "countries": t.gettext("Country"),
        "fields": t.gettext("Field of education"),
        "actions": t.gettext("Action type"),
        "status": t.gettext("Status"),
        "categories": t.gettext("Category"),
        "licences": t.gettext("Licence"),
        "languages": t.gettext("Language"),
        "readiness": t.gettext("Criteria met"),
    }[rows]


def statistics_note(t: Translator, table: str) -> str:
    """How a table of figures counts, where that needs saying."""
    return {
        "projects_by_country": t.gettext("A project counts once in each country it has a partner in."),
        "grant_by_country": t.gettext("A grant counts in the coordinator's country, which receives it."),
        "results_by_language": t.gettext("A result counts once in each of its languages."),
        "results_by_readiness": t.gettext(
            "How many of the seven criteria of transferability readiness a result meets."
        ),
    }[table]
