"""The build pipeline: the stages of a build, in the order they run.

read -> (nothing changed? stop) -> validate -> graph -> plan (what changed since the last
build) -> make the products that changed in parallel (pages, the files beside them,
site-wide outputs), feeding the search index -> static files -> search index -> publish ->
remember. `build_site` lists them; each line calls the module that owns the stage.
`check_site` runs read and validate only and writes nothing.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import NamedTuple

from .cache import BuildCache, FactTable, Record, code_fingerprint, fact_fingerprint
from .content import Content, validate
from .errors import ContentError, Problem, Report
from .graph import Fact, PageNode, SiteGraph, build_graph
from .models import KINDS
from .outputs import PAGE_OUTPUTS, SITE_OUTPUTS, PageOutput, SiteOutput, head_markup
from .render import Renderer, template_problem
from .search import SearchRecord, SearchState, SearchUpdate
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


def load_content(site: Path, report: Report, *, drafts: bool, files: SiteFiles | None = None) -> Content | None:
    """Read (unless given) and validate a site: the stages `check` and `build` share."""
    files = files or read_site(site, report, workers=os.cpu_count() or 1)
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
    files = read_site(options.site, report, cache.sources, options.workers)
    theme = load_theme(str((files.config.data if files.config else {}).get("theme", "default")), options.site, report)
    if theme is None:
        raise ContentError(report)
    shared, templates = _shared_fingerprint(files, theme, options), theme.templates_fingerprint()
    inputs = _fingerprint(files.fingerprint, theme.static_signature(), options.today.isoformat(), shared, templates)
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
        products = _products(graph)
        current, todo = _plan(products, cache, graph, shared, templates, writer)
        table = FactTable(cache.facts)
        made = _make_products(
            products,
            todo,
            graph,
            Renderer(graph.languages, theme),
            writer,
            cache,
            table,
            options,
            report,
            progress,
            full=(cache.shared, cache.templates) != (shared, templates),
        )
        if report.errors:
            raise ContentError(report)
        _copy_static(options.site, content.static, theme.static_dirs, writer)
        removed = writer.publish()
    except BaseException:
        writer.abort()
        raise
    # The table starts as the last build's, so the records of products not made again stay valid.
    records = {product.name: made.records.get(product.name) or cache.records[product.name] for product in products}
    fingerprints = current + [fact_fingerprint(graph, fact) for fact in table.facts[len(current) :]]
    BuildCache(
        inputs,
        shared,
        templates,
        files.parsed,
        table.facts,
        fingerprints,
        records,
        made.search.to_json() if made.search else "",
        dict(writer.written),
        report.sorted(),
    ).save(cache_path)
    return BuildSummary(
        len(graph.pages), made.pages, len(writer.changed), len(removed), report, time.perf_counter() - started
    )


def _fingerprint(*parts: str) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _shared_fingerprint(files: SiteFiles, theme: Theme, options: BuildOptions) -> str:
    """What every product depends on: the configuration, vocabularies, data, UI strings, code and
    options. The pages depend on the templates as well.

    Content files and the date are not in it: the facts each product read tell whether they
    change it. Nor are static files, which are copied, not rendered."""
    read = [f"{source.path}:{source.digest}" for source in (files.config, *files.vocabularies) if source]
    return _fingerprint(
        *read,
        files.data_fingerprint,
        theme.strings_fingerprint(),
        code_fingerprint(),
        repr((options.drafts, options.strict, options.search)),
        str(options.out.resolve()),
    )


class Product(NamedTuple):
    """Something the build makes from the graph: a page, a file beside a page, or a site-wide output.

    A tuple: a catalogue has 200,000 of them to list in every build."""

    name: str
    """The page's URL; ``<URL>#<output>`` for a page's own files; ``#<output>`` for a site-wide one."""
    node: PageNode | None
    """The page it is or belongs to; None for a site-wide output."""
    make: Callable[[SiteGraph, Renderer], tuple[Iterable[tuple[str, bytes]], SearchRecord | None]]
    """Makes the files, reading the graph it is given, and an entry page's search record."""

    @property
    def is_page(self) -> bool:
        return self.node is not None and self.name == self.node.url


def _products(graph: SiteGraph) -> list[Product]:
    """Every product of the site; the site-wide outputs first, so that workers share the largest ones."""
    products = [Product(f"#{output.__name__}", None, partial(_site_output, output)) for output in SITE_OUTPUTS]
    for node in graph.pages:
        products.append(Product(node.url, node, partial(_page_file, node)))
        products += [
            Product(f"{node.url}#{output.__name__}", node, partial(_page_output, output, node))
            for output in PAGE_OUTPUTS.get(node.kind, [])
        ]
    return products


def _site_output(output: SiteOutput, graph: SiteGraph, renderer: Renderer) -> tuple[Iterable[tuple[str, bytes]], None]:
    return output(graph, renderer.translators), None


def _page_output(
    output: PageOutput, node: PageNode, graph: SiteGraph, renderer: Renderer
) -> tuple[Iterable[tuple[str, bytes]], None]:
    return output(graph, node, renderer.translators), None


def _page_file(
    node: PageNode, graph: SiteGraph, renderer: Renderer
) -> tuple[list[tuple[str, bytes]], SearchRecord | None]:
    html, record = renderer.render(node, graph, lambda view: head_markup(graph, node, renderer.translators, view))
    return [(node.output_path, html.encode())], record


def _node_fingerprint(product: Product) -> str:
    return product.node.fingerprint if product.node else ""


def _plan(
    products: list[Product], cache: BuildCache, graph: SiteGraph, shared: str, templates: str, writer: OutputWriter
) -> tuple[list[str], list[int]]:
    """The current fingerprints of the cache's facts, and the products to make.

    A product is made again when it is new, when its page changed (a list shows other
    entries), when a fact it read changed, or when a file it wrote is gone; all of them when
    what every product depends on changed, and every page when a template did."""
    current = [fact_fingerprint(graph, fact) for fact in cache.facts]
    if cache.shared != shared:
        return current, list(range(len(products)))
    changed = {
        number for number, (now, then) in enumerate(zip(current, cache.fingerprints, strict=True)) if now != then
    }
    retemplated = cache.templates != templates
    todo = []
    for index, product in enumerate(products):
        record = cache.records.get(product.name)
        if (
            record is None
            or (retemplated and product.is_page)
            or record.node != _node_fingerprint(product)
            or record.read_any(changed)
            or not all(writer.has(path) for path in record.files)
        ):
            todo.append(index)
    return current, todo


@dataclass
class Outcome:
    """What making one product produced, as a worker reports it back."""

    product: int
    """Its index in the build's list of products."""
    files: list[tuple[str, str, bool]]
    """(output path, digest, changed since the last build) of each file it wrote."""
    reads: frozenset[Fact]
    record: SearchRecord | None = None
    """An entry page's search record, when the build updates the search index."""


@dataclass
class Made:
    """What the products made in this build add up to."""

    records: dict[str, Record]
    pages: int
    """Pages rendered."""
    search: SearchState | None = None
    """What the search index holds, when the build made one."""


def _make(
    products: list[Product],
    todo: list[int],
    graph: SiteGraph,
    renderer: Renderer,
    writer: OutputWriter,
    search: bool,
) -> Iterator[Outcome | Problem]:
    """Make products (in this process), writing their files; yields outcomes and template problems."""
    failed: set[str] = set()
    for index in todo:
        product = products[index]
        node = product.node
        if node is not None and node.kind in failed:
            continue
        reading = graph.recording()
        try:
            made, record = product.make(reading, renderer)
            files = list(made)
        except Exception as exc:  # a theme's bug: report it once per template and go on with the others
            if node is None or not product.is_page:
                raise
            report = Report()
            template_problem(exc, node, report)
            failed.add(node.kind)
            yield from report.problems
            continue
        written = [
            (path, writer.written[path], changed) for path, data in files for changed in (writer.write(path, data),)
        ]
        yield Outcome(index, written, frozenset(reading.reads or ()), record if search else None)


def _worker(conn: Connection, make: Callable[[], Iterator[Outcome | Problem]]) -> None:
    """A forked maker: sends its outcomes in batches."""
    batch: list[Outcome | Problem] = []
    for item in make():
        batch.append(item)
        if len(batch) >= BATCH:
            conn.send(batch)
            batch = []
    conn.send(batch)
    conn.close()


def _make_products(
    products: list[Product],
    todo: list[int],
    graph: SiteGraph,
    renderer: Renderer,
    writer: OutputWriter,
    cache: BuildCache,
    table: FactTable,
    options: BuildOptions,
    report: Report,
    progress: Progress | None,
    *,
    full: bool,
) -> Made:
    """Make the products to make across `options.workers` processes, then complete the search index.

    Workers are forked after the graph is built, so they share it without copying. Each takes
    every n-th product, which balances cheap list pages and costly entry pages; the search
    records of the entry pages they render come back with their outcomes.
    """
    search = None
    if options.search and graph.config.search:
        previous = SearchState.from_json(cache.search) if cache.search else None
        searchable = [(p.name, p.node.lang) for p in products if p.is_page and p.node and p.node.kind in KINDS]
        search = SearchUpdate(previous, writer, searchable, full=full)
    stream = search is not None
    shares = max(1, min(options.workers, len(todo) // BATCH + 1))

    def share(index: int) -> Callable[[], Iterator[Outcome | Problem]]:
        return lambda: _make(products, todo[index::shares], graph, renderer, writer, stream)

    context = multiprocessing.get_context("fork")
    connections: list[Connection] = []
    processes = []
    for index in range(1, shares):
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(sending, share(index)), daemon=True)
        process.start()
        sending.close()
        connections.append(receiving)
        processes.append(process)

    made = Made({}, 0)
    pages_to_make = sum(products[index].is_page for index in todo)

    def take(items: list[Outcome | Problem]) -> None:
        for item in items:
            if isinstance(item, Problem):
                report.add(item)
                continue
            product = products[item.product]
            for path, digest, changed in item.files:
                writer.record(path, digest, changed)
            made.records[product.name] = Record(
                _node_fingerprint(product), table.numbers(item.reads), tuple(path for path, _, _ in item.files)
            )
            made.pages += product.is_page
            if item.record is not None and search is not None:
                search.add(item.record)
        if progress:
            progress(made.pages, pages_to_make)

    try:
        batch: list[Outcome | Problem] = []
        for item in share(0)():
            batch.append(item)
            if len(batch) >= BATCH:
                take(batch)
                batch = []
                ready = wait(connections, timeout=0)
                for connection in [c for c in connections if c in ready]:
                    _receive(connection, connections, take)
        take(batch)
        while connections:
            ready = wait(connections)
            for connection in [c for c in connections if c in ready]:
                _receive(connection, connections, take)
        for process in processes:
            process.join()
            if process.exitcode != 0:
                raise RuntimeError(f"a rendering process failed with exit code {process.exitcode}")
        for product in products:
            if product.name not in made.records and product.name in cache.records:
                for path in cache.records[product.name].files:
                    writer.keep(path)
        if search is not None and not report.errors:
            # A full index of pages not made in this build (its index files were lost): their records anew.
            nodes = {p.name: p.node for p in products if p.is_page}
            for url in search.missing():
                node = nodes[url]
                assert node is not None
                record = renderer.render(node, graph)[1]
                if record is not None:
                    search.add(record)
            made.search = search.finish()
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    return made


def _receive(conn: Connection, connections: list[Connection], take: Callable[[list], None]) -> None:
    try:
        message = conn.recv()
    except EOFError:
        connections.remove(conn)
        return
    take(message)


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
