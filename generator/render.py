"""Rendering: the site graph's pages through the theme's Jinja templates into HTML.

Each page kind has a view function in `VIEWS` (a registry, not an if/elif chain) that
turns a graph node into the kind's view model; the template named after the kind renders
it. A page is rendered from the graph it is given: the build gives a recording copy, to
learn which facts the page shows.

Templates translate with Jinja's i18n extension (``_()``, ``ngettext``, ``pgettext``,
``npgettext``, ``{% trans %}``), new-style: placeholders are ``%(name)s`` and are filled in
and escaped by the call. One environment serves every language: the gettext functions look
up the catalogue of the page being rendered, which each render passes as ``translator``.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

import jinja2
from markupsafe import Markup, escape

from .errors import Report
from .graph import PageNode, SiteGraph
from .i18n import Translator
from .markup import MarkdownRenderer
from .models import KIND_SECTION, KINDS
from .search import SearchRecord
from .themes import Theme
from .views import wording
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
    Text,
)
from .views.figures import statistics_page
from .views.search_facts import search_facts, search_page, search_record


def _catalogue(context: jinja2.runtime.Context) -> Translator:
    translator: Translator = context["translator"]
    return translator


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str) -> str:
    return _catalogue(context).catalogue.gettext(message)


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, count: int) -> str:
    return _catalogue(context).catalogue.ngettext(singular, plural, count)


@jinja2.pass_context
def _pgettext(context: jinja2.runtime.Context, message_context: str, message: str) -> str:
    return _catalogue(context).catalogue.pgettext(message_context, message)


@jinja2.pass_context
def _npgettext(context: jinja2.runtime.Context, message_context: str, singular: str, plural: str, count: int) -> str:
    return _catalogue(context).catalogue.npgettext(message_context, singular, plural, count)


def lang_attr(value: object) -> Markup:
    """`` lang="xx"`` for a `Text` in another language than the page's; nothing otherwise."""
    lang = getattr(value, "lang", "")
    return Markup(' lang="{}"').format(lang) if lang else Markup("")


def lang_span(value: object) -> Markup:
    """A `Text` in another language than the page's in a ``<span lang>``; any other text escaped."""
    lang = getattr(value, "lang", "")
    return Markup('<span lang="{}">{}</span>').format(lang, value) if lang else escape(value)


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
        extensions=["jinja2.ext.i18n"],
    )
    # Messages in {% trans %} blocks are written over several lines; `trimmed` makes them one
    # line in the catalogue (babel.cfg extracts with the same option).
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )
    env.filters["lang_attr"] = lang_attr
    env.filters["lang_span"] = lang_span
    return env


ViewFunction = Callable[[ViewBuilder, PageNode, Translator], tuple[ItemView, str]]
"""Makes a page kind's view model and the page's title."""


def _section(builder: ViewBuilder, node: PageNode, t: Translator) -> tuple[ItemView, str]:
    title = wording.section_title(t, node.key)
    return builder.list_view(node, title), title


def _taxonomy(builder: ViewBuilder, node: PageNode, t: Translator) -> tuple[ItemView, str]:
    title = wording.taxonomy_title(t, node.key)
    view = builder.list_view(node, title, node.key)
    view.terms = builder.term_links(node.key)
    return view, title


def _term(builder: ViewBuilder, node: PageNode, t: Translator) -> tuple[ItemView, str]:
    taxonomy, code = node.key.split("/", 1)
    assert builder.graph.term(taxonomy, code) is not None, "the graph makes term pages for its terms only"
    title = wording.term_title(t, taxonomy, builder.term_label(taxonomy, code))
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
    "home": lambda b, n, t: (b.home(), b.site_text("title")),
    "search": lambda b, n, t: (search_page(b), t.gettext("Search")),
    "accessibility": lambda b, n, t: (b.accessibility(), t.gettext("Accessibility statement")),
    "statistics": lambda b, n, t: (statistics_page(b), t.gettext("Statistics")),
    "not_found": lambda b, n, t: (None, t.gettext("Page not found")),
}
"""Each page kind's view: the entry kinds (`models.KINDS`) and the site's own pages."""


def _breadcrumbs(graph: SiteGraph, node: PageNode, title: str, t: Translator) -> list[Link]:
    prefix = graph.lang_prefix(node.lang)
    crumbs = [Link(t.gettext("Home"), f"{prefix}/")]
    if node.kind in KIND_SECTION:
        section = KIND_SECTION[node.kind]
        crumbs.append(Link(wording.section_title(t, section), f"{prefix}/{section}/"))
    elif node.kind == "term":
        taxonomy = node.key.split("/", 1)[0]
        crumbs.append(Link(wording.taxonomy_title(t, taxonomy), f"{prefix}/{taxonomy}/"))
    if node.kind != "home":
        crumbs.append(Link(title, node.url, current=True))
    return crumbs


class Renderer:
    """Renders pages with one theme: the page's view from a graph, then the kind's template."""

    def __init__(self, theme: Theme, translators: dict[str, Translator]):
        self.theme = theme
        self.env = make_environment(theme)
        self.markdown = MarkdownRenderer()
        self.translators = translators
        """Each site language's interface strings (`Theme.translators`)."""

    def page_view(self, node: PageNode, graph: SiteGraph) -> tuple[PageView, ViewBuilder]:
        t = self.translators[node.lang]
        builder = ViewBuilder(graph, self.markdown, node.lang, t)
        item, title = VIEWS[node.kind](builder, node, t)
        alternates = {}
        if node.kind in KINDS:
            alternates = graph.translations(node.kind, node.key)
            doc = graph.doc(node.kind, node.key, node.lang)
            draft = doc.entry.draft
            description = getattr(doc.entry, "summary", "") or builder.site_text("description")
        else:
            if node.kind != "not_found":
                alternates = {
                    lang: graph.lang_prefix(lang) + node.url.removeprefix(graph.lang_prefix(node.lang))
                    for lang in graph.languages
                }
            draft = False
            description = builder.site_text("description")
        if node.page_number > 1:
            page = t.gettext("page %(number)s of %(count)s", number=node.page_number, count=node.page_count)
            title = Text(f"{title} ({page})")
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
        return template.render(page=view, site=site, translator=self.translators[node.lang]), record


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
