"""Where every output lives: the URLs themes link to and the paths the writer writes.

What belongs to a page sits beside it: a project's feed at ``<project url>feed.xml``, a
result's citations at ``<result url>citation.bib`` and its QR code at ``<result url>qr.svg``,
in every language the page exists in.
Site-wide feeds and calendars exist under every language's prefix (``/feed.xml``,
``/de/feed.xml``); the sitemap and the open-data exports exist once. docs/outputs.md
lists them all.
"""

from __future__ import annotations

from ..graph import SiteGraph

FEED = "feed.xml"
CALENDAR = "events.ics"
FEED_SECTIONS = ("news", "results", "events")
"""The sections that have a feed of their own."""

CITATION_FILES = {"bibtex": "citation.bib", "ris": "citation.ris", "cff": "CITATION.cff"}
QR_CODE = "qr.svg"

SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
CATALOGUE_JSON = "/exports/catalogue.json"
PROJECTS_CSV = "/exports/projects.csv"
RESULTS_CSV = "/exports/results.csv"
STATISTICS_CSV = "/exports/statistics.csv"
DCAT = "/exports/dcat.jsonld"
SHARE_CARD = "/images/share-card.png"
"""The theme's default sharing image (1200x630); a site overrides it with its own
``static/images/share-card.png``."""
SHARE_CARD_SIZE = (1200, 630)

LISTED_PAGES = frozenset(
    {
        "home",
        "project",
        "result",
        "organisation",
        "event",
        "news",
        "page",
        "section",
        "taxonomy",
        "term",
        "accessibility",
        "statistics",
    }
)
"""Page kinds worth finding in a search engine: not the search page, not the 404 page."""


def absolute(graph: SiteGraph, url: str) -> str:
    """The full address of a site-relative URL, on the site's ``base_url``."""
    return graph.config.base_url.rstrip("/") + url


def file_path(url: str) -> str:
    """The output path the writer takes for a site-relative file URL."""
    return url.lstrip("/")


def site_feed(graph: SiteGraph, lang: str) -> str:
    return f"{graph.lang_prefix(lang)}/{FEED}"


def section_feed(graph: SiteGraph, section: str, lang: str) -> str:
    return f"{graph.lang_prefix(lang)}/{section}/{FEED}"


def project_feed(graph: SiteGraph, project_id: str, lang: str) -> str:
    return graph.url("project", project_id, lang) + FEED


def site_calendar(graph: SiteGraph, lang: str) -> str:
    return f"{graph.lang_prefix(lang)}/{CALENDAR}"


def project_calendar(graph: SiteGraph, project_id: str, lang: str) -> str:
    return graph.url("project", project_id, lang) + CALENDAR


def citation(graph: SiteGraph, result_id: str, lang: str, style: str) -> str:
    return graph.url("result", result_id, lang) + CITATION_FILES[style]


def qr_code(graph: SiteGraph, result_id: str, lang: str) -> str:
    return graph.url("result", result_id, lang) + QR_CODE
