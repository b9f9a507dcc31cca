"""Rendering: the site graph's pages through the theme's Jinja templates into HTML.

Each page kind has a view function in `VIEWS` (a registry, not an if/elif chain) that
turns a graph node into the kind's view model; the template named after the kind renders
it. A page is rendered from the graph it is given: the build gives a recording copy, to
learn which facts the page shows.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

import jinja2

from .errors import Report
from .graph import PageNode, SiteGraph
from .markup import MarkdownRenderer
from .models import KIND_SECTION, KINDS
from .search import SearchRecord
from .themes import Theme
from .views.builder import ViewBuilder
from .views.contract import (
    EventView,
    ItemView,
    Link,
    NewsView,
    OrganisationView,
    PageView,
    PlainPageView,
    ProjectView,
    ResultView,
)
from .views.figures import statistics_page
from .views.search_facts import search_facts, search_page, search_record


class Translator:
    """UI strings of the theme's catalogue in one language, falling back to English."""

    def __init__(self, strings: dict[str, dict[str, str]], lang: str):
        self.primary = strings.get(lang, {})
        self.fallback = strings.get("en", {})

    def __call__(self, key: str, **params: object) -> str:
        text = self.primary.get(key) or self.fallback.get(key)
        if text is None:
            raise KeyError(f"the theme's translation catalogue has no string '{key}'")
        return text.format(**params) if params else text


def make_environment(theme: Theme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"]),
        undefined=jinja2.StrictUndefined,
        # Templates do not change during a build (serve makes a new renderer when they do): no
        # need to look at each template file's mtime on every page.
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


ViewFunction = Callable[[ViewBuilder, PageNode, Translator], tuple[ItemView, str]]
"""Makes a page kind's view model and the page's title."""


def _section(builder: ViewBuilder, node: PageNode, t: Translator) -> tuple[ItemView, str]:
    title = t(f"section.{node.key}")
    return builder.list_view(node, title), title


def _taxonomy(builder: ViewBuilder, node: PageNode, t: Translator) -> tuple[ItemView, str]:
    title = t(f"taxonomy.{node.key}")
    view = builder.list_view(node, title, node.key)
    view.terms = builder.term_links(node.key)
    return view, title


def _term(builder: ViewBuilder, node: PageNode, t: Translator) -> tuple[ItemView, str]:
    taxonomy, code = node.key.split("/", 1)
    term = builder.graph.term(taxonomy, code)
    assert term is not None, "the graph makes term pages for its terms only"
    title = t(f"term.{taxonomy}", term=term.label)
    return builder.list_view(node, title, taxonomy), title


def _titled(
    view: ProjectView | ResultView | OrganisationView | EventView | NewsView | PlainPageView,
) -> tuple[ItemView, str]:
    """An entry page's view with its title (an organisation's is its name)."""
    return view, view.name if isinstance(view, OrganisationView) else view.title


VIEWS: dict[str, ViewFunction] = {
    "project": lambda b, n, t: _titled(b.project(n.key)),
    "result": lambda b, n, t: _titled(b.result(n.key)),
    "organisation": lambda b, n, t: _titled(b.organisation(n.key)),
    "event": lambda b, n, t: _titled(b.event(n.key)),
    "news": lambda b, n, t: _titled(b.news(n.key)),
    "page": lambda b, n, t: _titled(b.plain_page(n.key)),
    "section": _section,
    "taxonomy": _taxonomy,
    "term": _term,
    "home": lambda b, n, t: (b.home(), b.config.title),
    "search": lambda b, n, t: (search_page(b), t("search.title")),
    "accessibility": lambda b, n, t: (b.accessibility(), t("accessibility.title")),
    "statistics": lambda b, n, t: (statistics_page(b), t("statistics.title")),
    "not_found": lambda b, n, t: (None, t("not_found.title")),
}
"""Each page kind's view: the entry kinds (`models.KINDS`) and the site's own pages."""


def _breadcrumbs(graph: SiteGraph, node: PageNode, title: str, t: Translator) -> list[Link]:
    prefix = graph.lang_prefix(node.lang)
    crumbs = [Link(t("nav.home"), f"{prefix}/")]
    if node.kind in KIND_SECTION:
        section = KIND_SECTION[node.kind]
        crumbs.append(Link(t(f"section.{section}"), f"{prefix}/{section}/"))
    elif node.kind == "term":
        taxonomy = node.key.split("/", 1)[0]
        crumbs.append(Link(t(f"taxonomy.{taxonomy}"), f"{prefix}/{taxonomy}/"))
    if node.kind != "home":
        crumbs.append(Link(title, node.url, current=True))
    return crumbs


class Renderer:
    """Renders pages with one theme: the page's view from a graph, then the kind's template."""

    def __init__(self, languages: list[str], theme: Theme):
        self.theme = theme
        self.env = make_environment(theme)
        self.markdown = MarkdownRenderer()
        self.translators = {lang: Translator(theme.strings, lang) for lang in languages}

    def page_view(self, node: PageNode, graph: SiteGraph) -> tuple[PageView, ViewBuilder]:
        t = self.translators[node.lang]
        builder = ViewBuilder(graph, self.markdown, node.lang, t)
        item, title = VIEWS[node.kind](builder, node, t)
        alternates = {}
        if node.kind in KINDS:
            alternates = graph.translations(node.kind, node.key)
            doc = graph.doc(node.kind, node.key, node.lang)
            draft = doc.entry.draft
            description = getattr(doc.entry, "summary", "") or graph.config.description
        else:
            if node.kind != "not_found":
                alternates = {
                    lang: graph.lang_prefix(lang) + node.url.removeprefix(graph.lang_prefix(node.lang))
                    for lang in graph.languages
                }
            draft = False
            description = graph.config.description
        if node.page_number > 1:
            title = f"{title} ({t('list.page', number=node.page_number, count=node.page_count)})"
        base = graph.config.base_url.rstrip("/")
        view = PageView(
            kind=node.kind,
            lang=node.lang,
            title=title,
            description=description,
            url=node.url,
            canonical=base + node.url,
            alternates=[Link(lang, base + url) for lang, url in alternates.items()],
            breadcrumbs=_breadcrumbs(graph, node, title, t),
            funding=builder.funding(node),
            draft=draft,
            item=item,
            search=search_facts(builder, node.kind, node.key) if node.kind in KINDS else None,
        )
        return view, builder

    def render(
        self, node: PageNode, graph: SiteGraph, head: Callable[[PageView], str] | None = None
    ) -> tuple[str, SearchRecord | None]:
        """The page's HTML, and an entry page's search record from the same view; `head` makes the
        page's extra <head> markup from its view (outputs.head_markup)."""
        view, builder = self.page_view(node, graph)
        view.head = head(view) if head else ""
        base = graph.config.base_url.rstrip("/")
        site = builder.site(node.url, {a.label: a.url.removeprefix(base) for a in view.alternates})
        template = self.env.get_template(f"{node.kind}.html")
        record = search_record(builder, node.key, view) if view.search is not None else None
        return template.render(page=view, site=site, t=self.translators[node.lang]), record


def template_problem(exc: BaseException, node: PageNode, report: Report) -> None:
    """Report a template failure at the template's own line, not as a traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        report.error(
            exc.filename or exc.name or "template",
            f"template syntax error: {exc.message}",
            line=exc.lineno or 0,
            hint="fix the template; see the Jinja documentation",
        )
        return
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".svg"))]
    where = frames[-1] if frames else None
    report.error(
        where.filename if where else f"{node.kind}.html",
        f"rendering {node.url} failed: {type(exc).__name__}: {exc}",
        line=where.lineno if where and where.lineno else 0,
        hint="fix the template (or the theme's translation catalogue)",
    )
