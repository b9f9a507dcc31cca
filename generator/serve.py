"""The preview server behind ``showcase serve``: build, serve, watch, rebuild, reload.

Three threads, each with one job:

- watchdog's observer reports changes to the site's sources (`SourceWatcher`);
- one builder thread runs a build once the events of a save have settled (`Rebuilder`), so
  builds never overlap and a burst of events (an editor's save with its swap and backup files)
  makes one build. It keeps one `build.Builder` for the whole session: its cache stays open
  and its templates compiled, so a save costs what it changes (the files whose bytes changed
  are read, the pages whose facts changed are made);
- the event loop serves the output folder and tells the open pages to reload, through
  livereload's WebSocket handler and browser script (`Preview`, `OutputHandler`).

What keeps the preview honest:

- a build stages what changed and publishes it only once the whole build succeeded, so
  the folder served is always a complete build; when the content is invalid it leaves the last
  good build in place and the pages show the problems in an overlay until a save fixes them;
- requests wait while a build is due or running, so a page asked for after a save is never
  the one from before it;
- the output lives in the site's ``.showcase-cache/serve/``: outside every watched folder (the
  server never rebuilds because of what it wrote) and apart from ``output/``, so the drafts a
  preview shows never reach what ``showcase build`` deploys.

Why not livereload's own watcher: it polls every 0.8 s and ignores a second change less than
1 to 3 s after the last reload, which misses both the 300 ms target and quick successive
saves; its inotify variant needs pyinotify, which is unmaintained and does not import on
Python 3.12. watchdog uses inotify (FSEvents, ReadDirectoryChangesW elsewhere) and reports a
save within milliseconds.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import mimetypes
import os
import re
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import web
from tornado.websocket import WebSocketHandler
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from .build import Builder, BuildOptions
from .cache import CACHE_DIR
from .errors import ContentError, Problem
from .sources import (
    CONFIG_FILE,
    CONTENT_DIR,
    DATA_DIR,
    LOCALE_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    THEMES_DIR,
    VOCABULARIES_DIR,
)
from .themes import BUILTIN_THEMES, SOURCE_THEMES
from .writer import MARKER, OutputRefused

SERVE_DIR = "serve"
"""The preview's output folder, inside the site's cache folder."""

SETTLE_SECONDS = 0.1
"""A build starts once no event has come for this long: an editor's save is a burst of events."""

BUILD_WAIT_SECONDS = 120.0
"""How long a request waits for a due build before the last good build is served anyway."""

SOURCE_FOLDERS = (CONTENT_DIR, DATA_DIR, LOCALE_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR, VOCABULARIES_DIR)
"""The site's folders whose changes a build reads (``locale/``: the site's own interface strings)."""

EDITOR_TEMPORARY = ("*.swp", "*.swx", "*~", "#*#", "4913", "*.tmp", "*___jb_tmp___", "*___jb_old___")
"""Swap, backup, lock and write-test files of vim, emacs, JetBrains IDEs and others. Names
starting with a dot (``.x.swp``, ``.#x``, ``.DS_Store``) are ignored too, as `sources` does."""

CHANGES = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
"""The events that are changes, asked of the kernel so that it reports nothing else. Left out:
opening and reading a file, which every build does (counting them would make each build
trigger the next), and a folder's "modified", which comes with the events of its files."""

Log = Callable[[str], None]


class ServeError(Exception):
    """The server cannot start (a busy port, a folder that is not a site)."""


@dataclass(frozen=True)
class ServeOptions:
    site: Path
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False
    search: bool = True
    """Rebuild the search index on every build, so that search in the preview is never stale."""


def is_editor_temporary(name: str) -> bool:
    return name.startswith(".") or any(fnmatch(name, pattern) for pattern in EDITOR_TEMPORARY)


@dataclass(frozen=True)
class SourceLayout:
    """Where a site's sources are: what to watch, which changes count, where a static file is served."""

    site: Path
    """The site folder, resolved: watchdog reports paths under the folders it was given."""
    out: Path

    @property
    def theme_bases(self) -> tuple[Path, ...]:
        return tuple(folder.resolve() for folder in (self.site / THEMES_DIR, BUILTIN_THEMES, SOURCE_THEMES))

    def roots(self) -> list[Path]:
        """The folders to watch recursively; the site folder itself is watched for its config only."""
        candidates = [self.site / name for name in SOURCE_FOLDERS] + list(self.theme_bases)
        existing = sorted({path for path in candidates if path.is_dir()})
        return [
            path for path in existing if not any(path != other and path.is_relative_to(other) for other in existing)
        ]

    def is_source(self, path: Path) -> bool:
        if path.is_relative_to(self.out):
            return False  # the server's own output: rebuilding on it would never end
        if path.parent == self.site:
            return path.name == CONFIG_FILE or path.name in SOURCE_FOLDERS
        root = next((root for root in self.roots() if path.is_relative_to(root)), None)
        return root is not None and not any(is_editor_temporary(part) for part in path.relative_to(root).parts)

    def served_url(self, path: Path) -> str | None:
        """The URL at which a build serves this static file, or None if it is not one."""
        if path.is_relative_to(self.site / STATIC_DIR):
            return "/" + path.relative_to(self.site / STATIC_DIR).as_posix()
        for base in self.theme_bases:
            if path.is_relative_to(base):
                parts = path.relative_to(base).parts
                if len(parts) > 2 and parts[1] == STATIC_DIR:
                    return "/" + "/".join(parts[2:])
        return None


@dataclass(frozen=True)
class BuildOutcome:
    problems: tuple[Problem, ...]
    """Why the build failed; empty when it succeeded."""
    warnings: tuple[Problem, ...] = ()
    files_changed: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def run_build(builder: Builder, log: Log) -> BuildOutcome:
    """One build of the preview; whatever goes wrong becomes problems to show, never a dead server."""
    started = time.perf_counter()
    try:
        summary = builder.build()
    except ContentError as exc:
        return BuildOutcome(tuple(exc.report.sorted()), seconds=time.perf_counter() - started)
    except OutputRefused as exc:
        return BuildOutcome((Problem("(build)", message=str(exc)),), seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug in a build must not stop the preview: show it, keep serving
        log(traceback.format_exc())
        problem = Problem(
            "(build)",
            message=f"the build stopped with {type(exc).__name__}: {exc}",
            hint="this is a bug in showcase; the terminal shows where it happened",
        )
        return BuildOutcome((problem,), seconds=time.perf_counter() - started)
    return BuildOutcome((), tuple(summary.report.warnings), summary.files_changed, summary.seconds)


class Rebuilder:
    """Runs builds one at a time in its own thread, each once the changes before it have settled."""

    def __init__(
        self,
        build: Callable[[], BuildOutcome],
        on_due: Callable[[], object],
        on_built: Callable[[frozenset[Path], BuildOutcome, bool], object],
    ):
        self._build = build
        self._on_due = on_due
        self._on_built = on_built
        """Called with (the changes built, the outcome, whether more changes are already due)."""
        self._condition = threading.Condition()
        self._changes: set[Path] = set()
        self._last_change = 0.0
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="showcase build", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify()

    def changed(self, paths: Iterable[Path]) -> None:
        with self._condition:
            self._changes.update(paths)
            self._last_change = time.monotonic()
            # Under the lock, so that this "due" reaches the event loop before the "built" of
            # the build that will include these changes.
            self._on_due()
            self._condition.notify()

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._changes or self._stopping)
                while not self._stopping and (quiet := self._last_change + SETTLE_SECONDS - time.monotonic()) > 0:
                    self._condition.wait(quiet)
                if self._stopping:
                    return
                changes, self._changes = frozenset(self._changes), set()
            outcome = self._build()
            with self._condition:
                more_due = bool(self._changes)
            self._on_built(changes, outcome, more_due)


class SourceWatcher(FileSystemEventHandler):
    """Turns watchdog's events into the list of changed sources, leaving out everything else."""

    def __init__(self, layout: SourceLayout, on_change: Callable[[list[Path]], None]):
        self.layout = layout
        self.on_change = on_change
        self.observer: BaseObserver = Observer()
        self.watches: dict[Path, ObservedWatch] = {}

    def start(self) -> None:
        self.observer.schedule(self, str(self.layout.site), recursive=False, event_filter=CHANGES)
        for root in self.layout.roots():
            self._watch(root)
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)

    def _watch(self, folder: Path) -> None:
        self.watches[folder] = self.observer.schedule(self, str(folder), recursive=True, event_filter=CHANGES)

    def _watch_again(self, folder: Path) -> None:
        """A source folder at the top was created, removed or renamed: a removed folder's watch
        is dead and would leave a re-created folder unwatched, so drop it and start afresh."""
        if folder in self.watches:
            self.observer.unschedule(self.watches.pop(folder))
        if folder.is_dir():
            self._watch(folder)

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [Path(os.fsdecode(event.src_path))] + ([Path(os.fsdecode(event.dest_path))] if event.dest_path else [])
        changed = [path for path in paths if self.layout.is_source(path)]
        if not changed:
            return
        if event.is_directory:
            for folder in changed:
                if folder.parent == self.layout.site:
                    self._watch_again(folder)
        self.on_change(changed)


class Preview:
    """What the server shows, and when the pages reload. Lives on the event loop's thread."""

    def __init__(self, layout: SourceLayout, log: Log):
        self.layout = layout
        self.log = log
        self.problems: tuple[Problem, ...] = ()
        self.idle = asyncio.Event()
        """Set when no build is due or running: requests wait for it."""

    def due(self) -> None:
        self.idle.clear()

    async def settled(self) -> None:
        try:
            await asyncio.wait_for(self.idle.wait(), BUILD_WAIT_SECONDS)
        except TimeoutError:
            pass  # a build that long is better shown late than never: serve the last good build

    def built(self, changes: frozenset[Path], outcome: BuildOutcome, more_due: bool) -> None:
        previous, self.problems = self.problems, outcome.problems
        if not more_due:
            self.idle.set()
        self._report(changes, outcome)
        for path in self._reload_paths(changes, outcome, previous):
            LiveReloadHandler.reload_waiters(path)

    def _reload_paths(
        self, changes: frozenset[Path], outcome: BuildOutcome, previous: tuple[Problem, ...]
    ) -> list[str]:
        """What the open pages must reload: the whole page ("*"), some stylesheets, or nothing."""
        if outcome.problems != previous:
            return ["*"]  # the overlay appears, changes or goes away
        if not outcome.ok or outcome.files_changed == 0:
            return []
        stylesheets = [self.layout.served_url(path) if path.suffix == ".css" else None for path in changes]
        # Only stylesheets changed, and nothing else in the output (no page links them by a new
        # name): livereload swaps them in place, keeping the page's scroll and state.
        if all(stylesheets) and outcome.files_changed <= len(stylesheets):
            return sorted(url for url in stylesheets if url)
        return ["*"]

    def _report(self, changes: frozenset[Path], outcome: BuildOutcome) -> None:
        names = sorted(self._display(path) for path in changes)
        cause = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        if outcome.ok:
            self.log(f"Built in {outcome.seconds:.2f} s ({cause}): {outcome.files_changed} file(s) changed.")
        else:
            self.log(f"The build failed ({cause}); still serving the last good build:")
        for problem in outcome.problems + outcome.warnings:
            self.log(problem.format())

    def _display(self, path: Path) -> str:
        if path == self.layout.site:
            return "first build"
        return path.relative_to(self.layout.site).as_posix() if path.is_relative_to(self.layout.site) else str(path)


def resolve_request(root: Path, raw_path: str) -> Path | None:
    """The file or folder under `root` that a still-encoded URL path names, or None if none may be.

    Refuses ``.`` and ``..`` segments, encoded slashes and backslashes, NUL bytes and symbolic
    links leading out of `root`: decoding each segment separately means ``%2e%2e`` and ``%2f``
    can never add a step up or a new segment.
    """
    try:
        segments = [unquote(part, errors="strict") for part in raw_path.split("/") if part]
    except UnicodeDecodeError:
        return None
    if any(part in (".", "..") or any(char in part for char in "/\\\0") for part in segments):
        return None
    target = root.joinpath(*segments)
    if not target.resolve().is_relative_to(root.resolve()):
        return None
    return target


def overlay_markup(problems: Iterable[Problem]) -> str:
    """The box listing a failed build's problems, shown over the last good build."""
    items = "".join(
        f'<li style="margin:0 0 .75rem"><code style="font-weight:bold">{html.escape(problem.location)}</code> '
        f"{html.escape(problem.severity.value)}: "
        f"{html.escape(f'{problem.field_name}: ' if problem.field else '')}{html.escape(problem.message)}"
        + (f'<br><span style="font-style:italic">{html.escape(problem.hint)}</span>' if problem.hint else "")
        + "</li>"
        for problem in problems
    )
    # Inline styles, so that no theme's stylesheet is needed or can hide the box; light-dark()
    # follows the reader's colour scheme, after a light fallback for browsers without it.
    return (
        '<div id="showcase-build-problems" role="alert" aria-labelledby="showcase-build-problems-title" '
        'style="position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;'
        "margin:0;padding:1rem 1.5rem;color-scheme:light dark;"
        "background:#fff;background:light-dark(#fff,#1c1f26);color:#1a1a1a;color:light-dark(#1a1a1a,#eceff4);"
        "border-top:.4rem solid #b00020;border-top-color:light-dark(#b00020,#ff8a8a);"
        'box-shadow:0 -.25rem 1rem rgba(0,0,0,.3);font:1rem/1.5 system-ui,sans-serif;text-align:left">'
        '<h2 id="showcase-build-problems-title" style="margin:0 0 .5rem;font-size:1.25rem;'
        'color:#b00020;color:light-dark(#b00020,#ff8a8a)">'
        "The last change broke the build: this page shows the last build that worked</h2>"
        '<p style="margin:0 0 .75rem">Fix the problems below and save; the page reloads by itself.</p>'
        f'<ul style="margin:0;padding-left:1.25rem">{items}</ul></div>'
    )


NO_BUILD_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head>'
    "<body><p>{}</p></body></html>"
)
"""Shown while no build has worked yet: the first one is slow, or the site does not build."""


def with_overlay(page: bytes, problems: tuple[Problem, ...]) -> bytes:
    if not problems:
        return page
    overlay = overlay_markup(problems).encode()
    end = page.rfind(b"</body>")
    return page[:end] + overlay + page[end:] if end >= 0 else page + overlay


EVERYWHERE = ("0.0.0.0", "::", "")
"""--host values that listen on every interface: requests then come by any of the machine's addresses."""


@dataclass(frozen=True)
class AllowedHosts:
    """The names a request's ``Host`` header may give: those of the address the server listens on.

    A web page from elsewhere can make a browser send requests to a name that it points at
    127.0.0.1 (DNS rebinding); such requests carry that name, so refusing it keeps drafts private.
    An IP address is no such name: it is accepted when the server listens on every interface.
    """

    listening: str

    def allows(self, host_header: str) -> bool:
        try:
            name = urlsplit("//" + host_header).hostname  # lowercased, without port and brackets
        except ValueError:
            return False
        if name is None:
            return False
        if name in ("localhost", "127.0.0.1", "::1", self.listening.lower().strip("[]")):
            return True
        if self.listening in EVERYWHERE:
            try:
                ipaddress.ip_address(name)
            except ValueError:
                return False
            return True
        return False


def _refuse_foreign_host(handler: web.RequestHandler, hosts: AllowedHosts) -> None:
    if not hosts.allows(handler.request.host):
        raise web.HTTPError(403, reason="Unknown host")


class ReloadSocket(LiveReloadHandler):
    """livereload's WebSocket, for pages of this server only (livereload's own accepts any origin)."""

    def initialize(self, hosts: AllowedHosts) -> None:
        self.hosts = hosts

    def prepare(self) -> None:
        _refuse_foreign_host(self, self.hosts)

    def check_origin(self, origin: str) -> bool:
        return WebSocketHandler.check_origin(self, origin)  # tornado's: the Origin names this Host


class ReloadScript(LiveReloadJSHandler):
    """livereload's browser script, which pages load from this server (the pages' policy allows no inline script)."""

    def initialize(self, hosts: AllowedHosts) -> None:
        self.hosts = hosts

    def prepare(self) -> None:
        _refuse_foreign_host(self, self.hosts)


class OutputHandler(web.RequestHandler):
    """Serves the output folder, and nothing outside it, with the overlay when the build is broken.

    GET and HEAD, with byte ranges (a browser plays a video or shows a PDF by ranges)."""

    def initialize(self, preview: Preview, hosts: AllowedHosts, port: int) -> None:
        self.preview = preview
        self.hosts = hosts
        self.reload_script = f'<script src="/livereload.js?port={port}"></script>'.encode()

    def prepare(self) -> None:
        _refuse_foreign_host(self, self.hosts)

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")  # a preview page must never come from the cache

    async def head(self, path: str) -> None:
        await self.get(path)  # tornado leaves the body out of the answer to a HEAD, keeping its headers

    async def get(self, _path: str) -> None:
        await self.preview.settled()
        out = self.preview.layout.out
        if not (out / MARKER).is_file():
            state = (
                "The site does not build yet."
                if self.preview.problems
                else "The first build is still running; this page reloads when it is done."
            )
            self._send(503, "text/html; charset=utf-8", NO_BUILD_PAGE.format(state).encode())
            return
        try:
            target = resolve_request(out, self.request.path)
            if target is not None and target.is_dir():
                if not self.request.path.endswith("/"):
                    # Built from the checked path, not the raw one, which might be "//host": an open redirect.
                    self.redirect("/" + quote(target.relative_to(out).as_posix()) + "/")
                    return
                target = resolve_request(out, self.request.path + "index.html")
            if target is None:
                self._send(403, "text/plain; charset=utf-8", b"Outside the site.\n")
                return
            if target.is_file():
                self._send_file(target)
                return
        except OSError:  # a name too long for the file system, a permission: no such page here
            pass
        page = self._not_found_page(out)
        self._send(404, "text/html; charset=utf-8", page)

    def _not_found_page(self, out: Path) -> bytes:
        """The nearest 404 page, as hosts that look for one serve it: /de/missing gets /de/404.html."""
        folder = self.request.path.lstrip("/").split("/", 1)[0]
        try:
            nearest = resolve_request(out, f"/{folder}/404.html") if folder else None
            missing = nearest if nearest is not None and nearest.is_file() else out / "404.html"
            return missing.read_bytes() if missing.is_file() else b"Not found.\n"
        except OSError:
            return b"Not found.\n"

    def _send_file(self, target: Path) -> None:
        content_type = _content_type(target)
        self.set_header("Accept-Ranges", "bytes")
        requested = self.request.headers.get("Range")
        if content_type.startswith("text/html") or requested is None:
            self._send(200, content_type, target.read_bytes())
            return
        size = target.stat().st_size
        span = byte_range(requested, size)
        if span is None:  # not one byte range we understand: the whole file, as the standard says
            self._send(200, content_type, target.read_bytes())
        elif not span:
            self.set_header("Content-Range", f"bytes */{size}")
            self._send(416, "text/plain; charset=utf-8", b"")
        else:
            with target.open("rb") as file:
                file.seek(span.start)
                body = file.read(len(span))
            self.set_header("Content-Range", f"bytes {span.start}-{span.stop - 1}/{size}")
            self._send(206, content_type, body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        if content_type.startswith("text/html"):
            body = with_reload_script(with_overlay(body, self.preview.problems), self.reload_script)
        self.finish(body)


_BYTE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def byte_range(header: str, size: int) -> range | None:
    """The bytes a ``Range`` header's one range asks for: empty when it cannot be satisfied (416);
    None when the header is not a single byte range, which a server ignores (RFC 9110, 14.2)."""
    match = _BYTE_RANGE.fullmatch(header.strip())
    if match is None or match[1] == match[2] == "":
        return None
    if match[1] == "":  # the last N bytes
        return range(max(0, size - int(match[2])), size)
    first = int(match[1])
    if match[2] and int(match[2]) < first:
        return None
    return range(first, min(int(match[2]) + 1, size) if match[2] else size)


def with_reload_script(page: bytes, script: bytes) -> bytes:
    """The page with livereload's client, loaded as a file: the pages' policy runs no inline script."""
    end = page.find(b"</head>")
    return page[:end] + script + page[end:] if end >= 0 else page


def _content_type(path: Path) -> str:
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed is None:
        return "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def listen(preview: Preview, host: str, port: int) -> None:
    """Serve the preview and livereload's socket and script on host:port, from the running event loop."""
    LiveReloadHandler.watcher = Watcher()  # livereload's handlers log its (unused) state
    LiveReloadHandler.live_css = True
    hosts = AllowedHosts(host)
    web.Application(
        [
            (r"/livereload", ReloadSocket, {"hosts": hosts}),
            (r"/livereload\.js", ReloadScript, {"hosts": hosts}),
            (r"/(.*)", OutputHandler, {"preview": preview, "hosts": hosts, "port": port}),
        ]
    ).listen(port, address=host)


def serve_site(options: ServeOptions, log: Log) -> None:
    """Build, serve and keep the preview current until interrupted (Ctrl-C)."""
    site = options.site.resolve()
    if not (site / CONFIG_FILE).is_file():
        raise ServeError(
            f"no {CONFIG_FILE} in {options.site}: pass the site folder with --site, "
            f"or create a site with 'showcase init DIR'"
        )
    layout = SourceLayout(site, site / CACHE_DIR / SERVE_DIR)
    # One process: forking renderers from this multi-threaded server (watchdog, tornado) risks deadlocks.
    build_options = BuildOptions(site=site, out=layout.out, drafts=True, search=options.search, workers=1)
    try:
        asyncio.run(_serve(options, layout, build_options, log))
    except KeyboardInterrupt:
        log("Stopped.")


async def _serve(options: ServeOptions, layout: SourceLayout, build_options: BuildOptions, log: Log) -> None:
    loop = asyncio.get_running_loop()
    preview = Preview(layout, log)
    builder = Builder(build_options)  # used by the builder thread only (SQLite connections stay in their thread)
    rebuilder = Rebuilder(
        lambda: run_build(builder, log),
        on_due=lambda: loop.call_soon_threadsafe(preview.due),
        on_built=lambda *result: loop.call_soon_threadsafe(preview.built, *result),
    )
    watcher = SourceWatcher(layout, rebuilder.changed)
    try:
        listen(preview, options.host, options.port)
    except OSError as exc:
        raise ServeError(
            f"cannot listen on {options.host}:{options.port} ({exc.strerror}); stop the other "
            f"server or choose another port with --port"
        ) from exc
    host = "127.0.0.1" if options.host in ("0.0.0.0", "::", "") else options.host  # "everywhere" is no address to open
    url = f"http://{f'[{host}]' if ':' in host else host}:{options.port}/"
    try:
        watcher.start()  # before the first build, so that no save during it goes unseen
    except OSError as exc:
        raise ServeError(
            f"cannot watch the site's folders for changes ({exc}); on Linux, raise the limits "
            f"fs.inotify.max_user_watches and fs.inotify.max_user_instances with sysctl"
        ) from exc
    log(f"Serving {layout.site} with drafts at {url} (Ctrl-C stops). Building...")
    rebuilder.start()
    rebuilder.changed([layout.site])  # the first build
    if options.open_browser:
        loop.run_in_executor(None, webbrowser.open, url)
    try:
        await asyncio.Event().wait()  # until Ctrl-C cancels this task
    finally:
        watcher.stop()
        rebuilder.stop()
