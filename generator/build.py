"""The build pipeline: the stages of a build, in the order they run.

read -> (nothing changed? stop) -> validate -> graph -> render pages in parallel, feeding the
search index -> outputs (feeds, sitemap, exports...) -> static files -> search index ->
publish -> remember. `build_site` lists them; each line calls the module that owns the
stage. `check_site` runs read and validate only and writes nothing.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import time
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterator

from .cache import BuildCache, code_fingerprint
from .content import Content, validate
from .errors import ContentError, Problem, Report
from .graph import PageNode, SiteGraph, build_graph
from .outputs import OUTPUTS, head_markup
from .render import MarkdownCache, Renderer, template_problem
from .search import INDEXED_KINDS, BUNDLE, SearchIndexer
from .sources import STATIC_DIR, SiteFiles, read_builtin_vocabularies, read_site
from .themes import Theme, load_theme
from .vocabularies import BUILTIN_FOLDER, merge_vocabularies
from .writer import MARKER, OutputWriter, check_output_folder

Progress = Callable[[int, int], None]
"""Called with (pages done, pages in all) while rendering."""

BATCH = 200
"""Pages a worker renders before reporting back: small enough for a smooth progress bar."""


@dataclass
class BuildOptions:
    site: Path
    out: Path
    drafts: bool = False
    strict: bool = False
    today: date = field(default_factory=date.today)
    search: bool = True
    """Build the search index (the dev server may skip it for speed)."""
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Processes rendering pages; 1 renders in this process only."""


@dataclass
class BuildSummary:
    pages: int
    pages_rendered: int
    files_changed: int
    files_removed: int
    report: Report
    seconds: float


@dataclass
class PageOutcome:
    """What rendering one page produced, as a worker reports it back."""

    url: str
    path: str
    digest: str
    changed: bool
    fingerprint: str
    rendered: bool
    indexed: bool
    """The page belongs in the search index."""
    html: str | None = None
    """The page's HTML when it goes into the search index and was rendered."""


def load_content(site: Path, report: Report, *, drafts: bool, files: SiteFiles | None = None) -> Content | None:
    """Read (unless given) and validate a site: the stages `check` and `build` share."""
    files = files or read_site(site, report)
    vocabularies = merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, report), files.vocabularies, report)
    return validate(files, vocabularies, report, drafts=drafts)


def check_site(site: Path, *, drafts: bool = False) -> Report:
    report = Report()
    load_content(site, report, drafts=drafts)
    return report


def build_site(options: BuildOptions, progress: Progress | None = None) -> BuildSummary:
    """Build the whole site; raises ContentError (output untouched) when the content is wrong."""
    started = time.perf_counter()
    cache_path = BuildCache.path_for(options.site, options.out)
    cache = BuildCache.load(cache_path)
    report = Report()
    files = read_site(options.site, report, cache.sources)
    theme = load_theme(str((files.config.data if files.config else {}).get("theme", "default")), options.site, report)
    if theme is None:
        raise ContentError(report)
    inputs = _inputs_fingerprint(files, theme, options)
    if inputs == cache.inputs and (options.out / MARKER).is_file():
        report.problems.extend(cache.problems)
        return BuildSummary(0, 0, 0, 0, report, time.perf_counter() - started)

    content = load_content(options.site, report, drafts=options.drafts, files=files)
    if content is None or report.fails(strict=options.strict):
        raise ContentError(report)
    graph = build_graph(content, options.today)
    check_output_folder(options.out, options.site)

    writer = OutputWriter(options.out, cache.outputs)
    writer.begin()
    try:
        renderer = Renderer(graph, theme, MarkdownCache(cache.markdown))
        outcomes = _render_pages(graph, renderer, theme, writer, cache, options, report, progress)
        if report.errors:
            raise ContentError(report)
        for output in OUTPUTS:
            for path, data in output(graph, renderer.translators):
                writer.write(path, data)
        _copy_static(options.site, content.static, theme.static_dirs, writer)
        removed = writer.publish()
    except BaseException:
        writer.abort()
        raise
    BuildCache(inputs, files.parsed, {o.path: o.fingerprint for o in outcomes},
               frozenset(o.path for o in outcomes if o.indexed), renderer.markdown.html, dict(writer.written),
               report.sorted()).save(cache_path)
    return BuildSummary(len(graph.pages), sum(o.rendered for o in outcomes), len(writer.changed), len(removed),
                        report, time.perf_counter() - started)


def _inputs_fingerprint(files: SiteFiles, theme: Theme, options: BuildOptions) -> str:
    key = (files.fingerprint, theme.fingerprint(), theme.static_signature(), code_fingerprint(), options.today.isoformat(),
           options.drafts, options.strict, options.search, str(options.out.resolve()))
    return hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()


def _render_nodes(graph: SiteGraph, renderer: Renderer, theme_fingerprint: str, writer: OutputWriter,
                  previous: dict[str, str], nodes: list[PageNode], search: bool,
                  ) -> Iterator[PageOutcome | Problem]:
    """Render (or, when their view did not change, keep) pages; yields outcomes and template problems."""
    failed: set[str] = set()
    for node in nodes:
        if node.kind in failed:
            continue
        try:
            view, site = renderer.prepare(node, lambda page: head_markup(graph, node, renderer.translators, page))
            fingerprint = hashlib.blake2b(pickle.dumps((theme_fingerprint, view, site), protocol=5),
                                          digest_size=16).hexdigest()
            path = node.output_path
            if previous.get(path) == fingerprint and writer.has(path):
                yield PageOutcome(node.url, path, writer.known[path], False, fingerprint, False,
                                  node.kind in INDEXED_KINDS)
                continue
            html = renderer.render_prepared(node, view, site)
        except Exception as exc:  # a theme's bug: report it once per template and go on with the others
            report = Report()
            template_problem(exc, node, report)
            failed.add(node.kind)
            yield from report.problems
            continue
        changed = writer.write(path, html.encode())
        indexed = node.kind in INDEXED_KINDS
        yield PageOutcome(node.url, path, writer.written[path], changed, fingerprint, True, indexed,
                          html if search and indexed else None)


def _worker(conn: Connection, render: Callable[[], Iterator[PageOutcome | Problem]],
            markdown: MarkdownCache) -> None:
    """A forked renderer: sends its outcomes in batches, then the Markdown it rendered."""
    known = set(markdown.html)
    batch: list[PageOutcome | Problem] = []
    for item in render():
        batch.append(item)
        if len(batch) >= BATCH:
            conn.send(batch)
            batch = []
    conn.send(batch)
    conn.send({k: v for k, v in markdown.html.items() if k not in known})
    conn.close()


def _render_pages(graph: SiteGraph, renderer: Renderer, theme: Theme, writer: OutputWriter, cache: BuildCache,
                  options: BuildOptions, report: Report, progress: Progress | None) -> list[PageOutcome]:
    """Render every page across `options.workers` processes, then build the search index.

    Workers are forked after the graph is built, so they share it without copying, and before
    the search index starts its thread (forking a process with threads is unsafe). Each takes
    every n-th page, which balances cheap list pages and costly entry pages.
    """
    nodes = graph.pages
    search_wanted = options.search and graph.content.config.search
    theme_fingerprint = theme.fingerprint()
    shares = max(1, min(options.workers, len(nodes) // BATCH + 1))

    def share(index: int) -> Callable[[], Iterator[PageOutcome | Problem]]:
        return lambda: _render_nodes(graph, renderer, theme_fingerprint, writer, cache.pages,
                                     nodes[index::shares], search_wanted)

    context = multiprocessing.get_context("fork")
    connections: list[Connection] = []
    processes = []
    for index in range(1, shares):
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(sending, share(index), renderer.markdown), daemon=True)
        process.start()
        sending.close()
        connections.append(receiving)
        processes.append(process)

    outcomes: list[PageOutcome] = []
    search: SearchIndexer | None = None
    sent: set[str] = set()
    """Output paths of the pages already in the search index."""

    def take(items: list[PageOutcome | Problem]) -> None:
        nonlocal search
        for item in items:
            if isinstance(item, Problem):
                report.add(item)
                continue
            outcomes.append(item)
            writer.record(item.path, item.digest, item.changed)
            if item.html is not None:
                search = search or SearchIndexer()
                search.add(item.url, item.html)
                sent.add(item.path)
                item.html = None  # a catalogue's pages do not all fit in memory at once
        if progress:
            progress(len(outcomes), len(nodes))

    try:
        batch: list[PageOutcome | Problem] = []
        for item in share(0)():
            batch.append(item)
            if len(batch) >= BATCH:
                take(batch)
                batch = []
                for ready in wait(connections, timeout=0):
                    _receive(ready, connections, take, renderer.markdown)
        take(batch)
        while connections:
            for ready in wait(connections):
                _receive(ready, connections, take, renderer.markdown)
        for process in processes:
            process.join()
            if process.exitcode != 0:
                raise RuntimeError(f"a rendering process failed with exit code {process.exitcode}")
        if search_wanted and not report.errors:
            _finish_search(search, outcomes, sent, cache, writer)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    return outcomes


def _receive(conn: Connection, connections: list[Connection], take: Callable[[list], None],
             markdown: MarkdownCache) -> None:
    try:
        message = conn.recv()
    except EOFError:
        connections.remove(conn)
        return
    if isinstance(message, dict):  # the worker's last message: the Markdown it rendered
        markdown.html.update(message)
        connections.remove(conn)
    else:
        take(message)


def _finish_search(search: SearchIndexer | None, outcomes: list[PageOutcome], sent: set[str],
                   cache: BuildCache, writer: OutputWriter) -> None:
    """Complete the search index, or keep the previous one when no indexed page changed.

    Pagefind cannot update an index: when anything indexed changed, every indexed page goes in
    again; the ones that were not re-rendered (not `sent` yet) are read back from the staged output.
    """
    indexed = [o for o in outcomes if o.indexed]
    if search is None and {o.path for o in indexed} == cache.indexed and writer.has(f"{BUNDLE}/pagefind.js"):
        writer.keep_folder(BUNDLE)
        return
    search = search or SearchIndexer()
    for outcome in indexed:
        if outcome.path not in sent:
            search.add(outcome.url, writer.read(outcome.path).decode())
    search.finish(writer)


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
