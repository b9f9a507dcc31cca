"""The build pipeline: the stages of a build, in the order they run.

read -> validate -> graph -> render (feeding the search index) -> outputs -> static
files -> search index -> publish. `build_site` lists them; each line calls the module
that owns the stage. `check_site` runs the first three only and writes nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from .content import Content, validate
from .errors import ContentError, Report
from .graph import SiteGraph, build_graph
from .outputs import OUTPUTS, structured_data
from .render import MarkdownCache, Renderer, template_problem
from .search import SearchIndexer
from .sources import STATIC_DIR, read_builtin_vocabularies, read_site
from .themes import load_theme
from .vocabularies import BUILTIN_FOLDER, merge_vocabularies
from .writer import OutputWriter, check_output_folder

Progress = Callable[[int, int], None]
"""Called with (pages done, pages in all) while rendering."""


@dataclass
class BuildOptions:
    site: Path
    out: Path
    drafts: bool = False
    strict: bool = False
    today: date = field(default_factory=date.today)
    search: bool = True
    """Build the search index (the dev server may skip it for speed)."""


@dataclass
class BuildSummary:
    pages: int
    files_changed: int
    files_removed: int
    report: Report
    seconds: float


def load_content(site: Path, report: Report, *, drafts: bool) -> Content | None:
    """Read and validate a site: the stages `check` and `build` share."""
    files = read_site(site, report)
    vocabularies = merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, report), files.vocabularies, report)
    return validate(files, vocabularies, report, drafts=drafts)


def check_site(site: Path, *, drafts: bool = False, strict: bool = False, today: date | None = None) -> Report:
    report = Report()
    content = load_content(site, report, drafts=drafts)
    if content is not None and not report.errors:
        build_graph(content, today or date.today())
    return report


def build_site(options: BuildOptions, progress: Progress | None = None) -> BuildSummary:
    """Build the whole site; raises ContentError (output untouched) when the content is wrong."""
    started = time.perf_counter()
    report = Report()
    content = load_content(options.site, report, drafts=options.drafts)
    if content is None or report.fails(strict=options.strict):
        raise ContentError(report)
    theme = load_theme(content.config.theme, options.site, report)
    if theme is None:
        raise ContentError(report)
    graph = build_graph(content, options.today)
    check_output_folder(options.out, options.site)

    writer = OutputWriter(options.out)
    writer.begin()
    try:
        search = SearchIndexer() if options.search and content.config.search else None
        _render_pages(graph, Renderer(graph, theme, MarkdownCache()), writer, search, report, progress)
        if report.errors:
            raise ContentError(report)
        for output in OUTPUTS:
            for path, data in output(graph):
                writer.write(path, data)
        _copy_static(options.site, content.static, theme.static_dirs, writer)
        if search:
            search.finish(writer)
        removed = writer.publish()
    except BaseException:
        writer.abort()
        raise
    return BuildSummary(len(graph.pages), len(writer.changed), len(removed), report,
                        time.perf_counter() - started)


def _render_pages(graph: SiteGraph, renderer: Renderer, writer: OutputWriter, search: SearchIndexer | None,
                  report: Report, progress: Progress | None) -> None:
    total = len(graph.pages)
    failed: set[str] = set()
    for done, node in enumerate(graph.pages, start=1):
        if node.kind in failed:
            continue
        try:
            html = renderer.render(node, structured_data(graph, node))
        except Exception as exc:  # a theme's bug: report it once per template and go on with the others
            template_problem(exc, node, report)
            failed.add(node.kind)
            continue
        writer.write(node.output_path, html.encode())
        if search:
            search.add(node, html)
        if progress:
            progress(done, total)


def _copy_static(site: Path, site_static: dict[str, int], theme_static: list[Path], writer: OutputWriter) -> None:
    """Theme files first, then the site's own ``static/`` (as `sources` vetted it): later copies win."""
    sources: dict[str, Path] = {}
    for folder in theme_static:
        for path in folder.rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                sources[path.relative_to(folder).as_posix()] = path
    sources.update((rel, site / STATIC_DIR / rel) for rel in site_static)
    for rel, path in sorted(sources.items()):
        writer.copy(rel, path)
