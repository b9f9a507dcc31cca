"""The build pipeline: the stages of a build, in the order they run.

`Builder.build` lists them: scan the site (settings read, content and static files listed)
-> open the cache -> nothing changed? stop -> read and validate the content files that
changed, and check them and the files they affect against the others -> find the inputs
that changed -> plan the products to make -> make them (pages, the files beside them, the
pieces of site-wide files), in parallel when there are many -> join the site-wide files
whose pieces changed -> copy static files -> bring the search index up to date -> publish
-> remember. `check_site` runs the stages up to validation and writes no output.

A build from nothing and a rebuild run the same stages: a build from nothing is one in
which every file changed. `serve` keeps a `Builder` between saves, so that its cache stays
open and its templates compiled.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import os
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, NamedTuple

from .cache import CACHE_FAULTS, CacheUnusable, Store, StoredProduct, cache_path, code_fingerprint
from .content import (
    BodyLink,
    Document,
    EntryName,
    Finding,
    Lookup,
    check_across,
    check_site_project,
    entry_name,
    load_config,
    locate,
    shows_original,
    translation_findings,
    validate_file,
)
from .errors import ContentError, Problem, Report
from .graph import TAXONOMIES, PageNode, SiteGraph, body_link, entry_links, entry_row
from .i18n import Translator
from .markup import MarkdownRenderer
from .models import KINDS, Entry, SiteConfig
from .outputs import JOINS, PAGE_OUTPUTS, PAGE_PIECES, SITE_OUTPUTS, Piece, head_markup
from .processes import build_lock, orphan_proof
from .render import Renderer, template_problem
from .search import FOLDER as SEARCH_FOLDER
from .search import SearchRecord, SearchState, SearchUpdate
from .sources import (
    CONTENT_DIR,
    STATIC_DIR,
    SiteScan,
    SourceFile,
    read_body,
    read_builtin_vocabularies,
    read_content,
    scan_site,
)
from .themes import Theme, load_theme
from .vocabularies import BUILTIN_FOLDER, Vocabularies, merge_vocabularies
from .writer import MARKER, OutputWriter, check_output_folder

Files = list[tuple[str, bytes]]
"""(output path, bytes) of the files a product makes."""
Progress = Callable[[int, int], None]
"""Called with (pages done, pages in all) while rendering."""

BATCH = 200
"""Products a worker makes before reporting back: small enough for a smooth progress bar."""
FORK_AT = 2 * BATCH
"""Below this many products to make, forking workers costs more than it saves."""
WORKER_SILENCE = 600
"""Seconds a rendering process may go without sending anything (it sends every `BATCH` products)."""
RECORDS_ONLY = ("family:", "join:", "static:", "search:")
"""Records in the cache that are not products the plan makes: a family's list of pages, a joined
site-wide file, the static files copied, the search index. Their own stages make them again."""


@dataclass
class BuildOptions:
    site: Path
    out: Path
    drafts: bool = False
    strict: bool = False
    now: datetime | None = None
    """The moment of the build, with its zone: what is upcoming or past, and a project's status
    (on its date), depend on it. None: the moment each build starts (the preview builds for hours)."""
    search: bool = True
    """Build the search index (the dev server may skip it for speed)."""
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Processes making pages; 1 makes them in this process only, as does a platform without fork."""
    wait: float = 600.0
    """Seconds to wait while another build of the same output folder runs; 0 gives up at once."""


@dataclass
class BuildSummary:
    pages: int
    pages_rendered: int
    files_changed: int
    files_removed: int
    report: Report
    seconds: float
    note: str = ""
    """Why the build started from nothing although a cache was there (empty when it did not)."""


@dataclass
class Settings:
    """What every product depends on: when any of it changes, the build starts from nothing."""

    config: SiteConfig
    config_source: SourceFile
    vocabularies: Vocabularies
    theme: Theme
    strings: str
    """Fingerprint of the interface strings: the theme's catalogues and the site's own."""
    shared: str
    """Fingerprint of the configuration, vocabularies, data, UI strings, this code and the options."""
    templates: str
    """Fingerprint of the theme's templates, which every page depends on."""


class Product(NamedTuple):
    """Something the build makes from the graph: a page, a file beside a page, or a site-wide file.

    A tuple: a catalogue has 300,000 of them."""

    name: str
    """The page's URL; ``<URL>#<output>`` for a page's own files; ``#<output>`` for a site-wide one."""
    family: str
    """The family of pages it belongs to (`SiteGraph.family`)."""
    node: PageNode | None
    """The page it is or belongs to; None for a site-wide file."""
    output: str
    """The output function that makes it (`outputs`); empty for a page."""

    @property
    def is_page(self) -> bool:
        return self.node is not None and not self.output


@dataclass
class MadeProduct:
    """What making one product gave, as a worker reports it back."""

    product: int
    """Its index in the plan's list of products to make."""
    files: list[tuple[str, str, bool]]
    """(output path, digest, changed since the last build) of each file it wrote."""
    pieces: list[Piece]
    reads: list[str]
    record: SearchRecord | None = None
    """An entry page's search record, when the build updates the search index."""


@dataclass
class Changes:
    """What reading the changed files changed in the content index: what may have changed since."""

    entries: set[tuple[str, str]] = field(default_factory=set)
    """Entries with a new, changed or removed document."""
    links: set[tuple[str, str]] = field(default_factory=set)
    """(relation, target) of the links those entries had or have."""
    slugs: set[tuple[str, str, str]] = field(default_factory=set)
    """(kind, language, slug) those entries took or take."""
    terms: set[tuple[str, str]] = field(default_factory=set)
    """(taxonomy, code) of the terms whose members changed."""
    static: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Static files added or changed, with (size, mtime)."""
    static_removed: set[str] = field(default_factory=set)

    def touch(self, store: Store, kind: str, id_: str) -> None:
        """Note an entry about to change, with what it linked to and the slugs it took before."""
        if (kind, id_) not in self.entries:
            self.entries.add((kind, id_))
            self.links |= {(rel, target) for rel, target, _, _ in store.links_of(kind, id_)}
            self.slugs |= {(kind, lang, slug) for lang, slug in store.slugs_of(kind, id_)}

    def inputs(self, store: Store, time_moved: bool) -> set[str]:
        """The inputs these changes, and the time since the last build when it `time_moved`, may
        have changed: their fingerprints are compared."""
        names: set[str] = set()
        kinds = {kind for kind, _ in self.entries}
        for kind, id_ in self.entries:
            names |= {f"doc:{kind}:{id_}", f"body:{kind}:{id_}", f"status:{id_}", f"upcoming:{id_}"}
        for kind in kinds:
            names |= {f"order:{kind}", f"count:{kind}", *store.input_names(f"latest:{kind}:")}
        if "result" in kinds:
            names |= {"readiness-counts", *store.input_names("featured:")}
        if "event" in kinds:
            names |= set(store.input_names("coming:"))
        if "project" in kinds:
            names.add("status-counts")
        if "page" in kinds:
            names.add("menu")
        if kinds & {"project", "organisation"}:
            # Their countries set an event's time zone, which decides whether it is over near its end.
            names |= {*store.input_names("upcoming:"), *store.input_names("coming:")}
        if kinds & {"project", "result", "organisation"} or time_moved:
            names.add("statistics")
        names |= {f"linked:{rel}:{target}" for rel, target in self.links}
        for taxonomy, code in self.terms:
            names |= {f"term:{taxonomy}:{code}", f"members:{taxonomy}:{code}", f"taxonomy:{taxonomy}"}
        names |= {f"static:{path}" for path in (*self.static, *self.static_removed)}
        if time_moved:
            names |= {"today", "status-counts", *store.input_names("coming:")}
            names |= {*store.input_names("status:"), *store.input_names("upcoming:")}
        return names


@dataclass
class Dirty:
    """What is to be made again: kept in the cache until a build has made it (`pending`), so that a
    build that fails after it was found does not lose it."""

    products: set[int] = field(default_factory=set)
    """Numbers of products whose inputs changed."""
    families: set[str] = field(default_factory=set)
    """Families whose list of pages is to be worked out again."""
    templates: bool = False
    """A template changed: every page is to be made again."""

    @classmethod
    def load(cls, store: Store) -> Dirty:
        text = store.get_text("pending")
        if not text:
            return cls()
        saved = json.loads(text)
        return cls(set(saved["products"]), set(saved["families"]), saved["templates"])

    def save(self, store: Store) -> None:
        store.set_text(
            "pending",
            json.dumps(
                {"products": sorted(self.products), "families": sorted(self.families), "templates": self.templates}
            ),
        )


@dataclass
class Plan:
    """What a build makes, and what it removes."""

    make: list[Product]
    families: dict[str, list[str]]
    """Each family worked out again -> the inputs it read."""
    removed: list[int]
    """Numbers of the products the site no longer has."""


@dataclass
class MakingResult:
    """What the products made in this build add up to."""

    records: dict[str, tuple[Product, list[str], list[str]]] = field(default_factory=dict)
    """Product name -> (the product, the inputs it read, the files and ``@pieces`` it wrote)."""
    pieces: dict[str, dict[str, tuple[str, bytes]]] = field(default_factory=lambda: defaultdict(dict))
    """Site-wide file -> product name -> (sort key, bytes) of the pieces made in this build."""
    pages: int = 0
    """Pages rendered."""


Untranslated = dict[str, dict[str, list[str]]]
"""For each language after the default: kind -> the ids of the entries shown in this build that
have no translation into it, by id."""


def check_site(site: Path, *, drafts: bool = False) -> Report:
    """Validate a site without writing any output (keeping its own cache, apart from the builds')."""
    return check_content(site, drafts=drafts)[0]


def check_content(
    site: Path, *, drafts: bool = False, translations: bool = False
) -> tuple[Report, Untranslated | None, int]:
    """`check_site`, and with `translations` what each language after the default still lacks,
    from the content index the check keeps: (report, untranslated, entries shown). The
    untranslated entries are None when the site's settings are unusable."""
    builder = Builder(BuildOptions(site=site, out=site / CONTENT_DIR / ".check", drafts=drafts, search=False))
    try:
        return builder.check(translations=translations)
    finally:
        builder.close()


def build_site(
    options: BuildOptions, progress: Progress | None = None, waiting: Callable[[str], None] | None = None
) -> BuildSummary:
    """Build the whole site; raises ContentError (output untouched) when the content is wrong,
    BuildBusy when another build of the same output folder runs longer than `options.wait`
    (`waiting` hears that the build waits for it)."""
    builder = Builder(options)
    try:
        return builder.build(progress, waiting)
    finally:
        builder.close()


@contextmanager
def built_graph(options: BuildOptions) -> Iterator[tuple[SiteGraph, Store]]:
    """The graph of a site as its last build into `options.out` left it, and that build's cache:
    for what reads a built site without building it again (tests of single outputs, tools)."""
    builder = Builder(options)
    try:
        report = Report()
        scan = scan_site(options.site, report)
        settings = builder._settings(scan, report)
        if settings is None:
            raise ContentError(report)
        store, _ = builder._open(settings)
        yield builder._graph(store, settings, scan), store
    finally:
        builder.close()


class Builder:
    """Builds one site into one output folder. Keep it to build again: its cache stays open."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.site = options.site
        self._store: Store | None = None
        self._renderer: tuple[str, Renderer] | None = None
        self._markdown = MarkdownRenderer()
        """Finds the links of the bodies validated (`content.validate_file`)."""
        self._catalogues: tuple[str, dict[str, Translator], list[Problem]] | None = None
        """The last catalogues read, by their fingerprint, and their problems: `serve` builds again
        on every save, and reading 24 languages' catalogues takes a second."""
        self.now = options.now or datetime.now().astimezone()
        """The moment of the current (or last) build (`BuildOptions.now`)."""

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- the stages -------------------------------------------------------------------------

    def build(self, progress: Progress | None = None, waiting: Callable[[str], None] | None = None) -> BuildSummary:
        started = time.perf_counter()
        # One build of an output folder at a time: two would share its cache and staging folder.
        lock = cache_path(self.site, self.options.out).with_suffix(".lock")
        with build_lock(lock, self.options.wait, waiting):
            self.now = self.options.now or datetime.now().astimezone()
            try:
                return self._build(progress, started)
            except CACHE_FAULTS as exc:
                # A record of the cache failed its check half-way: start again from nothing, once.
                self._discard_cache()
                summary = self._build(progress, started)
                summary.note = summary.note or str(exc)
                return summary

    def _build(self, progress: Progress | None, started: float) -> BuildSummary:
        report = Report()
        scan = scan_site(self.site, report)
        settings = self._settings(scan, report)
        if settings is None:
            raise ContentError(report)
        store, note = self._open(settings)
        if differ := store.outputs_differ(self.options.out):
            # Changed or deleted by hand, or left half-published by a killed build: build from
            # nothing, which compares every file with its own bytes.
            store, _ = self._open(settings, anew=True)
            note = note or f"{len(differ)} file(s) of the output folder changed since the last build"
        # A build from nothing (no build completed with this cache) knows nothing of what the
        # output folder holds: it removes every file there that it does not make.
        from_nothing = not store.get_text("content")
        if self._unchanged(store, scan, settings) and not report.errors:
            # The catalogues are as the last build, which read them without error, found them.
            settings.theme.missing_languages(settings.config.languages, report, settings.config_source)
            report.problems.extend(self._stored_problems(store))
            if report.fails(strict=self.options.strict):
                raise ContentError(report)  # as the build that read these files did
            return BuildSummary(store.count_pages(), 0, 0, 0, report, time.perf_counter() - started, note)
        self._translators(settings, report)
        with store.transaction():
            changes = self._validate(store, scan, settings, report)
            if report.fails(strict=self.options.strict):
                raise ContentError(report)  # nothing kept: the next build reads the same files again
            dirty = self._changed_inputs(store, settings, scan, changes)
            self._set_static(store, changes)
        check_output_folder(self.options.out, self.site)
        graph = self._graph(store, settings, scan)
        plan = self._plan(store, graph, dirty)
        writer = OutputWriter(self.options.out, store)
        writer.begin()
        try:
            with store.transaction():
                search = self._search_update(store, settings, writer, dirty, plan)
                made = self._make(graph, settings, plan, writer, search, report, progress)
                records = Records(store, graph)
                touched = self._record_products(store, plan, made, records)
                self._join(store, graph, settings, dirty, touched, writer, records)
                self._copy_static(scan, settings.theme, writer, records)
                state = self._search(store, graph, settings, search, writer, records)
                records.finish()
                previous_files = _files_in(self.options.out) - {MARKER} if from_nothing else set(records.removed_files)
                removed = sorted(previous_files - writer.written.keys())
                writer.publish(removed)
                self._remember(store, settings, scan, writer, removed, state, graph)
        except BaseException:
            writer.abort()
            raise
        return BuildSummary(
            store.count_pages(),
            made.pages,
            len(writer.changed),
            len(removed),
            report,
            time.perf_counter() - started,
            note,
        )

    def validate(self) -> Report:
        """The stages up to validation: every problem of the content, nothing written but the cache."""
        return self.check()[0]

    def check(self, *, translations: bool = False) -> tuple[Report, Untranslated | None, int]:
        """`validate`, and with `translations` the entries each language lacks (`check_content`),
        read from the content index as validation left it, whether or not the content has errors."""
        report = Report()
        scan = scan_site(self.site, report)
        settings = self._settings(scan, report)
        if settings is None:
            return report, None, 0
        self._translators(settings, report)
        store, _ = self._open(settings)
        if self._unchanged(store, scan, settings, output=False):
            report.problems.extend(self._stored_problems(store))
            return (report, *(_untranslated(store, settings.config) if translations else (None, 0)))
        found: tuple[Untranslated | None, int] = (None, 0)
        try:
            with store.transaction():
                self._validate(store, scan, settings, report)
                if translations:
                    found = _untranslated(store, settings.config)
                if report.errors:
                    raise ContentError(report)  # nothing kept, so that the next check reports them again
                store.set_text("content", _content_signature(scan))
        except ContentError:
            pass
        return report, *found

    # -- settings and the cache -------------------------------------------------------------

    def _settings(self, scan: SiteScan, report: Report) -> Settings | None:
        if scan.config is None:
            return None
        vocabularies = merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, report), scan.vocabularies, report)
        config = load_config(scan.config, vocabularies, report)
        if config is None:
            return None
        theme = load_theme(config.theme, self.site, report)
        if theme is None:
            return None
        options = self.options
        strings = theme.strings_fingerprint()
        # File digests, never the repr of what YAML made of them: a data file may hold anything.
        read = [f"{source.path}:{source.digest}" for source in (scan.config, *scan.vocabularies, *scan.data.values())]
        shared = _fingerprint(
            *read,
            strings,
            code_fingerprint(),
            repr((options.drafts, options.search, str(options.out.resolve()))),
        )
        return Settings(config, scan.config, vocabularies, theme, strings, shared, theme.templates_fingerprint())

    def _translators(self, settings: Settings, report: Report | None = None) -> dict[str, Translator]:
        """The interface strings of the site's languages (`Theme.translators`), read again only when
        a catalogue or showcase.yaml changed (the languages, and the lines warnings name, are in
        it); their problems go to `report` when one is given."""
        key = f"{settings.strings}:{settings.config_source.digest}"
        if self._catalogues is None or self._catalogues[0] != key:
            found = Report()
            translators = settings.theme.translators(settings.config.languages, found, settings.config_source)
            self._catalogues = (key, translators, found.problems)
        if report is not None:
            report.problems.extend(self._catalogues[2])
        return self._catalogues[1]

    def _open(self, settings: Settings, *, anew: bool = False) -> tuple[Store, str]:
        """The cache, started anew when what every product depends on changed (or when asked)."""
        note = ""
        if self._store is None:
            self._store, note = Store.open(cache_path(self.site, self.options.out), code_fingerprint())
        if self._store.get_text("shared") != settings.shared or anew:
            if self._store.get_text("shared") not in ("", settings.shared):
                note = note or "the settings, vocabularies, data or the theme's strings changed"
            self._discard_cache()
            self._store = Store.create(cache_path(self.site, self.options.out), code_fingerprint())
            with self._store.transaction():
                self._store.set_text("shared", settings.shared)
        return self._store, note

    def _discard_cache(self) -> None:
        path = cache_path(self.site, self.options.out)
        self.close()
        self._renderer = None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def _unchanged(self, store: Store, scan: SiteScan, settings: Settings, *, output: bool = True) -> bool:
        """Nothing to do: the same files as the last complete build, and for its `output` the same
        templates, nothing that depends on the time changed since (`_time_moved`), its output there."""
        return store.get_text("content") == _content_signature(scan) and (
            not output
            or (
                not self._time_moved(store)
                and store.get_text("templates") == settings.templates
                and store.get_text("theme-static") == settings.theme.static_signature()
                and not store.get_text("pending")
                and (self.options.out / MARKER).is_file()
            )
        )

    def _time_moved(self, store: Store) -> bool:
        """What depends on the time of the build may differ from the last build's: it is another
        day (a project's status), past the moment the last build gave for what is upcoming to
        change (`SiteGraph.next_change`), or earlier than the last build."""
        now = self.now
        last, change = store.get_text("now"), store.get_text("next-change")
        return (
            not last
            or now.date() != datetime.fromisoformat(last).date()
            or now < datetime.fromisoformat(last)
            or bool(change and now >= datetime.fromisoformat(change))
        )

    def _stored_problems(self, store: Store) -> list[Problem]:
        site = [Problem.from_dict(problem) for problem in json.loads(store.get_text("site-problems") or "[]")]
        return [Problem.from_dict(problem) for problem in store.file_problems()] + site

    # -- reading and validating ---------------------------------------------------------------

    def _validate(self, store: Store, scan: SiteScan, settings: Settings, report: Report) -> Changes:
        """Read and validate the content files that changed; check them, and the documents their
        changes can affect, against the others; keep it all in the content index."""
        languages = settings.config.languages
        known = store.file_states()
        touched = [path for path, state in scan.content.items() if known.get(path) != state]
        touched += [path for path in known if path not in scan.content]
        changes = Changes()
        names = {path: entry_name(path, languages, Report()) for path in touched}
        entries = {(name.kind, name.id) for name in names.values() if name is not None}
        # Every file of a touched entry is read again: a translation lays its fields over its
        # original, and two files that name one entry are both in error until one goes.
        paths = {path for path in touched if path in scan.content}
        for kind, id_ in sorted(entries):
            changes.touch(store, kind, id_)
            paths |= {path for path, _ in store.files_of(kind, id_) if path in scan.content}
        for path in touched:
            if path not in scan.content:
                store.delete_file(path)
        ordered = sorted(paths, key=_path_order)
        read_report = Report()
        sources = dict(
            zip(ordered, read_content(self.site, ordered, read_report, self._workers(len(ordered))), strict=True)
        )
        problems: dict[str, list[Problem]] = defaultdict(list)
        for problem in read_report.problems:
            problems[problem.file].append(problem)
        for path in ordered:
            name_report = Report()
            name = entry_name(path, languages, name_report)
            problems[path] += name_report.problems
            source = sources[path]
            size, mtime = scan.content[path]
            digest = bytes.fromhex(source.digest) if source is not None else b""
            store.put_file(path, size, mtime, digest, (name.kind, name.id, name.lang) if name else ("", "", ""), [])
        index = ContentIndex(store, scan, languages[0], self._markdown)
        for kind, id_ in sorted(entries):
            self._load_entry(store, settings, index, kind, id_, sources, problems, changes)
        for path in ordered:
            source = sources[path]
            size, mtime = scan.content[path]
            name = entry_name(path, languages, Report())
            store.put_file(
                path,
                size,
                mtime,
                bytes.fromhex(source.digest) if source is not None else b"",
                (name.kind, name.id, name.lang) if name else ("", "", ""),
                [p.as_dict() for p in problems[path]],
            )
        self._check_across(store, index, changes)
        changes.static, changes.static_removed = _static_changes(store, scan)
        report.problems.extend(Problem.from_dict(problem) for problem in store.file_problems())
        report.problems.extend(self._site_problems(store, settings, scan))
        return changes

    def _load_entry(
        self,
        store: Store,
        settings: Settings,
        index: ContentIndex,
        kind: str,
        id_: str,
        sources: dict[str, SourceFile | None],
        problems: dict[str, list[Problem]],
        changes: Changes,
    ) -> None:
        """Validate the files of one entry and put what they give into the content index.

        When two files name one entry in one language, the first (in the order files are read)
        is the one, and the other says so (`ContentIndex.unloaded`); without a valid original
        there is no entry at all, its translations included."""
        config, default = settings.config, settings.config.languages[0]
        first: dict[str, str] = {}
        for path, lang in sorted(store.files_of(kind, id_), key=lambda file: _path_order(file[0])):
            first.setdefault(lang, path)
        store.delete_documents(kind, id_)
        docs: dict[str, Document[Entry]] = {}
        original = sources.get(first[default]) if default in first else None
        for lang in sorted(first, key=lambda lang: lang != default):
            path = first[lang]
            source = sources.get(path)
            if source is None or (lang != default and default not in docs):
                continue
            name = EntryName(kind, id_, lang)
            doc, found = validate_file(
                source, name, original if lang != default else None, config, settings.vocabularies, self._markdown
            )
            problems[path] += found
            if doc is not None:
                docs[lang] = doc
                store.put_document(
                    kind,
                    id_,
                    lang,
                    doc.path,
                    doc.body_line,
                    bytes.fromhex(doc.front_digest),
                    bytes.fromhex(doc.body_digest),
                    doc.entry.model_dump_json(),
                    doc.slug,
                )
        index.forget(kind, id_)
        if default not in docs:
            store.delete_documents(kind, id_)
            store.delete_entry(kind, id_)
            raw = original.data.get("project") if original is not None and kind == "result" else None
            # A result that does not load yet still counts for its project: it is being written.
            store.put_links(kind, id_, [("project", raw, 0, "")] if isinstance(raw, str) else [])
            return
        row = entry_row(docs[default], settings.vocabularies, self.options.drafts)
        store.put_entry(kind, id_, dataclasses.astuple(row))
        links = list(dict.fromkeys(link for doc in docs.values() for link in entry_links(doc)))
        store.put_links(kind, id_, links)
        changes.links |= {(rel, target) for rel, target, _, _ in links}
        changes.slugs |= {(kind, lang, doc.slug) for lang, doc in docs.items()}

    def _check_across(self, store: Store, index: ContentIndex, changes: Changes) -> None:
        """Check against the others the documents that changed, and those their changes can affect:
        the entries that refer to a changed one, the projects of changed results, the documents
        that share a slug with one, those that name a static file that came or went."""
        affected = set(changes.entries)
        for kind, id_ in changes.entries:
            affected |= {(k, i) for k, i, _, _ in store.linked(f"ref:{kind}", id_)}
            affected |= {(k, i) for k, i, _, _ in store.linked(f"body:{kind}", id_)}
        affected |= {("project", target) for rel, target in changes.links if rel == "project"}
        for kind, lang, slug in changes.slugs:
            affected |= {(kind, other) for other in index.slug_ids(kind, lang, slug)}
        static, removed = _static_changes(store, index.scan)
        for path in [*static, *removed]:
            affected |= {(k, i) for rel in ("static", "body:static") for k, i, _, _ in store.linked(rel, path)}
        for kind, id_ in sorted(affected):
            docs = index.documents(kind, id_)
            for path, lang in store.files_of(kind, id_):
                doc = docs.get(lang)
                if doc is not None and doc.path == path:
                    findings = check_across(doc, index.default, index)
                else:
                    findings = index.unloaded(kind, id_, path, lang)
                source = index.source(path) if findings else None
                if source is not None and lang != index.default:
                    findings = translation_findings(findings, source)
                store.put_cross_problems(path, [p.as_dict() for p in locate(findings, source)] if source else [])

    def _site_problems(self, store: Store, settings: Settings, scan: SiteScan) -> list[Problem]:
        site = Report()
        if not scan.content:
            site.error(
                f"{CONTENT_DIR}/",
                f"there is no content: {CONTENT_DIR}/ has no .md files",
                hint=f"add Markdown files under {CONTENT_DIR}/projects/, {CONTENT_DIR}/results/... "
                "or run 'showcase new project'",
            )
        projects = [row[1] for row in store.entries("project") if row[2]]
        check_site_project(settings.config, projects, settings.config_source, site)
        store.set_text("site-problems", json.dumps([p.as_dict() for p in site.problems]))
        return site.problems

    # -- what changed -------------------------------------------------------------------------

    def _changed_inputs(self, store: Store, settings: Settings, scan: SiteScan, changes: Changes) -> Dirty:
        """Compare the fingerprints of the inputs the changes may have changed with the last build's:
        the readers of those that changed are made again."""
        graph = self._graph(store, settings, scan)
        self._refile(store, graph, changes)
        candidates = changes.inputs(store, self._time_moved(store))
        dirty = Dirty.load(store)
        for name in sorted(candidates):
            stored = store.input(name)
            if stored is None:
                continue  # no product read it
            _, fingerprint, readers = stored
            now = graph.fingerprint(name)
            if now != fingerprint:
                dirty.products.update(readers)
                store.put_input(name, now, readers)
        dirty.families |= {f"entry:{kind}:{id_}" for kind, id_ in changes.entries}
        dirty.families |= {f"term:{taxonomy}:{code}" for taxonomy, code in changes.terms if taxonomy in TAXONOMIES}
        dirty.templates = dirty.templates or store.get_text("templates") != settings.templates
        dirty.save(store)
        return dirty

    def _refile(self, store: Store, graph: SiteGraph, changes: Changes) -> None:
        """File again under taxonomy terms the entries an edit can move: the changed ones, the
        projects of a changed organisation (their countries), the results of a changed project
        (its field and priorities). Notes the terms whose members may have changed."""
        entries = set(changes.entries)
        for kind, id_ in changes.entries:
            if kind == "organisation":
                entries |= {(k, i) for k, i, _, _ in store.linked("partner", id_)}
            elif kind == "project":
                entries |= {(k, i) for k, i, _, _ in store.linked("project", id_) if k == "result"}
        for kind, id_ in sorted(entries):
            before = store.filed_of(kind, id_)
            after = graph.filings(kind, id_) if store.entry(kind, id_) else []
            if before != after:
                store.put_filed(kind, id_, after)
            if (kind, id_) in changes.entries or before != after:
                changes.terms |= set(before) | set(after)  # a changed entry may move within its terms' lists

    def _set_static(self, store: Store, changes: Changes) -> None:
        store.set_static(changes.static, changes.static_removed)

    # -- planning ---------------------------------------------------------------------------------

    def _graph(self, store: Store, settings: Settings, scan: SiteScan) -> SiteGraph:
        site = self.site
        return SiteGraph(
            store,
            settings.config,
            settings.vocabularies,
            self.now,
            lambda doc: read_body(site, doc.path),
            {path: size for path, (size, _) in scan.static.items()},
        )

    def _plan(self, store: Store, graph: SiteGraph, dirty: Dirty) -> Plan:
        """The products to make: those whose inputs changed, the new ones and those whose page
        changed in the families whose pages changed, and every page when a template changed."""
        families = set(dirty.families)
        if not store.has_products():
            families |= set(graph.family_names())
        stored = {number: store.product_by_number(number) for number in sorted(dirty.products)}
        families |= {p.name.removeprefix("family:") for p in stored.values() if p.name.startswith("family:")}
        to_make: dict[str, Product] = {}
        family_reads: dict[str, list[str]] = {}
        removed: list[int] = []
        for family in sorted(families):
            recorder = graph.recording()
            wanted = _family_products(family, recorder.family(family))
            family_reads[family] = sorted(recorder.reads or ())
            previous = {p.name: p for p in store.family_products(family)}
            for product in wanted:
                old = previous.get(product.name)
                if old is None or (product.node is not None and old.node != product.node.to_json()):
                    to_make[product.name] = product
            names = {product.name for product in wanted}
            removed += [p.number for name, p in previous.items() if name not in names]
        gone = set(removed)
        for number, record in stored.items():
            if record.name not in to_make and number not in gone and not record.name.startswith(RECORDS_ONLY):
                to_make[record.name] = _stored_product(record)
        if dirty.templates:
            for record in store.page_products():
                to_make.setdefault(record.name, _stored_product(record))
        # Pages first, and the site-wide files last: a worker's share then mixes long and short work.
        ordered = sorted(to_make.values(), key=lambda p: (p.node is None, p.name))
        return Plan(ordered, family_reads, removed)

    # -- making ---------------------------------------------------------------------------------

    def _renderer_for(self, settings: Settings) -> Renderer:
        key = f"{settings.templates}:{settings.shared}"  # the templates, and the catalogues (in `shared`)
        if self._renderer is None or self._renderer[0] != key:
            self._renderer = (key, Renderer(settings.theme, self._translators(settings)))
        return self._renderer[1]

    def _workers(self, tasks: int) -> int:
        """Processes for `tasks` pieces of work: forked, so one where the platform cannot fork."""
        if tasks < FORK_AT or "fork" not in multiprocessing.get_all_start_methods():
            return 1
        return max(1, min(self.options.workers, tasks // BATCH + 1))

    def _make(
        self,
        graph: SiteGraph,
        settings: Settings,
        plan: Plan,
        writer: OutputWriter,
        search: SearchUpdate | None,
        report: Report,
        progress: Progress | None,
    ) -> MakingResult:
        """Make the planned products, across processes when there are many."""
        renderer = self._renderer_for(settings)
        made = MakingResult()
        pages_to_make = sum(product.is_page for product in plan.make)

        def collect(items: list[MadeProduct | Problem]) -> None:
            for item in items:
                if isinstance(item, Problem):
                    report.add(item)
                    continue
                product = plan.make[item.product]
                for path, digest, changed in item.files:
                    writer.record(path, digest, changed)
                files = [path for path, _, _ in item.files] + [f"@{file}" for file, _, _ in item.pieces]
                made.records[product.name] = (product, item.reads, files)
                for file, sort, data in item.pieces:
                    made.pieces[file][product.name] = (sort, data)
                made.pages += product.is_page
                if item.record is not None and search is not None:
                    search.add(item.record)
            if progress:
                progress(made.pages, pages_to_make)

        workers = self._workers(len(plan.make))
        _run_workers(
            workers,
            lambda worker: self._make_every_nth(
                graph, renderer, plan.make, worker, workers, writer, search is not None
            ),
            collect,
        )
        if report.errors:
            raise ContentError(report)
        return made

    def _make_every_nth(
        self,
        graph: SiteGraph,
        renderer: Renderer,
        products: list[Product],
        worker: int,
        workers: int,
        writer: OutputWriter,
        search: bool,
    ) -> Iterator[MadeProduct | Problem]:
        """Make every `workers`-th product from the `worker`-th: what one process does. A forked
        process reads the cache through a connection of its own."""
        if workers > 1:
            graph = graph.reading_from(graph.store.reopen())
        failed: set[str] = set()
        for index in range(worker, len(products), workers):
            product = products[index]
            node = product.node
            if node is not None and node.kind in failed:
                continue
            reading = graph.recording()
            try:
                files, pieces, record = _make_product(product, reading, renderer)
            except CACHE_FAULTS:
                raise  # not the theme's: the build starts again from nothing
            except Exception as exc:  # a theme's bug: report it once per template and go on with the others
                if not product.is_page or node is None:
                    raise
                problems = Report()
                template_problem(exc, node, problems)
                failed.add(node.kind)
                yield from problems.problems
                continue
            written = [(path, writer.write(path, data)) for path, data in files]
            yield MadeProduct(
                index,
                [(path, writer.written[path], changed) for path, changed in written],
                pieces,
                sorted(reading.reads or ()),
                record if search else None,
            )
        if workers > 1:
            graph.store.close(checkpoint=False)

    # -- keeping records -------------------------------------------------------------------------

    def _record_products(self, store: Store, plan: Plan, made: MakingResult, records: Records) -> set[str]:
        """Record what each product made in this build read and wrote, drop the products the site no
        longer has, and keep the pieces of site-wide files; returns the site-wide files whose pieces
        changed."""
        touched: set[str] = set()
        for name, (product, reads, files) in made.records.items():
            old = records.record(name, product.family, product.node.to_json() if product.node else "", reads, files)
            for file in {f[1:] for f in old if f.startswith("@")} - {f[1:] for f in files if f.startswith("@")}:
                store.delete_piece(file, name)
                touched.add(file)
        for file, pieces in made.pieces.items():
            for name, (sort, data) in pieces.items():
                store.put_piece(file, name, sort, data)
            touched.add(file)
        for family, reads in plan.families.items():
            records.record(f"family:{family}", "family", "", reads, [])
        for number in plan.removed:
            record = store.product_by_number(number)
            for file in record.files:
                if file.startswith("@"):
                    store.delete_piece(file[1:], record.name)
                    touched.add(file[1:])
            records.remove(record)
        return touched

    # -- site-wide files, static files, the search index --------------------------------------

    def _join(
        self,
        store: Store,
        graph: SiteGraph,
        settings: Settings,
        dirty: Dirty,
        touched: set[str],
        writer: OutputWriter,
        records: Records,
    ) -> None:
        """Join the site-wide files that have new, changed or removed pieces, or that read an input
        that changed (the date)."""
        texts = self._renderer_for(settings).translators
        for join in JOINS:
            name = f"join:{join.name}"
            record = store.product(name)
            if record is not None and record.number not in dirty.products and not touched & set(join.files(graph)):
                continue
            reading = graph.recording()
            written = list(join.make(reading, texts, store.pieces))
            for path, data in written:
                writer.write(path, data)
            paths = [path for path, _ in written]
            records.record(name, "site", "", sorted(reading.reads or ()), paths)

    def _copy_static(self, scan: SiteScan, theme: Theme, writer: OutputWriter, records: Records) -> None:
        """Theme files first, then the site's own ``static/`` (as `sources` vetted it): later copies win."""
        sources: dict[str, Path] = {}
        for folder in theme.static_dirs:
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    sources[path.relative_to(folder).as_posix()] = path
        sources.update((rel, self.site / STATIC_DIR / rel) for rel in scan.static)
        for rel, path in sorted(sources.items()):
            writer.copy(rel, path)
        records.record("static:files", "site", "", [], sorted(sources))

    def _search_update(
        self, store: Store, settings: Settings, writer: OutputWriter, dirty: Dirty, plan: Plan
    ) -> SearchUpdate | None:
        """The search index's update, when the site has one: a new base index when every page is
        made (a build from nothing, a template changed), else an overlay of the changed pages."""
        if not (self.options.search and settings.config.search):
            return None
        gone = set(plan.removed)
        pages = {
            record.name: PageNode.from_json(record.node).lang
            for record in store.page_products()
            if record.family.startswith("entry:") and record.number not in gone
        }
        pages |= {p.name: p.node.lang for p in plan.make if p.is_page and p.node and p.family.startswith("entry:")}
        text = store.get_text("search")
        record = store.product("search:index")
        # The last index, unless a template changed or one of its files is not as that build left it.
        intact = record is not None and all(writer.has(path) for path in record.files)
        previous = SearchState.from_json(text) if text and intact and not dirty.templates else None
        return SearchUpdate(previous, writer, sorted(pages.items()), full=previous is None)

    def _search(
        self,
        store: Store,
        graph: SiteGraph,
        settings: Settings,
        search: SearchUpdate | None,
        writer: OutputWriter,
        records: Records,
    ) -> SearchState | None:
        if search is None:
            return None
        # A new full index needs the records of the pages this build did not make: render them (no files).
        renderer = self._renderer_for(settings)
        for url in search.missing():
            stored = store.product(url)
            assert stored is not None  # `missing` lists pages of the site, which all have records by now
            record = renderer.render(PageNode.from_json(stored.node), graph)[1]
            if record is not None:
                search.add(record)
        state = search.finish()
        folders = tuple(f"{SEARCH_FOLDER}/{lang}/" for lang in settings.config.languages)
        records.record("search:index", "site", "", [], sorted(p for p in writer.written if p.startswith(folders)))
        return state

    def _remember(
        self,
        store: Store,
        settings: Settings,
        scan: SiteScan,
        writer: OutputWriter,
        removed: list[str],
        search: SearchState | None,
        graph: SiteGraph,
    ) -> None:
        store.set_outputs(self.options.out, writer.written, removed)
        store.set_text("content", _content_signature(scan))
        store.set_text("templates", settings.templates)
        store.set_text("theme-static", settings.theme.static_signature())
        store.set_text("now", self.now.isoformat())
        change = graph.next_change()
        store.set_text("next-change", change.isoformat() if change else "")
        store.set_text("search", search.to_json() if search else "")
        store.set_text("pending", "")


class Records:
    """Keeps the cache's product records and the inputs' readers in step.

    Each input lists the products that read it; when a product is made again with other reads,
    or goes, the lists change. The changes are gathered, then written once per input
    (`finish`), with the fingerprint of each input read for the first time."""

    def __init__(self, store: Store, graph: SiteGraph):
        self.store = store
        self.graph = graph
        self.added: dict[int, set[int]] = defaultdict(set)
        self.dropped: dict[int, set[int]] = defaultdict(set)
        self.removed_files: list[str] = []
        """Files of the last build that the products recorded no longer write."""
        self.numbers: dict[str, int] = {}
        """Input name -> number, for the inputs looked up in this build: most products read the
        same few site-wide inputs, and each lookup in the cache checks a whole bucket of rows.
        An input keeps its number for as long as it exists, so the memo stays true."""

    def record(self, name: str, family: str, node: str, reads: list[str], files: list[str]) -> list[str]:
        """Record a product made in this build; returns the files its last record listed."""
        old = self.store.product(name)
        self.numbers.update(self.store.input_numbers(read for read in reads if read not in self.numbers))
        numbers = {read: self.numbers[read] for read in reads}
        number = self.store.put_product(name, family, node, numbers.values(), files)
        before = set(old.reads) if old else set()
        after = set(numbers.values())
        for input_number in after - before:
            self.added[input_number].add(number)
        for input_number in before - after:
            self.dropped[input_number].add(number)
        previous = old.files if old else []
        self.removed_files += [file for file in set(previous) - set(files) if not file.startswith("@")]
        return previous

    def remove(self, product: StoredProduct) -> None:
        for input_number in product.reads:
            self.dropped[input_number].add(product.number)
        self.removed_files += [file for file in product.files if not file.startswith("@")]
        self.store.delete_product(product.number)

    def finish(self) -> None:
        for number in sorted(self.added.keys() | self.dropped.keys()):
            name, fingerprint, readers = self.store.input_by_number(number)
            now = (set(readers) - self.dropped[number]) | self.added[number]
            self.store.put_input(name, fingerprint or self.graph.fingerprint(name), now, number)


class WorkerFailed(NamedTuple):
    """What a forked maker sends when it fails: the parent raises it again."""

    cache: bool
    """The cache could not be read: the build starts again from nothing."""
    message: str


def _run_workers(
    workers: int,
    make: Callable[[int], Iterator[MadeProduct | Problem]],
    collect: Callable[[list[MadeProduct | Problem]], None],
) -> None:
    """Run `make(0)` .. `make(workers - 1)`, each in a process of its own but the first, which runs
    here; hand what they make to `collect` in batches, as it comes.

    Workers are forked once the build's graph and renderer are ready, so they share them without
    copying; each reads the cache through its own connection. A worker dies with its parent
    (`_worker`), and a failed one stops the build."""
    context = multiprocessing.get_context("fork") if workers > 1 else None
    connections: list[Connection] = []
    processes = []
    for index in range(1, workers):
        assert context is not None
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_worker,
            args=(sending, partial(make, index), [*connections, receiving], os.getpid()),
            daemon=True,
        )
        process.start()
        sending.close()
        connections.append(receiving)
        processes.append(process)
    try:
        batch: list[MadeProduct | Problem] = []
        for item in make(0):
            batch.append(item)
            if len(batch) >= BATCH:
                collect(batch)
                batch = []
                _receive(wait(connections, timeout=0), connections, collect)
        collect(batch)
        while connections:
            _receive(wait(connections, timeout=WORKER_SILENCE), connections, collect, waited=True)
        for process in processes:
            process.join(timeout=WORKER_SILENCE)
            if process.exitcode != 0:
                raise RuntimeError(f"a rendering process failed with exit code {process.exitcode}")
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join(timeout=5)


def _worker(
    conn: Connection, make: Callable[[], Iterator[MadeProduct | Problem]], inherited: list[Connection], parent: int
) -> None:
    """A forked maker: sends what it makes in batches, or why it failed.

    It closes the ends of the other workers' pipes it inherited (holding them open would keep a
    worker whose parent died blocked on a full pipe forever) and ends when its parent ends."""
    for other in inherited:
        other.close()
    orphan_proof(parent)
    batch: list[MadeProduct | Problem | WorkerFailed] = []
    try:
        for item in make():
            batch.append(item)
            if len(batch) >= BATCH:
                conn.send(batch)
                batch = []
    except CACHE_FAULTS as exc:
        batch.append(WorkerFailed(True, str(exc)))
    except Exception:
        batch.append(WorkerFailed(False, traceback.format_exc()))
    conn.send(batch)
    conn.close()


def _receive(
    ready: list[Any],
    connections: list[Connection],
    collect: Callable[[list[MadeProduct | Problem]], None],
    *,
    waited: bool = False,
) -> None:
    if waited and not ready:
        raise RuntimeError(f"a rendering process sent nothing for {WORKER_SILENCE} seconds")
    for connection in [c for c in connections if c in ready]:
        try:
            items = connection.recv()
        except EOFError:
            connections.remove(connection)
            continue
        for item in items:
            if isinstance(item, WorkerFailed):
                raise (
                    CacheUnusable(item.message)
                    if item.cache
                    else RuntimeError(f"a rendering process failed:\n{item.message}")
                )
        collect(items)


def _make_product(
    product: Product, graph: SiteGraph, renderer: Renderer
) -> tuple[list[tuple[str, bytes]], list[Piece], SearchRecord | None]:
    """The files and pieces of one product, read from `graph`, and an entry page's search record."""
    texts = renderer.translators
    node = product.node
    if node is None:
        return list(SITE_OUTPUTS[product.output](graph, texts)), [], None
    if product.output:
        output = next(o for o in PAGE_OUTPUTS[node.kind] if o.__name__ == product.output)
        return list(output(graph, node, texts)), [], None
    html, record = renderer.render(node, graph, lambda view: head_markup(graph, node, texts, view))
    pieces = [piece for make in PAGE_PIECES for piece in make(graph, node, texts)]
    return [(node.output_path, html.encode())], pieces, record


def _family_products(family: str, nodes: list[PageNode]) -> list[Product]:
    """The products of a family's pages: each page, the files beside it, and the site's own files."""
    products = []
    for node in nodes:
        products.append(Product(node.url, family, node, ""))
        products += [
            Product(f"{node.url}#{output.__name__}", family, node, output.__name__)
            for output in PAGE_OUTPUTS.get(node.kind, [])
        ]
    if family == "site":
        products += [Product(f"#{name}", family, None, name) for name in SITE_OUTPUTS]
    return products


def _stored_product(stored: StoredProduct) -> Product:
    """A product of the last build, to make again."""
    node = PageNode.from_json(stored.node) if stored.node else None
    return Product(stored.name, stored.family, node, stored.name.partition("#")[2])


def _untranslated(store: Store, config: SiteConfig) -> tuple[Untranslated, int]:
    """The entries shown in this build that each language after the default lacks, from the
    content index (`Untranslated`), and the number of entries shown."""
    shown = {kind: sorted(row[1] for row in store.entries(kind) if row[2]) for kind in KINDS}
    untranslated: Untranslated = {}
    for lang in config.languages[1:]:
        untranslated[lang] = {}
        for kind, ids in shown.items():
            translated = store.document_ids(kind, lang)
            untranslated[lang][kind] = [id_ for id_ in ids if id_ not in translated]
    return untranslated, sum(len(ids) for ids in shown.values())


def _static_changes(store: Store, scan: SiteScan) -> tuple[dict[str, tuple[int, int]], set[str]]:
    known = store.static_files()
    changed = {path: state for path, state in scan.static.items() if known.get(path) != state}
    return changed, set(known) - set(scan.static)


def _content_signature(scan: SiteScan) -> str:
    """Changes when a content or static file is added, removed or changed (by size or mtime)."""
    digest = hashlib.blake2b(digest_size=16)
    for files in (scan.content, scan.static):
        for path in sorted(files):
            size, mtime = files[path]
            digest.update(f"{path}:{size}:{mtime}\n".encode())
    return digest.hexdigest()


def _files_in(folder: Path) -> set[str]:
    """The path of every file under `folder`, relative to it ('/'-separated); none if it does not exist."""
    return {(Path(root, name).relative_to(folder)).as_posix() for root, _, names in os.walk(folder) for name in names}


def _fingerprint(*parts: str) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _path_order(path: str) -> list[str]:
    """Folders, then names: the order files are read and reported in."""
    return path.split("/")


def _read_problems(site: Path, path: str) -> list[Problem]:
    report = Report()
    read_content(site, [path], report)
    return report.problems


class ContentIndex(Lookup):
    """What checks across files ask about the others, answered from the content index."""

    def __init__(self, store: Store, scan: SiteScan, default: str, markdown: MarkdownRenderer):
        self.store = store
        self.scan = scan
        self.root = scan.root
        self.default = default
        self.markdown = markdown
        self._documents: dict[tuple[str, str], dict[str, Document[Entry]]] = {}
        self._anchors: dict[tuple[str, str, str], set[str]] = {}

    def documents(self, kind: str, id_: str) -> dict[str, Document[Entry]]:
        found = self._documents.get((kind, id_))
        if found is None:
            model = KINDS[kind].model
            links: dict[str, list[BodyLink]] = defaultdict(list)
            for rel, target, position, extra in self.store.links_of(kind, id_):
                if rel.startswith("body:"):
                    lang, link = body_link(rel, target, position, extra)
                    links[lang].append(link)
            found = self._documents[(kind, id_)] = {
                lang: Document(
                    kind,
                    id_,
                    lang,
                    model.model_validate_json(entry),
                    path,
                    line,
                    front.hex(),
                    body.hex(),
                    tuple(links[lang]),
                )
                for lang, path, line, front, body, entry in self.store.documents(kind, id_)
            }
        return found

    def forget(self, kind: str, id_: str) -> None:
        self._documents.pop((kind, id_), None)
        self._anchors = {key: ids for key, ids in self._anchors.items() if key[:2] != (kind, id_)}

    def translated(self, kind: str, id_: str, lang: str) -> bool:
        return lang in self.documents(kind, id_)

    def anchors(self, kind: str, id_: str, lang: str) -> set[str]:
        key = (kind, id_, lang)
        if key not in self._anchors:
            docs = self.documents(kind, id_)
            original = docs[self.default]
            body = read_body(self.root, original.path)
            doc = docs.get(lang, original)
            if doc is not original and not shows_original(own := read_body(self.root, doc.path), body):
                body = own
            self._anchors[key] = self.markdown.outline(body).ids
        return self._anchors[key]

    def state(self, kind: str, id_: str) -> str:
        row = self.store.entry(kind, id_)
        if row is not None:
            return "ok" if row[2] else "draft"
        if any(lang == self.default for _, lang in self.store.files_of(kind, id_)):
            return "failed"
        return "missing"

    def ids(self, kind: str) -> list[str]:
        return self.store.file_ids(kind, self.default)

    def static_files(self) -> dict[str, int]:
        return {path: size for path, (size, _) in self.scan.static.items()}

    def slug_owner(self, kind: str, slug: str, lang: str) -> str:
        owners = self.store.slug_owners(kind, lang, slug)
        return owners[0][0] if owners else ""

    def slug_ids(self, kind: str, lang: str, slug: str) -> set[str]:
        return {id_ for _, id_ in self.store.slug_owners(kind, lang, slug)}

    def has_results(self, project_id: str) -> bool:
        return any(kind == "result" for kind, _, _, _ in self.store.linked("project", project_id))

    def unloaded(self, kind: str, id_: str, path: str, lang: str) -> list[Finding]:
        """Why a file that names an entry gave no document, when the file alone does not say it."""
        files = sorted(self.store.files_of(kind, id_), key=lambda file: _path_order(file[0]))
        first = next(other for other, other_lang in files if other_lang == lang)
        if first != path:
            return [
                Finding(
                    (),
                    f"the {kind} id '{id_}' is already used by {first}",
                    "rename one of the two files: ids must be unique within a kind",
                )
            ]
        if lang == self.default:
            return []  # its own problems say why
        originals = [other for other, other_lang in files if other_lang == self.default]
        if not originals:
            return [
                Finding(
                    (), f"this translation has no {self.default} original", f"add {path.rsplit('/', 1)[0]}/{id_}.md"
                )
            ]
        return []  # the original did not load: its own problems say why

    def source(self, path: str) -> SourceFile | None:
        return read_content(self.root, [path], Report())[0]
